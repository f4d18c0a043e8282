using System;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Tests.Infrastructure;
using Xunit;
using Xunit.Sdk;

namespace SymDiff.Tests.InfrastructureTests;

/// <summary>Tests of <see cref="GeneratorHarness"/> with test-only generators, independent of the real SymDiff generator.</summary>
public sealed class GeneratorHarnessTests
{
    private const string Functions = """
        using SymDiff;

        public static partial class Functions
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            [Differentiable]
            public static double Cube(double x) => x * x * x;

            public static double NotDifferentiable(double x) => x;
        }
        """;

    [Fact]
    public void Run_ReturnsGeneratedSourcesSortedByHintName_AndCompilesThem()
    {
        GeneratorRun run = GeneratorHarness.Run(new CentralDifferenceGenerator(), Functions);

        run.AssertSuccess();
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Equal(new[] { "Functions.Cube.g.cs", "Functions.Square.g.cs" }, run.GeneratedSources.Select(s => s.HintName));
        Assert.Contains("public static double SquareGradient(double x, System.Span<double> gradient)", run.Source("Functions.Square.g.cs"));
        Assert.Equal(3, run.OutputCompilation.SyntaxTrees.Count());
    }

    [Fact]
    public void LoadAssembly_RunsGeneratedSpanMethodsThroughDelegates()
    {
        GeneratorRun run = GeneratorHarness.Run(new CentralDifferenceGenerator(), Functions);
        Assembly assembly = GeneratorHarness.LoadAssembly(run.OutputCompilation);

        var square = GeneratorHarness.GetStaticDelegate<Func<double, double>>(assembly, "Functions", "Square");
        var gradient = GeneratorHarness.GetStaticDelegate<Gradient1>(assembly, "Functions", "SquareGradient");
        Span<double> g = stackalloc double[1];

        Assert.Equal(9.0, square(3.0));
        Assert.Equal(9.0, gradient(3.0, g));
        Assert.Equal(6.0, g[0], 1e-6);
    }

    [Fact]
    public void Failures_AreReportedReadably()
    {
        GeneratorRun run = GeneratorHarness.Run(new CentralDifferenceGenerator(), Functions, "class Broken { int M() => \"\"; }");
        Assembly assembly = GeneratorHarness.LoadAssembly(GeneratorHarness.CreateCompilation(Functions));

        Assert.Contains("CS0029", Assert.ThrowsAny<XunitException>(run.AssertSuccess).Message);
        Assert.Contains("CS0029", Assert.ThrowsAny<XunitException>(() => GeneratorHarness.LoadAssembly(run.OutputCompilation)).Message);
        Assert.Contains("Double Cube(Double)", Assert.ThrowsAny<XunitException>(() => GeneratorHarness.GetStaticMethod(assembly, "Functions", "Missing")).Message);
        Assert.Contains("Gradient2", Assert.ThrowsAny<XunitException>(() => GeneratorHarness.GetStaticDelegate<Gradient2>(assembly, "Functions", "Square")).Message);
        Assert.Contains("Functions.Cube.g.cs", Assert.ThrowsAny<XunitException>(() => run.Source("Missing.g.cs")).Message);
    }

    [Fact]
    public void Run_ExposesTheGeneratorsException()
    {
        GeneratorRun run = GeneratorHarness.Run(new ThrowingGenerator(), Functions);

        Assert.IsType<InvalidOperationException>(run.GeneratorException);
        Assert.Contains("boom", Assert.ThrowsAny<XunitException>(run.AssertSuccess).Message);
    }

    [Fact]
    public void UnrelatedEdit_LeavesTrackedStepAndOutputsCached()
    {
        GeneratorDriverRunResult result = GeneratorHarness.RunTwice(
            new CentralDifferenceGenerator(), new[] { Functions }, GeneratorHarness.AddSource("public class Unrelated { }"));

        Assert.NotEmpty(GeneratorHarness.IncrementalStepReasons(result, CentralDifferenceGenerator.TrackingName));
        Assert.All(GeneratorHarness.IncrementalStepReasons(result, CentralDifferenceGenerator.TrackingName), IsCachedOrUnchanged);
        Assert.All(GeneratorHarness.TrackedOutputReasons(result, "SourceOutput"), IsCachedOrUnchanged);
    }

    [Fact]
    public void RelevantEdit_ShowsUpInTrackedStep()
    {
        string edited = Functions.Replace("public static double NotDifferentiable", "[Differentiable] public static double NowDifferentiable");

        GeneratorDriverRunResult result = GeneratorHarness.RunTwice(
            new CentralDifferenceGenerator(), new[] { Functions }, GeneratorHarness.ReplaceSource(0, edited));

        Assert.Contains(IncrementalStepRunReason.New, GeneratorHarness.IncrementalStepReasons(result, CentralDifferenceGenerator.TrackingName));
        Assert.Contains("No tracked step 'Missing'", Assert.ThrowsAny<XunitException>(() => GeneratorHarness.IncrementalStepReasons(result, "Missing")).Message);
    }

    private static void IsCachedOrUnchanged(IncrementalStepRunReason reason) =>
        Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Reason was {reason}.");

    /// <summary>
    /// A stand-in for the real generator: for each <c>[Differentiable]</c> method <c>F(double x)</c> of a global-namespace
    /// type it emits <c>FGradient(double x, Span&lt;double&gt; gradient)</c> using a central difference.
    /// </summary>
    private sealed class CentralDifferenceGenerator : IIncrementalGenerator
    {
        public const string TrackingName = "DifferentiableMethods";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<(string Type, string Method)> methods = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "SymDiff.DifferentiableAttribute",
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (target, _) => (target.TargetSymbol.ContainingType.Name, target.TargetSymbol.Name))
                .WithTrackingName(TrackingName);

            context.RegisterSourceOutput(methods, static (output, m) => output.AddSource($"{m.Type}.{m.Method}.g.cs", $$"""
                public static partial class {{m.Type}}
                {
                    public static double {{m.Method}}Gradient(double x, System.Span<double> gradient)
                    {
                        const double h = 1e-5;
                        gradient[0] = ({{m.Method}}(x + h) - {{m.Method}}(x - h)) / (2 * h);
                        return {{m.Method}}(x);
                    }
                }
                """));
        }
    }

    /// <summary>A generator that always throws, to check that the harness surfaces the exception.</summary>
    private sealed class ThrowingGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context) =>
            context.RegisterPostInitializationOutput(static _ => throw new InvalidOperationException("boom"));
    }
}
