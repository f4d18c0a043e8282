using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SymDiff.Analyzers.Tests;

/// <summary>
/// Each fragile pattern is reported as a warning at exactly the marked (<c>[|...|]</c>) expression, in any spelling
/// of the 1, operand order and parentheses, anywhere in user code; near misses are not reported.
/// </summary>
public class AnalyzerTests
{
    private const string Header = "using System;\nusing System.Linq;\nusing SymDiff;\n";

    [Theory]
    // SYMDIFF101: log(1 + exp(x))
    [InlineData("SYMDIFF101", "static double F(double x) => [|Math.Log(1 + Math.Exp(x))|];")]
    [InlineData("SYMDIFF101", "static double F(double x) => [|Math.Log(Math.Exp(x) + 1)|];")]
    [InlineData("SYMDIFF101", "static double F(double x) => [|Math.Log(1.0 + Math.Exp(x))|];")]
    [InlineData("SYMDIFF101", "static double F(double x) => [|Math.Log(((1) + (Math.Exp(x))))|];")]
    [InlineData("SYMDIFF101", "static double F(double x) => 2 * [|Math.Log(1 + Math.Exp(2 * x - 3))|] + x;")]
    [InlineData("SYMDIFF101", "const double One = 1; static double F(double x) => [|Math.Log(One + Math.Exp(x))|];")]
    [InlineData("SYMDIFF101", "static double F(int n) => [|Math.Log(1 + Math.Exp(n))|];")]
    [InlineData("SYMDIFF101", "static double F(double x) => [|Math.Log(1 + double.Exp(x))|];")]
    [InlineData("SYMDIFF101", "static double F(double x) => [|double.LogP1(Math.Exp(x))|];")]
    [InlineData("SYMDIFF101", "static double F(double x) { var y = x * x; return [|Math.Log(1 + Math.Exp(y))|]; }")]
    [InlineData("SYMDIFF101", "static readonly Func<double, double> G = x => [|Math.Log(1 + Math.Exp(x))|];")]
    [InlineData("SYMDIFF101", "static double P { get; } = [|Math.Log(1 + Math.Exp(3.0))|];")]
    [InlineData("SYMDIFF101", "[Differentiable] public static double F(double x) => [|Math.Log(1 + Math.Exp(x))|];")]
    [InlineData("SYMDIFF101", "static double F(double x) => [|Math.Log(1 + Math.Exp([|Math.Log(1 + Math.Exp(x))|]))|];")]
    // SYMDIFF102: 1 / (1 + exp(-x)) and exp(x) / (1 + exp(x))
    [InlineData("SYMDIFF102", "static double F(double x) => [|1 / (1 + Math.Exp(-x))|];")]
    [InlineData("SYMDIFF102", "static double F(double x) => [|1.0 / (1.0 + Math.Exp(-x))|];")]
    [InlineData("SYMDIFF102", "static double F(double x) => [|1 / (Math.Exp(-x) + 1)|];")]
    [InlineData("SYMDIFF102", "static double F(double x) => [|1 / (1 + Math.Exp(x))|];")]
    [InlineData("SYMDIFF102", "static double F(double a, double b) => 2 * ([|1 / (1 + Math.Exp(-(a + b)))|]) - 1;")]
    [InlineData("SYMDIFF102", "static double F(double x) => [|Math.Exp(x) / (1 + Math.Exp(x))|];")]
    [InlineData("SYMDIFF102", "static double F(double x) => [|Math.Exp(x) / (Math.Exp(x) + 1)|];")]
    [InlineData("SYMDIFF102", "static double F(double x) => [|Math.Exp(-x) / (1 + Math.Exp(-x))|];")]
    [InlineData("SYMDIFF102", "static double F(double x) { double p = [|1 / (1 + Math.Exp(-x))|]; return p * (1 - p); }")]
    // SYMDIFF103: log of a sum of exps
    [InlineData("SYMDIFF103", "static double F(double[] z) { double s = 0; for (int i = 0; i < z.Length; i++) s += Math.Exp(z[i]); return [|Math.Log(s)|]; }")]
    [InlineData("SYMDIFF103", "static double F(double[] z) { double s = 0; foreach (var v in z) { s = s + Math.Exp(v); } return [|Math.Log(s)|] - z[0]; }")]
    [InlineData("SYMDIFF103", "static double F(double[] z) { double s = 0; int i = 0; while (i < z.Length) { s += Math.Exp(2 * z[i]); i++; } return [|Math.Log(s)|]; }")]
    [InlineData("SYMDIFF103", "static double F(double a, double b) => [|Math.Log(Math.Exp(a) + Math.Exp(b))|];")]
    [InlineData("SYMDIFF103", "static double F(double a, double b, double c) => [|Math.Log(Math.Exp(a) + (Math.Exp(b) + Math.Exp(c)))|];")]
    [InlineData("SYMDIFF101,SYMDIFF102", "static double F(double x) => [|Math.Log(1 + Math.Exp(x))|] * ([|1 / (1 + Math.Exp(-x))|]);")]
    public void ReportsAtTheExpression(string ids, string member)
    {
        var (source, spans) = AnalyzerHarness.Unmark(Header + "public static partial class Model { " + member + " }");
        string[] expectedIds = ids.Split(',');

        var diagnostics = AnalyzerHarness.Analyze(source);

        Assert.Equal(
            spans.Select((span, i) => (expectedIds[expectedIds.Length == 1 ? 0 : i], span)),
            diagnostics.Select(d => (d.Id, d.Location.SourceSpan)));
        Assert.All(diagnostics, d =>
        {
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("709", d.GetMessage(CultureInfo.InvariantCulture));
        });
    }

    [Theory]
    [InlineData("static double F(double x) => Math.Log(2 + Math.Exp(x));")]
    [InlineData("static double F(double x) => Math.Log(1 + Math.Exp(x) * 2);")]
    [InlineData("static double F(double x) => Math.Log(1 + 2 * Math.Exp(x));")]
    [InlineData("static double F(double x) => Math.Log(1 - Math.Exp(x));")]
    [InlineData("static double F(double x) => Math.Log(1 + x) + Math.Log(Math.Exp(x)) + Math.Exp(Math.Log(1 + x));")]
    [InlineData("static double F(double x) => Math.Log(1 + Math.Exp(x), 2);")]
    [InlineData("static double F(double x) => SymMath.Softplus(x) + SymMath.Sigmoid(x);")]
    [InlineData("static double F(double x) => 2 / (1 + Math.Exp(-x)) + 1 / (2 + Math.Exp(-x)) + 1 / (1 + Math.Exp(-x) * x);")]
    [InlineData("static double F(double x, double y) => Math.Exp(x) / (1 + Math.Exp(y)) + Math.Exp(x) / (2 + Math.Exp(x));")]
    [InlineData("static double F(double x) => 1 / (1 + Math.Exp(x) + x);")]
    // left-associative: 2 * 1 / (1 + e) is (2 * 1) / (1 + e), twice the sigmoid
    [InlineData("static double F(double x) => 2 * 1 / (1 + Math.Exp(-x));")]
    [InlineData("static float F(float x) => 1 / (1 + MathF.Exp(-x)) + MathF.Log(1 + MathF.Exp(x));")]
    [InlineData("static double F(double x) => MyMath.Log(1 + MyMath.Exp(x)) + 1 / (1 + MyMath.Exp(-x)) + MyMath.Exp(x) / (1 + MyMath.Exp(x));")]
    [InlineData("static double F(double x) => Math.Log(1 + Exp(x)); static double Exp(double v) => v;")]
    [InlineData("static double F(double a, double b, double m) => m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));")]
    [InlineData("static double F(double a) => Math.Log(Math.Exp(a) + a);")]
    // the README's stable softmax cross-entropy: the maximum is subtracted
    [InlineData("static double F(ReadOnlySpan<double> z, int label) { double m = z[0]; for (int i = 1; i < z.Length; i++) m = Math.Max(m, z[i]); double s = 0; for (int i = 0; i < z.Length; i++) s += Math.Exp(z[i] - m); return m + Math.Log(s) - z[label]; }")]
    [InlineData("static double F(double[] z) { double s = 0; for (int i = 0; i < z.Length; i++) s += z[i] * z[i]; return Math.Log(s); }")]
    [InlineData("static double F(double a, double b) { double s = Math.Exp(a); s += Math.Exp(b); return s; }")]
    [InlineData("static double F(double[] z) { double s = 0, t = 0; for (int i = 0; i < z.Length; i++) { s += Math.Exp(z[i]); t += Math.Log(s); } return t; }")]
    [InlineData("static double F(double[] z) { double s = 0, t = 1; for (int i = 0; i < z.Length; i++) s += Math.Exp(z[i]); return Math.Log(t) + s; }")]
    public void DoesNotReportNearMisses(string member)
    {
        string source = Header + "public static class Model { " + member + " }\n"
            + "public static class MyMath { public static double Exp(double x) => x; public static double Log(double x) => x; }";

        Assert.Empty(AnalyzerHarness.Analyze(source));
    }

    [Fact]
    public void IgnoresGeneratedCode()
    {
        Assert.Empty(AnalyzerHarness.Analyze(
            "// <auto-generated/>\nusing System;\npublic static class Model { static double F(double x) => Math.Log(1 + Math.Exp(x)) + 1 / (1 + Math.Exp(-x)); }"));
    }

    [Fact]
    public void MessagesNameTheExpressionAndTheStableCall()
    {
        var diagnostics = AnalyzerHarness.Analyze(Header + """
            public static class Model
            {
                static double A(double t) => Math.Log(1 + Math.Exp(t));
                static double B(double t) => 1 / (1 + Math.Exp(-t));
                static double C(double t) => 1 / (1 + Math.Exp(t + 1));
                static double D(double t) => Math.Exp(t) / (1 + Math.Exp(t));
                static double E(double[] z) { double s = 0; for (int i = 0; i < z.Length; i++) s += Math.Exp(z[i]); return Math.Log(s); }
            }
            """);

        string[] messages = diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(5, messages.Length);
        Assert.Equal(
            "'Math.Log(1 + Math.Exp(t))' overflows: exp(t) is infinity for t > ~709, so this is infinity where log(1 + exp(x)) is about x, "
            + "and its derivative exp(x)/(1 + exp(x)) is infinity/infinity = NaN there (for t < ~-37 it also rounds to 0); "
            + "use SymMath.Softplus(t), which is exact for every finite argument",
            messages[0]);
        Assert.Equal(
            "'1 / (1 + Math.Exp(-t))' has a NaN derivative for t < ~-709: exp(-t) overflows to infinity there and the derivative "
            + "exp(-x)/(1 + exp(-x))^2 is infinity/infinity; use SymMath.Sigmoid(t), which never overflows",
            messages[1]);
        Assert.EndsWith("use SymMath.Sigmoid(-(t + 1)), which never overflows", messages[2]);
        Assert.Equal(
            "'Math.Exp(t) / (1 + Math.Exp(t))' is NaN for t > ~709: exp(t) overflows to infinity there and infinity/infinity is NaN "
            + "(and so is its derivative); use SymMath.Sigmoid(t), which never overflows",
            messages[3]);
        Assert.StartsWith("'Math.Log(s)' is the log of a sum of exponentials ('s += Math.Exp(z[i])'): ", messages[4]);
        Assert.Equal("s += Math.Exp(z[i])", diagnostics[4].AdditionalLocations[0].SourceTree!.GetText().ToString(diagnostics[4].AdditionalLocations[0].SourceSpan));
    }
}
