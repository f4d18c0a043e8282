using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SymDiff.Generator;
using SymDiff.Generator.Pipeline;
using SymDiff.Tests.Infrastructure;
using Xunit;

namespace SymDiff.Tests.Generator;

/// <summary>
/// Every SYMDIFF diagnostic fires at the exact construct (marked <c>[|...|]</c> in the source), with its ID, as an
/// error; the generator never throws, and emits nothing for a method it cannot differentiate.
/// </summary>
public class DiagnosticsTests
{
    private const string Usings = "using System;\nusing SymDiff;\n";

    [Theory]
    [InlineData("SYMDIFF001", "public static class [|Model|] { [Differentiable] public static double F(double x) => x; }")]
    [InlineData("SYMDIFF001", "public static class [|Outer|] { public static partial class Inner { [Differentiable] public static double F(double x) => x; } }")]
    [InlineData("SYMDIFF002", "public partial class Model { [Differentiable] public double [|F|](double x) => x; }")]
    [InlineData("SYMDIFF003", "public static partial class Model { [Differentiable] public static [|float|] F(double x) => 1; }")]
    [InlineData("SYMDIFF004", "public static partial class Model { [Differentiable] public static double F(double x, [|float n|]) => x; }")]
    [InlineData("SYMDIFF004", "public static partial class Model { [Differentiable] public static double F([|ref double x|]) => x; }")]
    [InlineData("SYMDIFF005", "public static partial class Model { [Differentiable] public static double F[|<T>|](double x) => x; }")]
    [InlineData("SYMDIFF005", "public static partial class Model { [|[Differentiable] public static extern double F(double x);|] }")]
    [InlineData("SYMDIFF005", "public static partial class Model { public static double G(double x) { [Differentiable] static double [|Local|](double y) => y; return Local(x); } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(double x) { double s = 0; [|while (s < 3) s += x;|] return s; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(double x) => [|x % 2|]; }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(double x) => [|x switch { > 0 => x, _ => 0 }|]; }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(double x) => [|(int)x|] * 2.0; }")]
    [InlineData("SYMDIFF007", "public static partial class Model { static double Helper(double v) => v; [Differentiable] public static double F(double x) => [|Helper(x)|] + 1; }")]
    [InlineData("SYMDIFF007", "public static partial class Model { [Differentiable] public static double F(double x) => [|Math.Round(x, 2)|]; }")]
    [InlineData("SYMDIFF008", "public static partial class Model { [Differentiable] public static double F(double x) => x < 0 ? 0 : [|F(x - 1)|]; }")]
    [InlineData("SYMDIFF008", "public static partial class Model { [Differentiable] public static double F(double x) => [|G(x)|]; [Differentiable] public static double G(double x) => [|F(x)|]; }")]
    [InlineData("SYMDIFF011", "public static partial class Model { static double k = 2; [Differentiable] public static double F(double x) => [|k|] * x; }")]
    [InlineData("SYMDIFF012", "public static partial class Model { [Differentiable] public static double F(double x) => [|Math.Sign(x) * 2|] * x; }")]
    [InlineData("SYMDIFF013,SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(double x) => 2 * [|G(x)|]; [Differentiable] public static double G(double x) => [|x % 3|]; }")]
    public void ReportsErrorAtTheConstruct(string ids, string markedSource)
    {
        var (source, spans) = Unmark(Usings + markedSource);
        var expectedIds = ids.Split(',');
        var run = GeneratorHarness.Run(source);

        Assert.Null(run.GeneratorException);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
        var reported = run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("SYMDIFF", System.StringComparison.Ordinal)).ToList();
        Assert.All(reported, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.Equal(
            spans.Select((s, i) => (expectedIds[expectedIds.Length == 1 ? 0 : i], s)).OrderBy(p => p.s.Start),
            reported.Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(p => p.SourceSpan.Start));
        Assert.All(reported, d => Assert.False(string.IsNullOrWhiteSpace(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))));
    }

    /// <summary>Arrays and loops: each unsupported construct is reported where it is, with its ID.</summary>
    [Theory]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; int i = 0; [|while (i < x.Length) { s += x[i]; i++; }|] return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; [|do { s += x[0]; } while (s < 1);|] return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; [|foreach (var v in x) s += v;|] return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(double[] x) { double s = 0; [|foreach (var v in x) { s += v * v; }|] return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; [|for (int i = 0; i < x.Length; i += 2) s += x[i];|] return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; [|for (int i = x.Length - 1; i >= 0; i--) s += x[i];|] return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; [|for (int i = 0; x.Length > i; i++) s += x[i];|] return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; [|for (int i = 0; i < x.Length; i++) { s += x[i]; i++; }|] return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; [|for (int i = 0; i < x.Length; i++) { s += x[i]; i = 2; }|] return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { if (x[i] > 1) [|break;|] s += x[i]; } return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { if (x[i] > 1) [|continue;|] s += x[i]; } return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i]; if (s > 1) [|return s;|] } return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { for (int j = 0; j < x.Length; j++) { if (x[j] > 1) [|break;|] s += x[j]; } } return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { if (x[0] > 0) return 1; double s = 0; [|for (int i = 0; i < x.Length; i++) s += x[i];|] return s; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; int c = 0; [|for (int i = 0; i < x.Length; i++) { s += x[i]; c += 1; }|] return s * c; } }")]
    [InlineData("SYMDIFF014", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double p = 1; for (int i = 0; i < x.Length; i++) { [|for (int j = 0; j <= i; j++) p *= x[j];|] } return p; } }")]
    [InlineData("SYMDIFF015", "public static partial class Model { [Differentiable] public static double F(double[] x) { [|x[0]|] = 1; return x[0]; } }")]
    [InlineData("SYMDIFF015", "public static partial class Model { [Differentiable] public static double F(Span<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { [|x[i]|] += 1; s += x[i]; } return s; } }")]
    [InlineData("SYMDIFF015", "public static partial class Model { [Differentiable] public static void F(ReadOnlySpan<double> x, [Constant] Span<double> c, [Result] Span<double> y) { [|c[0]|] = x[0]; y[0] = x[0]; } }")]
    [InlineData("SYMDIFF015", "public static partial class Model { [Differentiable] public static void F(double[] x, [Result] Span<double> y) { for (int i = 0; i < y.Length; i++) { y[i] = x[i]; [|x[i]|] = 0; } } }")]
    [InlineData("SYMDIFF015", "public static partial class Model { [Differentiable] public static double F(Span<double> x) { G(x, [|x|]); return x[0]; } [Differentiable] public static void G(ReadOnlySpan<double> a, [Result] Span<double> y) { y[0] = a[0]; } }")]
    [InlineData("SYMDIFF016", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { Span<double> e = stackalloc double[2]; e[0] = x[0]; double a = e[1]; [|e[1]|] = a + x[1]; return e[0] + e[1]; } }")]
    [InlineData("SYMDIFF016", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { Span<double> e = stackalloc double[x.Length]; for (int i = 0; i < x.Length; i++) e[i] = x[i]; double a = e[0]; [|e[1]|] = a; return e[1]; } }")]
    [InlineData("SYMDIFF016", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { int n = x.Length; double[] e = new double[n]; double s = 0; for (int i = 0; i < n; i++) s += e[i] * x[i]; for (int i = 0; i < n; i++) [|e[i]|] = x[i]; return s + e[0]; } }")]
    [InlineData("SYMDIFF016", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { int n = x.Length; Span<double> c = stackalloc double[n]; c[0] = x[0]; for (int i = 1; i < n; i++) [|c[i]|] = c[i - 1] + x[i]; return c[n - 1]; } }")]
    [InlineData("SYMDIFF016", "public static partial class Model { [Differentiable] public static void F(ReadOnlySpan<double> x, [Result] Span<double> y) { for (int i = 1; i < y.Length; i++) [|y[i]|] = y[i - 1] * x[i]; } }")]
    [InlineData("SYMDIFF016", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { int n = x.Length; Span<double> c = stackalloc double[n]; double s = 0; [|for (int i = 0; i < n - 1; i++) { c[i] = x[i]; s += c[i + 1]; }|] return s; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { Span<double> [|e = stackalloc double[2]|]; e[0] = x[i]; s += e[0]; } return s; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { double[] [|e = new double[2]|]; e[1] = x[i]; s += e[1]; } return s; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { Span<double> e = stackalloc double[2]; if (x[0] > 0) [|e[0]|] = x[0]; return e[0] + e[1]; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static void F(ReadOnlySpan<double> x, [Result] Span<double> y) { for (int i = 0; i < y.Length; i++) { if (x[i] > 0) { [|y[i]|] = x[i]; } } } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; if (x.Length > 2) { [|for (int i = 0; i < x.Length; i++) s += x[i];|] } return s; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { if (x[0] > 0) { Span<double> [|e = stackalloc double[2]|]; } return x[0]; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { Span<double> [|e = stackalloc double[] { 1, 2 }|]; return e[0] * x[0]; } }")]
    [InlineData("SYMDIFF004", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x, [|float c|]) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * c; return s; } }")]
    [InlineData("SYMDIFF004", "public static partial class Model { [Differentiable] public static double F([|ReadOnlySpan<float> x|]) => x[0]; }")]
    [InlineData("SYMDIFF004", "public static partial class Model { [Differentiable] public static double F([|float[] x|]) => x[0]; }")]
    [InlineData("SYMDIFF004", "public static partial class Model { [Differentiable] public static double F([|double[,] x|]) => x[0, 0]; }")]
    [InlineData("SYMDIFF004", "public static partial class Model { [Differentiable] public static double F([|long n|], ReadOnlySpan<double> x) => x[0]; }")]
    [InlineData("SYMDIFF004", "public static partial class Model { [Differentiable] public static double F([|params double[] x|]) => x[0]; }")]
    [InlineData("SYMDIFF004", "public static partial class Model { [Differentiable] public static double F([|in ReadOnlySpan<double> x|]) => x[0]; }")]
    [InlineData("SYMDIFF005", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x, [|[Result] Span<double> y|]) { y[0] = x[0]; return x[0]; } }")]
    [InlineData("SYMDIFF003,SYMDIFF005,SYMDIFF005", "public static partial class Model { [Differentiable] public static [|void|] F(ReadOnlySpan<double> x, [|[Result] Span<double> y|], [|[Result] Span<double> z|]) { y[0] = x[0]; z[0] = x[0]; } }")]
    [InlineData("SYMDIFF005", "public static partial class Model { [Differentiable] public static void F(ReadOnlySpan<double> x, [|[Result] ReadOnlySpan<double> y|]) { } }")]
    [InlineData("SYMDIFF005", "public static partial class Model { [Differentiable] public static void F(double x, [|[Result] double y|]) { } }")]
    [InlineData("SYMDIFF003", "public static partial class Model { [Differentiable] public static [|void|] F(ReadOnlySpan<double> x) { } }")]
    [InlineData("SYMDIFF003", "public static partial class Model { [Differentiable] public static [|void|] F(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = x[i]; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[[|i > 0 ? i - 1 : 0|]]; return s; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { Func<double, double> [|f = v => v|]; s += f(x[i]); } return s; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double Inner(ReadOnlySpan<double> x) { Span<double> e = stackalloc double[x.Length]; for (int i = 0; i < x.Length; i++) e[i] = x[i] * x[i]; double s = 0; for (int i = 0; i < x.Length; i++) s += e[i]; return s; } [Differentiable] public static double F(ReadOnlySpan<double> x, int rows, int n) { double s = 0; for (int r = 0; r < rows; r++) s += [|Inner(x.Slice(r * n, n))|]; return s; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static void Sq(ReadOnlySpan<double> x, [Result] Span<double> y) { for (int i = 0; i < y.Length; i++) y[i] = x[i] * x[i]; } [Differentiable] public static double F(ReadOnlySpan<double> x) { Span<double> y = stackalloc double[x.Length]; if (x.Length > 1) { [|Sq(x, y)|]; } return y[0]; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { int k = [|x[0] > 0 ? 1 : 2|]; return x[k]; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x, int n) { double s = 0; for (int i = 0; i < [|(n > 2 ? 2 : n)|]; i++) s += x[i]; return s; } }")]
    [InlineData("SYMDIFF015", "public static partial class Model { [Differentiable] public static double F(Span<double> x) { var v = x.Slice(1, 2); [|v[0]|] = 1; return x[0]; } }")]
    [InlineData("SYMDIFF006", "public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { var v = x.Slice(0, 2); [|v = x.Slice(1, 2)|]; return v[0]; } }")]
    [InlineData("SYMDIFF017", "public static partial class Model { [Differentiable] public static double F(double x) => x * x; public static double [|FGradient|](double x, Span<double> g) => 0; }")]
    [InlineData("SYMDIFF017", "public static partial class Model { [Differentiable] public static double F(double x) => x * x; public static int [|FFunction|]; }")]
    [InlineData("SYMDIFF017", "public static partial class Model { [Differentiable] public static void F(ReadOnlySpan<double> x, [Result] Span<double> y) { y[0] = x[0]; } static void [|FBackward|]() { } }")]
    public void ReportsArrayAndLoopErrorsAtTheConstruct(string ids, string markedSource) => ReportsErrorAtTheConstruct(ids, markedSource);

    [Theory]
    [InlineData("public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x, bool square, [Constant] double c, int n) { double s = 0; for (int i = 0; i < n; i++) s += square ? x[i] * x[i] : x[i]; return s * c; } }")]
    [InlineData("public static partial class Model { [Differentiable] public static void F(double[] x, [Result] double[] y) { for (int i = 0; i < y.Length; i++) y[i] = x[i]; } }")]
    [InlineData("public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x) { Span<double> e = stackalloc double[x.Length]; double s = 0; for (int i = 0; i < x.Length; i++) { e[i] = x[i] * x[i]; e[i] += 1; s += e[i]; } for (int i = 0; i < x.Length; i++) s += e[i]; return s; } }")]
    [InlineData("public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> y) { Span<double> e = stackalloc double[x.Length]; double s = 0; for (int i = 0; i < x.Length; i++) { e[i] = x[i] * x[i]; for (int j = 0; j < y.Length; j++) s += e[i] * y[j]; } return s; } }")]
    [InlineData("public static partial class Model { [Differentiable] public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> y) { Span<double> e = stackalloc double[x.Length]; double s = 0, r = 0; for (int i = 0; i < x.Length; i++) { e[i] = x[i] * x[i]; for (int j = 0; j < y.Length; j++) s += y[j]; r += e[i] * s; } return r; } }")]
    [InlineData("public static partial class Model { [Differentiable] public static double G(double x, bool square) => square ? x * x : x; [Differentiable] public static double F(double x) => G(x, true) + G(x, false); }")]
    [InlineData("public static partial class Model { [Differentiable] public static double G(double x, bool square) => square ? x * x : x; [Differentiable] public static double F(ReadOnlySpan<double> x, bool square) { double s = 0; for (int i = 0; i < x.Length; i++) s += G(x[i], square); return s; } }")]
    public void AcceptsSupportedArrayMethods(string source)
    {
        var run = GeneratorHarness.Run(Usings + source);
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        run.AssertSuccess();
    }

    [Fact]
    public void MessagesSayWhatToDo()
    {
        var run = GeneratorHarness.Run(Usings + "public static class Model { [Differentiable] public static double F(double x) => x; }");
        var message = Assert.Single(run.GeneratorDiagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("'Model' must be partial so that SymDiff can add FGradient and FHessian to it: add the 'partial' modifier to 'Model'", message);
    }

    [Fact]
    public void NothingIsGeneratedForAMethodWithErrors()
    {
        var run = GeneratorHarness.Run(Usings + "public static partial class Model { [Differentiable] public static double F(double x) => x % 2; [Differentiable] public static double G(double x) => x * x; }");
        Assert.Equal(new[] { "Model.G.g.cs" }, run.GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void InvalidUserCodeAddsNoDiagnosticOfItsOwn()
    {
        // The compiler reports the unknown name; SymDiff must neither crash nor pile on a second error.
        var run = GeneratorHarness.Run(Usings + "public static partial class Model { [Differentiable] public static double F(double x) => x * Unknown(x); }");
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void ExpressionSwellEndsInADiagnostic()
    {
        // Thirty nested sines make a Hessian of a few thousand nodes; a limit of 300 turns that into SYMDIFF009.
        var body = string.Join(" ", Enumerable.Range(0, 30).Select(_ => "x = Math.Sin(x * x + y);"));
        var source = Usings + "public static partial class Model { [Differentiable] public static double [|F|](double x, double y) { " + body + " return x; } }";
        var (text, spans) = Unmark(source);
        var run = GeneratorHarness.Run(
            new Dictionary<string, string> { [DifferentiableGenerator.MaxNodesProperty] = "300" }, text);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SYMDIFF009", diagnostic.Id);
        Assert.Equal(spans.Single(), diagnostic.Location.SourceSpan);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void AnUnexpectedFailureIsReportedNotThrown()
    {
        var model = new MethodModel("M.F.g.cs", "FFunction", null, EquatableArray<ContainingType>.Empty, "public", "F",
            new[] { "x" }.ToEquatableArray(), "this is not a serialized program", false, null, EquatableArray<DiagnosticInfo>.Empty, EquatableArray<LocationInfo>.Empty);

        var result = DifferentiableGenerator.Generate(model, 1000, default);

        Assert.Null(result.Source);
        Assert.Equal("SYMDIFF010", Assert.Single(result.Diagnostics).Descriptor.Id);
    }

    /// <summary>Removes the <c>[|</c> <c>|]</c> markers and returns the spans they enclosed.</summary>
    private static (string Source, List<TextSpan> Spans) Unmark(string marked)
    {
        var spans = new List<TextSpan>();
        var text = new System.Text.StringBuilder();
        int start = -1;
        for (int i = 0; i < marked.Length; i++)
        {
            if (i + 1 < marked.Length && marked[i] == '[' && marked[i + 1] == '|')
            {
                start = text.Length;
                i++;
            }
            else if (i + 1 < marked.Length && marked[i] == '|' && marked[i + 1] == ']')
            {
                spans.Add(TextSpan.FromBounds(start, text.Length));
                i++;
            }
            else
            {
                text.Append(marked[i]);
            }
        }

        return (text.ToString(), spans);
    }
}
