using System.Linq;
using Microsoft.CodeAnalysis;
using SymDiff.Generator.Pipeline;
using SymDiff.Tests.Infrastructure;
using Xunit;

namespace SymDiff.Tests.Generator;

/// <summary>
/// The pipeline caches: after an edit that does not change a [Differentiable] method, no step does work again
/// (differentiation, the expensive step, is Cached), and an edit that does change it is seen.
/// </summary>
public class IncrementalityTests
{
    private const string Model = """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Model
        {
            [Differentiable]
            public static double F(double x, double y) => x * Math.Sin(y);

            [Differentiable]
            public static double G(double x) => Math.Exp(-x * x);

            [Differentiable]
            public static double Norm(ReadOnlySpan<double> v)
            {
                double sum = 0;
                for (int i = 0; i < v.Length; i++) sum += v[i] * v[i];
                return Math.Sqrt(sum);
            }
        }
        """;

    [Fact]
    public void AnUnrelatedFileLeavesEveryStepCached()
    {
        var result = GeneratorHarness.RunTwice(new[] { Model }, GeneratorHarness.AddSource("public static class Unrelated { public static int Answer => 42; }"));

        AssertAll(result, TrackingNames.Methods, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertAll(result, TrackingNames.Generated, IncrementalStepRunReason.Cached);
        AssertAll(result, TrackingNames.Options, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void AnEditThatKeepsTheMethodsTheSameIsNotDifferentiatedAgain()
    {
        var edited = Model.Replace("namespace Demo;", "namespace Demo; // a comment, and the methods move by a line\n");
        var result = GeneratorHarness.RunTwice(new[] { Model }, GeneratorHarness.ReplaceSource(0, edited));

        // The methods are lowered again (their locations moved), but the models carry new locations only.
        Assert.All(GeneratorHarness.IncrementalStepReasons(result, TrackingNames.Methods), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.Equal(3, result.Results[0].GeneratedSources.Length);
    }

    [Fact]
    public void AnEditOfOneMethodRegeneratesOnlyThatMethod()
    {
        var edited = Model.Replace("Math.Exp(-x * x)", "Math.Exp(-2 * x * x)");
        var result = GeneratorHarness.RunTwice(new[] { Model }, GeneratorHarness.ReplaceSource(0, edited));

        var generated = GeneratorHarness.IncrementalStepReasons(result, TrackingNames.Generated);
        Assert.Equal(1, generated.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, generated.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    private static void AssertAll(GeneratorDriverRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var reasons = GeneratorHarness.IncrementalStepReasons(result, step);
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.Contains(r, allowed));
    }
}
