using System;
using System.Linq;
using SymDiff.Tests.Infrastructure;
using Xunit;

namespace SymDiff.Tests.Generator;

/// <summary>The generated members compile and keep their shape in the corners of the language.</summary>
public class GeneratedShapeTests
{
    [Fact]
    public void OverloadsGetDistinctFilesAndFunctionObjects()
    {
        var run = GeneratorHarness.Run("""
            using SymDiff;
            public static partial class M
            {
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static double F(double x, double y) => x * y;
            }
            """);

        run.AssertSuccess();
        Assert.Equal(new[] { "M.F.1.g.cs", "M.F.2.g.cs" }, run.GeneratedSources.Select(s => s.HintName));
        var assembly = GeneratorHarness.LoadAssembly(run.OutputCompilation);
        var type = assembly.GetType("M")!;
        var one = (IDifferentiableFunction)type.GetProperty("FFunction1")!.GetValue(null)!;
        var two = (IDifferentiableFunction)type.GetProperty("FFunction2")!.GetValue(null)!;
        Assert.Equal((1, 2), (one.Dimension, two.Dimension));
        Assert.Equal(new[] { "x", "y" }, two.ParameterNames);
    }

    [Fact]
    public void MethodsNamedLikeTheInterfaceMembersStillCompile()
    {
        var run = GeneratorHarness.Run("""
            using SymDiff;
            namespace N;
            public static partial class M
            {
                [Differentiable] public static double Value(double x) => x * x;
                [Differentiable] public static double Gradient(double x) => 3 * x;
                [Differentiable] public static double CheckDimension(double x) => x;
            }
            """);

        run.AssertSuccess();
        var function = (IDifferentiableFunction)GeneratorHarness.LoadAssembly(run.OutputCompilation)
            .GetType("N.M")!.GetProperty("ValueFunction")!.GetValue(null)!;
        Span<double> g = stackalloc double[1];
        Assert.Equal(9.0, function.Gradient(new[] { 3.0 }, g));
        Assert.Equal(6.0, g[0]);
    }

    [Fact]
    public void TheFunctionObjectChecksTheDimensionAndForwardsToTheGeneratedMethods()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            internal partial struct S
            {
                [Differentiable] internal static double F(double a, double b) => Math.Exp(a) * b;
            }
            """);

        run.AssertSuccess();
        var type = GeneratorHarness.LoadAssembly(run.OutputCompilation).GetType("S")!;
        var property = type.GetProperty("FFunction", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!;
        Assert.True(property.GetMethod!.IsAssembly); // F's accessibility
        var f = (IDifferentiableFunction)property.GetValue(null)!;

        var x = new[] { 0.5, 2.0 };
        var gradient = new double[2];
        var hessian = new double[4];
        Assert.Equal(Math.Exp(0.5) * 2, f.Value(x));
        Assert.Equal(Math.Exp(0.5) * 2, f.Hessian(x, gradient, hessian));
        Assert.Equal(new[] { Math.Exp(0.5) * 2, Math.Exp(0.5) }, gradient);
        Assert.Equal(new[] { Math.Exp(0.5) * 2, Math.Exp(0.5), Math.Exp(0.5), 0 }, hessian);
        var product = new double[2];
        Assert.Equal(Math.Exp(0.5) * 2, f.HessianVectorProduct(x, new[] { 1.0, -1.0 }, product));
        Assert.Equal(new[] { Math.Exp(0.5) * 2 - Math.Exp(0.5), Math.Exp(0.5) }, product);
        var wrong = Assert.Throws<ArgumentException>(() => f.Value(new[] { 1.0 }));
        Assert.Equal("x", wrong.ParamName);
        Assert.Contains("(a, b)", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongSumIsLoweredWithoutDeepNesting()
    {
        // 2,000 terms: a left-deep chain of + that the lowering walks iteratively into one n-ary sum.
        var body = string.Join(" + ", Enumerable.Range(1, 2000).Select(i => $"{i} * x * x"));
        var run = GeneratorHarness.Run($"using SymDiff; public static partial class M {{ [Differentiable] public static double F(double x) => {body}; }}");

        run.AssertSuccess();
        var gradient = GeneratorHarness.GetStaticDelegate<Gradient1>(GeneratorHarness.LoadAssembly(run.OutputCompilation), "M", "FGradient");
        var g = new double[1];
        double sumOfCoefficients = 2000.0 * 2001 / 2;
        Assert.Equal(sumOfCoefficients * 9, gradient(3, g), 1e-9 * sumOfCoefficients * 9);
        Assert.Equal(sumOfCoefficients * 6, g[0], 1e-9 * sumOfCoefficients * 6);
    }

    [Fact]
    public void TooDeepANestingIsOneDiagnostic()
    {
        var body = string.Concat(Enumerable.Repeat("System.Math.Sin(", 1000)) + "x" + new string(')', 1000);
        var run = GeneratorHarness.Run($"using SymDiff; public static partial class M {{ [Differentiable] public static double F(double x) => {body}; }}");

        Assert.Null(run.GeneratorException);
        Assert.Equal("SYMDIFF006", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void ParametersNamedLikeTheOutputSpansRenameTheSpans()
    {
        var run = GeneratorHarness.Run("""
            using SymDiff;
            public static partial class M
            {
                [Differentiable] public static double F(double gradient, double vector) => gradient * vector;
            }
            """);

        run.AssertSuccess();
        var text = run.Source("M.F.g.cs");
        Assert.Contains("FGradient(double gradient, double vector, global::System.Span<double> gradientOut)", text, System.StringComparison.Ordinal);
        Assert.Contains("FHessianVectorProduct(double gradient, double vector, global::System.ReadOnlySpan<double> vectorOut, global::System.Span<double> product)", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AMethodWithoutParametersHasAnEmptyGradient()
    {
        var run = GeneratorHarness.Run("""
            using SymDiff;
            public static partial class M
            {
                [Differentiable] public static double Answer() => 6.0 * 7;
            }
            """);

        run.AssertSuccess();
        var answer = (IDifferentiableFunction)GeneratorHarness.LoadAssembly(run.OutputCompilation).GetType("M")!.GetProperty("AnswerFunction")!.GetValue(null)!;
        Assert.Equal(0, answer.Dimension);
        Assert.Equal(42.0, answer.Hessian(ReadOnlySpan<double>.Empty, Span<double>.Empty, Span<double>.Empty));
    }
}
