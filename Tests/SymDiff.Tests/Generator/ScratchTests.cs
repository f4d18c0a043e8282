using Xunit;
using Xunit.Abstractions;
using SymDiff.Tests.Infrastructure;

namespace SymDiff.Tests.Generator;

public class ScratchTests
{
    private readonly ITestOutputHelper _out;
    public ScratchTests(ITestOutputHelper o) => _out = o;

    [Fact]
    public void Show()
    {
        var run = GeneratorHarness.Run(@"
using System;
using SymDiff;
namespace Demo;
public static partial class Model
{
    [Differentiable]
    public static double F(double x, double y) => (x * x + Sigmoid(y)) / (3 * x + y - Sigmoid(x));

    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [Differentiable]
    public static double Newton(double x, double y) => 2 * x * x + 2 * y * y - x * y - 17 * y * Math.Cos(0.2 * Math.PI * x);

    [Differentiable]
    public static double Block(double x, double y)
    {
        var s = SymMath.Sigmoid(x);
        double d = 3 * x + y - s;
        if (x < 0) return -x * d;
        d *= d;
        return x > 1 ? Math.Sqrt(x) * d : Math.Max(x, y) / d;
    }
}");
        foreach (var (h, t) in run.GeneratedSources) { _out.WriteLine("==== " + h); _out.WriteLine(t); }
        _out.WriteLine(GeneratorHarness.Format(run.GeneratorDiagnostics));
        _out.WriteLine(GeneratorHarness.Format(run.CompilationErrors));
    }
}
