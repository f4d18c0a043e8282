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
            new[] { "x" }.ToEquatableArray(), "this is not a serialized program", false, null, EquatableArray<DiagnosticInfo>.Empty);

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
