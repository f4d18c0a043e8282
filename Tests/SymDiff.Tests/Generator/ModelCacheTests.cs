using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generator;
using SymDiff.Generator.Pipeline;
using SymDiff.Tests.Infrastructure;
using Xunit;

namespace SymDiff.Tests.Generator;

/// <summary>
/// <see cref="ModelCache"/>: after an edit, a method's model is reused (the method is not lowered again) exactly
/// when nothing it depends on changed, and the method is lowered again, with the new meaning, when something did: an inlined body in another file, a constant, a declaration that changes what a name binds to, a
/// location its diagnostic points at, or the compilation options.
/// </summary>
public class ModelCacheTests
{
    // Source0.cs: the methods under test. G inlines Cube from Source1.cs and reads the constant K from there.
    private const string Model = """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Model
        {
            [Differentiable]
            public static double F(double x, double y) => x * Math.Sin(y);

            [Differentiable]
            public static double G(double x) => Helpers.Cube(x) + Constants.K * x;
        }
        """;

    // Source1.cs
    private const string Helpers = """
        using SymDiff;

        namespace Demo;

        public static partial class Helpers
        {
            [Differentiable]
            public static double Cube(double x) => x * x * x;
        }

        public static class Constants
        {
            public const double K = 2.0;
        }
        """;

    // Source2.cs
    private const string Unrelated = """
        namespace Demo;

        public static class Unrelated
        {
            public static int Answer() => 42;

            public static int Other() { return 1; }
        }
        """;

    private static readonly string[] Sources = { Model, Helpers, Unrelated };

    [Fact]
    public void TheFirstRunLowersEveryMethod()
    {
        var compilation = GeneratorHarness.CreateCompilation(Sources);
        var lowered = LoweredWhile(compilation, () => GeneratorHarness.CreateDriver(new DifferentiableGenerator()).RunGenerators(compilation));

        Assert.Equal(new[] { "Cube", "F", "G" }, lowered.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void AnEditInsideAMemberBodyOfAnotherFileReusesEveryModel()
    {
        var run = Run(GeneratorHarness.ReplaceSource(2, Unrelated.Replace("42", "43").Replace("return 1;", "int one = 1;\n        return one;")));

        Assert.Empty(run.Lowered);
        Assert.Equal(3, run.Result.GeneratedSources.Length);
        Assert.All(GeneratorHarness.IncrementalStepReasons(run.Driver.GetRunResult(), TrackingNames.Generated), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void AnEditedInlinedBodyInAnotherFileIsLoweredAgainAndChangesTheDerivative()
    {
        var run = Run(GeneratorHarness.ReplaceSource(1, Helpers.Replace("x * x * x", "x * x * x * x")));

        // Cube's file changed, and G inlines Cube; F depends on neither.
        Assert.Equal(new[] { "Cube", "G" }, run.Lowered.OrderBy(n => n, StringComparer.Ordinal));

        // d/dx (x⁴ + 2x) at x = 2 is 4·8 + 2 = 34 (it was 3·4 + 2 = 14 with the cube).
        Assert.Equal(34.0, Derivative(run.Output, "G", 2.0), 12);
    }

    [Fact]
    public void AChangedConstantInAnotherFileLowersEveryMethodAgainAndChangesTheDerivative()
    {
        var run = Run(GeneratorHarness.ReplaceSource(1, Helpers.Replace("K = 2.0", "K = 5.0")));

        Assert.Equal(3, run.Lowered.Count);

        // d/dx (x³ + 5x) at x = 2 is 12 + 5 = 17.
        Assert.Equal(17.0, Derivative(run.Output, "G", 2.0), 12);
    }

    [Fact]
    public void ADeclarationElsewhereThatChangesWhatANameBindsToIsSeen()
    {
        // A Demo.Math now hides System.Math inside namespace Demo: F calls a Sin that is not [Differentiable].
        const string shadow = "namespace Demo;\n\npublic static class Math\n{\n    public static double Sin(double x) => x;\n}\n";
        var run = Run(GeneratorHarness.AddSource(shadow));

        Assert.Contains("F", run.Lowered);
        Assert.Contains(run.Result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("SYMDIFF", StringComparison.Ordinal)
            && d.Location.GetLineSpan().Path == "Source0.cs");
        Assert.DoesNotContain(run.Result.GeneratedSources, source => source.HintName == "Demo.Model.F.g.cs");
    }

    [Fact]
    public void ADiagnosticInAnotherFileFollowsItsLocationAfterABodyEditThere()
    {
        // A member named FGradient in another part of Model: SYMDIFF017 for F points at it, in Source3.cs.
        const string part = """
            namespace Demo;

            public static partial class Model
            {
                public static int Before()
                {
                    return 1;
                }

                public static double FGradient() => 0;
            }
            """;
        var moved = part.Replace("return 1;", "int a = 1;\n        int b = 2;\n        return a + b;");
        var run = Run(GeneratorHarness.ReplaceSource(3, moved), Sources.Append(part).ToArray());

        Assert.Equal(new[] { "F" }, run.Lowered);
        var line = run.Result.Diagnostics.Single(d => d.Id == "SYMDIFF017").Location.GetLineSpan().StartLinePosition.Line;
        Assert.Equal(moved.Split('\n').ToList().FindIndex(l => l.Contains("FGradient", StringComparison.Ordinal)), line);
    }

    [Fact]
    public void ChangedCompilationOptionsLowerEveryMethodAgain()
    {
        var run = Run(compilation => compilation.WithOptions(((CSharpCompilationOptions)compilation.Options).WithOverflowChecks(true)));

        Assert.Equal(3, run.Lowered.Count);
        Assert.Equal(3, run.Result.GeneratedSources.Length);
    }

    private sealed record EditRun(IReadOnlyList<string> Lowered, GeneratorDriver Driver, GeneratorRunResult Result, Compilation Output);

    /// <summary>
    /// Runs the generator over <paramref name="sources"/> (by default <see cref="Sources"/>), then again over the
    /// compilation after <paramref name="edit"/>: which methods the second run lowered (the others it reused), its
    /// result, and the edited compilation with the generated files.
    /// </summary>
    private static EditRun Run(Func<Compilation, Compilation> edit, string[]? sources = null)
    {
        var compilation = GeneratorHarness.CreateCompilation(sources ?? Sources);
        var driver = GeneratorHarness.CreateDriver(new DifferentiableGenerator()).RunGenerators(compilation);
        var edited = edit(compilation);
        Compilation output = edited;
        var lowered = LoweredWhile(edited, () => driver = driver.RunGeneratorsAndUpdateCompilation(edited, out output, out _));
        return new EditRun(lowered, driver, driver.GetRunResult().Results[0], output);
    }

    /// <summary>The names of the methods lowered in <paramref name="compilation"/> while <paramref name="run"/> runs.</summary>
    private static IReadOnlyList<string> LoweredWhile(Compilation compilation, Action run)
    {
        var lowered = new ConcurrentQueue<string>();
        void OnLowered(Compilation c, MethodModel model)
        {
            if (ReferenceEquals(c, compilation))
            {
                lowered.Enqueue(model.Name);
            }
        }

        ModelCache.Lowered += OnLowered;
        try
        {
            run();
        }
        finally
        {
            ModelCache.Lowered -= OnLowered;
        }

        return lowered.ToList();
    }

    /// <summary>The generated derivative of the one-variable method <paramref name="method"/> of Demo.Model at <paramref name="x"/>.</summary>
    private static double Derivative(Compilation compilation, string method, double x)
    {
        var gradient = GeneratorHarness.GetStaticDelegate<Gradient1>(GeneratorHarness.LoadAssembly(compilation), "Demo.Model", method + "Gradient");
        Span<double> g = stackalloc double[1];
        gradient(x, g);
        return g[0];
    }
}
