using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace SymDiff.Analyzers.Tests;

/// <summary>
/// The code fix rewrites SYMDIFF101 to SymMath.Softplus and SYMDIFF102 to SymMath.Sigmoid: whole documents are compared
/// exactly, the using is added once when missing, Fix All rewrites every occurrence, and the result compiles against
/// the runtime with nothing left to report.
/// </summary>
public class CodeFixTests
{
    [Theory]
    [InlineData("Math.Log(1 + Math.Exp(x))", "SymMath.Softplus(x)")]
    [InlineData("Math.Log(Math.Exp(x) + 1.0)", "SymMath.Softplus(x)")]
    [InlineData("Math.Log(1 + Math.Exp(2 * x - 3))", "SymMath.Softplus(2 * x - 3)")]
    [InlineData("double.LogP1(Math.Exp(x))", "SymMath.Softplus(x)")]
    [InlineData("1 / (1 + Math.Exp(-x))", "SymMath.Sigmoid(x)")]
    [InlineData("1.0 / (Math.Exp(-x) + 1)", "SymMath.Sigmoid(x)")]
    [InlineData("1 / (1 + Math.Exp(-(x + y)))", "SymMath.Sigmoid(x + y)")]
    [InlineData("1 / (1 + Math.Exp(x))", "SymMath.Sigmoid(-x)")]
    [InlineData("1 / (1 + Math.Exp(x * y))", "SymMath.Sigmoid(-(x * y))")]
    [InlineData("1 / (1 + Math.Exp(-x * y))", "SymMath.Sigmoid(-(-x * y))")]
    [InlineData("Math.Exp(x) / (1 + Math.Exp(x))", "SymMath.Sigmoid(x)")]
    [InlineData("Math.Exp(x - y) / (Math.Exp(x - y) + 1)", "SymMath.Sigmoid(x - y)")]
    public async Task RewritesToTheStableFunctionAndAddsTheUsing(string fragile, string stable)
    {
        const string Before = """
            using System;

            namespace Demo;

            public static class Model
            {
                public static double F(double x, double y) => 2 * (EXPR) + y; // keep this comment
            }
            """;
        const string After = """
            using System;
            using SymDiff;

            namespace Demo;

            public static class Model
            {
                public static double F(double x, double y) => 2 * (EXPR) + y; // keep this comment
            }
            """;

        string fixedSource = await AnalyzerHarness.ApplySingleFixAsync(Before.Replace("EXPR", fragile));

        Assert.Equal(After.Replace("EXPR", stable), fixedSource);
        AssertCompilesCleanly(fixedSource);
    }

    [Fact]
    public async Task KeepsAnExistingUsingAndTheStatementsTrivia()
    {
        const string Before = """
            using System;
            using SymDiff;

            public static class Model
            {
                public static double F(double z)
                {
                    double p = /* logistic */ 1 / (1 + Math.Exp(-z)) /* done */;
                    return p;
                }
            }
            """;
        const string After = """
            using System;
            using SymDiff;

            public static class Model
            {
                public static double F(double z)
                {
                    double p = /* logistic */ SymMath.Sigmoid(z) /* done */;
                    return p;
                }
            }
            """;

        Assert.Equal(After, await AnalyzerHarness.ApplySingleFixAsync(Before));
    }

    [Fact]
    public async Task AddsNoUsingInsideTheSymDiffNamespace()
    {
        const string Before = """
            using System;

            namespace SymDiff.Models
            {
                public static class Model
                {
                    public static double F(double x) => Math.Log(1 + Math.Exp(x));
                }
            }
            """;
        const string After = """
            using System;

            namespace SymDiff.Models
            {
                public static class Model
                {
                    public static double F(double x) => SymMath.Softplus(x);
                }
            }
            """;

        string fixedSource = await AnalyzerHarness.ApplySingleFixAsync(Before);

        Assert.Equal(After, fixedSource);
        AssertCompilesCleanly(fixedSource);
    }

    [Fact]
    public async Task QualifiesTheNameWhenAnotherSymMathIsInScope()
    {
        const string Before = """
            using System;

            namespace Demo
            {
                public static class SymMath { }

                public static class Model
                {
                    public static double F(double x) => Math.Log(1 + Math.Exp(x));
                }
            }
            """;

        const string After = """
            using System;

            namespace Demo
            {
                public static class SymMath { }

                public static class Model
                {
                    public static double F(double x) => SymDiff.SymMath.Softplus(x);
                }
            }
            """;

        string fixedSource = await AnalyzerHarness.ApplySingleFixAsync(Before);

        Assert.Equal(After, fixedSource);
        AssertCompilesCleanly(fixedSource);
    }

    [Fact]
    public async Task FixAllRewritesEveryOccurrenceAndAddsOneUsing()
    {
        const string Before = """
            using System;

            public static class Model
            {
                public static double A(double x) => Math.Log(1 + Math.Exp(x));
                public static double B(double x) => Math.Log(Math.Exp(x) + 1) - Math.Log(1 + Math.Exp(-x));
                public static double C(double x) => 1 / (1 + Math.Exp(-x));
            }
            """;
        const string After = """
            using System;
            using SymDiff;

            public static class Model
            {
                public static double A(double x) => SymMath.Softplus(x);
                public static double B(double x) => SymMath.Softplus(x) - SymMath.Softplus(-x);
                public static double C(double x) => 1 / (1 + Math.Exp(-x));
            }
            """;

        string fixedSource = await AnalyzerHarness.ApplyFixAllAsync(Before, "SymDiff.UseSoftplus");

        Assert.Equal(After, fixedSource);
        Assert.Equal("SYMDIFF102", Assert.Single(AnalyzerHarness.Analyze(fixedSource)).Id);
    }

    [Fact]
    public async Task FixAllForSigmoid()
    {
        const string Before = """
            using System;

            public static class Model
            {
                public static double A(double x) => 1 / (1 + Math.Exp(-x));
                public static double B(double x, double y) => Math.Exp(y) / (1 + Math.Exp(y)) * (1 / (Math.Exp(x + y) + 1));
            }
            """;
        const string After = """
            using System;
            using SymDiff;

            public static class Model
            {
                public static double A(double x) => SymMath.Sigmoid(x);
                public static double B(double x, double y) => SymMath.Sigmoid(y) * (SymMath.Sigmoid(-(x + y)));
            }
            """;

        string fixedSource = await AnalyzerHarness.ApplyFixAllAsync(Before, "SymDiff.UseSigmoid");

        Assert.Equal(After, fixedSource);
        AssertCompilesCleanly(fixedSource);
    }

    [Fact]
    public async Task FixAllComposesNestedFixes()
    {
        const string Before = """
            using System;

            public static class Model
            {
                public static double A(double x) => Math.Log(1 + Math.Exp(Math.Log(1 + Math.Exp(x)))) + 1 / (1 + Math.Exp(-Math.Log(1 + Math.Exp(x))));
            }
            """;
        const string After = """
            using System;
            using SymDiff;

            public static class Model
            {
                public static double A(double x) => SymMath.Softplus(SymMath.Softplus(x)) + 1 / (1 + Math.Exp(-SymMath.Softplus(x)));
            }
            """;

        string fixedSource = await AnalyzerHarness.ApplyFixAllAsync(Before, "SymDiff.UseSoftplus");

        Assert.Equal(After, fixedSource);
        Assert.Equal("SymMath.Sigmoid(SymMath.Softplus(x))", Assert.Single(AnalyzerHarness.Analyze(fixedSource)).GetMessage().Split("use ")[1].Split(',')[0]);
    }

    [Fact]
    public async Task OffersNoFixForTheLogSumExpWarning()
    {
        var provider = new SymDiff.CodeFixes.StableFunctionCodeFixProvider();
        Assert.DoesNotContain(StabilityDiagnostics.LogSumExpId, provider.FixableDiagnosticIds);
        await Task.CompletedTask;
    }

    private static void AssertCompilesCleanly(string source)
    {
        var compilation = AnalyzerHarness.Compile(source);
        AnalyzerHarness.AssertNoErrors(compilation);
        Assert.Empty(AnalyzerHarness.Analyze(compilation).Where(d => d.Id is StabilityDiagnostics.SoftplusId or StabilityDiagnostics.SigmoidId));
    }
}
