using Xunit;
using Xunit.Abstractions;
using static SymDiff.Tests.Engine.EngineTestKit;

namespace SymDiff.Tests.Engine;

public class SmokeTests
{
    private readonly ITestOutputHelper _out;
    public SmokeTests(ITestOutputHelper o) => _out = o;

    [Fact]
    public void Print()
    {
        foreach (var (e, v) in new[] { ("x*sin(x)", "x"), ("(x^2 + sigmoid(y)) / (3*x + y - sigmoid(x))", "x"), ("(x^2 + sigmoid(y)) / (3*x + y - sigmoid(x))", "y"),
            ("x > 0 ? sqrt(x) : 0", "x"), ("abs(x)", "x"), ("max(x, 2*x)", "x"), ("x - x", "x"), ("log(x) - log(x)", "x"), ("pow(x, y)", "x"), ("pow(x, y)", "y"), ("exp(2*x)", "x"), ("1/x", "x"), ("tan(x)", "x") })
        {
            _out.WriteLine($"{e}  =>  {S(e, "x", "y")}   d/d{v}: {D(e, v)}   fwd: {ForwardD(e, v)}");
        }
    }
}
