using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generator;

namespace SymDiff.Benchmarks;

/// <summary>
/// The cost of the generator in a compilation with <see cref="N"/> <c>[Differentiable]</c> methods (issue 7):
/// a cold run (a new driver, as on a build) and a warm run after an unrelated edit (a driver that has run, given a
/// compilation where one file without <c>[Differentiable]</c> changed, as in the IDE on each keystroke), each against
/// the floor: <see cref="FloorGenerator"/>, which only finds the same methods with ForAttributeWithMetadataName.
/// Ratios are within a category: "Cold" against <see cref="ColdFloor"/>, "Warm" against <see cref="WarmFloor"/>.
/// Targets: warm at most 2× the warm floor; cold under 5 ms per typical method.
/// </summary>
/// <remarks>
/// The compilations are made once in <see cref="Setup"/>, so their declarations are bound after the first run: a
/// "cold" run is a cold generator over a compilation the compiler has already bound, as in a build, where binding
/// is the compiler's cost and not the generator's. Each run still builds new semantic models of the method bodies.
/// <see cref="Setup"/> also prints (lines starting <c>// GeneratorCost</c>) the step reasons of a tracked run after
/// the unrelated edit, and the driver's own timing of cold runs per method.
/// </remarks>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class GeneratorCostBenchmarks
{
    private Compilation compilation = null!;
    private Compilation[] edited = Array.Empty<Compilation>();
    private GeneratorDriver warmGenerator = null!;
    private GeneratorDriver warmFloor = null!;
    private GeneratorDriver warmLowering = null!;
    private int edit;

    /// <summary>The number of <c>[Differentiable]</c> methods in the compilation.</summary>
    [Params(1, 10, 100, 500)]
    public int N { get; set; }

    /// <summary>Builds the compilation and its two edited versions, checks the generator's output, primes the warm drivers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        compilation = GeneratorCostSources.CreateCompilation(GeneratorCostSources.TypicalMethods(N));
        edited = new[] { GeneratorCostSources.EditUnrelated(compilation, 1), GeneratorCostSources.EditUnrelated(compilation, 2) };
        GeneratorCostSources.ThrowIfNotGenerated(compilation, N);

        warmGenerator = GeneratorCostSources.CreateDriver(new DifferentiableGenerator()).RunGenerators(compilation);
        warmFloor = GeneratorCostSources.CreateDriver(new FloorGenerator()).RunGenerators(compilation);
        warmLowering = GeneratorCostSources.CreateDriver(new LoweringOnlyGenerator()).RunGenerators(compilation);
        GeneratorCostSources.Report(Console.Out, compilation, N);
    }

    /// <summary>The floor, cold: a new driver with <see cref="FloorGenerator"/> (baseline of "Cold").</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Cold")]
    public GeneratorDriver ColdFloor() => GeneratorCostSources.CreateDriver(new FloorGenerator()).RunGenerators(compilation);

    /// <summary>A new driver with <see cref="DifferentiableGenerator"/>: every method lowered, differentiated and emitted.</summary>
    [Benchmark, BenchmarkCategory("Cold")]
    public GeneratorDriver ColdGenerator() => GeneratorCostSources.CreateDriver(new DifferentiableGenerator()).RunGenerators(compilation);

    /// <summary>The floor after an unrelated edit: the primed <see cref="FloorGenerator"/> driver (baseline of "Warm").</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Warm")]
    public GeneratorDriver WarmFloor() => warmFloor = warmFloor.RunGenerators(edited[edit++ & 1]);

    /// <summary>The primed <see cref="DifferentiableGenerator"/> driver after an unrelated edit: every step should be cached.</summary>
    [Benchmark, BenchmarkCategory("Warm")]
    public GeneratorDriver WarmGenerator() => warmGenerator = warmGenerator.RunGenerators(edited[edit++ & 1]);

    /// <summary>
    /// The primed <see cref="LoweringOnlyGenerator"/> driver after an unrelated edit: lowering every method again, as
    /// Roslyn re-runs the ForAttributeWithMetadataName transform whenever the compilation changes (what the
    /// generator's model cache saves).
    /// </summary>
    [Benchmark, BenchmarkCategory("Warm")]
    public GeneratorDriver WarmLoweringOnly() => warmLowering = warmLowering.RunGenerators(edited[edit++ & 1]);
}

/// <summary>
/// One large Hessian-level method (<see cref="GeneratorCostSources.LargeMethod"/>: 50 terms in 4 variables), cold,
/// against the cold floor over the same compilation (baseline). Its setup also prints
/// <see cref="GeneratorExpressionSizes.Report"/>.
/// </summary>
[MemoryDiagnoser]
public class GeneratorCostLargeMethodBenchmarks
{
    private Compilation compilation = null!;

    /// <summary>Builds the compilation and checks the generator's output.</summary>
    [GlobalSetup]
    public void Setup()
    {
        compilation = GeneratorCostSources.CreateCompilation(new[] { GeneratorCostSources.LargeMethod() });
        GeneratorCostSources.ThrowIfNotGenerated(compilation, 1);
        GeneratorCostSources.Report(Console.Out, compilation, 1, "large method");
        GeneratorExpressionSizes.Report(Console.Out);
    }

    /// <summary>The floor, cold (baseline).</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver ColdFloor() => GeneratorCostSources.CreateDriver(new FloorGenerator()).RunGenerators(compilation);

    /// <summary>A new driver with <see cref="DifferentiableGenerator"/> over the large method.</summary>
    [Benchmark]
    public GeneratorDriver ColdGenerator() => GeneratorCostSources.CreateDriver(new DifferentiableGenerator()).RunGenerators(compilation);
}

/// <summary>
/// The floor of any generator keyed on <c>[Differentiable]</c>: it finds the methods with ForAttributeWithMetadataName,
/// keeps their names and outputs nothing. (Not marked [Generator]: it is only ever instantiated by the benchmarks.)
/// </summary>
public sealed class FloorGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var names = context.SyntaxProvider.ForAttributeWithMetadataName(
            "SymDiff.DifferentiableAttribute", static (_, _) => true, static (c, _) => c.TargetSymbol.Name);
        context.RegisterSourceOutput(names, static (_, _) => { });
    }
}

/// <summary>
/// <see cref="FloorGenerator"/> with the SymDiff lowering of each method to its equatable model (ModelFactory.Create)
/// but without the ModelCache that keeps models across compilations: what every warm run of
/// <see cref="DifferentiableGenerator"/> cost before that cache, as Roslyn re-runs the transform on each compilation.
/// </summary>
public sealed class LoweringOnlyGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider.ForAttributeWithMetadataName(
            "SymDiff.DifferentiableAttribute", static (_, _) => true, static (c, ct) => SymDiff.Generator.Pipeline.ModelFactory.Create(c, ct));
        context.RegisterSourceOutput(models, static (_, _) => { });
    }
}

/// <summary>The sources, compilations and drivers of the generator-cost benchmarks, and their one-off report.</summary>
public static class GeneratorCostSources
{
    /// <summary>Methods per file of <see cref="TypicalMethods"/>, as a project spreads them over its files.</summary>
    public const int MethodsPerFile = 10;

    private const string UnrelatedPath = "Unrelated.cs";

    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    // The BCL (the assemblies next to System.Private.CoreLib) and SymDiff.Runtime.
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), runtimeDirectory, StringComparison.Ordinal))
            .Append(typeof(DifferentiableAttribute).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    /// <summary>
    /// <paramref name="n"/> typical methods in files of <see cref="MethodsPerFile"/>: variations of the seed function
    /// (x² + σ(y)) / (3x + y − σ(x)) with other constants, a log-sum-exp, a three-variable one, and every tenth a
    /// loop over a span.
    /// </summary>
    public static IReadOnlyList<string> TypicalMethods(int n)
    {
        var files = new List<string>();
        for (int start = 0; start < n; start += MethodsPerFile)
        {
            var file = new StringBuilder("using System;\nusing SymDiff;\n\nnamespace Cost;\n\npublic static partial class Model")
                .Append(start / MethodsPerFile).Append("\n{\n");
            for (int i = start; i < Math.Min(n, start + MethodsPerFile); i++)
            {
                file.Append("    [Differentiable]\n    ").Append(TypicalMethod(i)).Append("\n\n");
            }

            files.Add(file.Append("}\n").ToString());
        }

        return files;
    }

    /// <summary>The i-th typical method (see <see cref="TypicalMethods"/>).</summary>
    public static string TypicalMethod(int i)
    {
        string a = Number(1 + i % 7), b = Number(2 + i % 5), c = Number(0.5 + i % 3);
        return (i % 10) switch
        {
            9 => $$"""
                public static double S{{i}}(ReadOnlySpan<double> v)
                    {
                        double s = 0;
                        for (int k = 0; k < v.Length; k++) s += {{c}} * v[k] * v[k] + Math.Sin({{a}} * v[k]);
                        return Math.Log(1 + s);
                    }
                """,
            3 or 6 => $"public static double L{i}(double x, double y) => Math.Log(Math.Exp({a} * x) + Math.Exp(y - {b})) + {c} * x * y;",
            8 => $"public static double T{i}(double x, double y, double z) => x * Math.Sin({a} * y) + Math.Exp(-{c} * z * z) / (1 + {b} * x * x);",
            _ => $"public static double F{i}(double x, double y) => ({a} * x * x + 1 / (1 + Math.Exp(-y))) / ({b} * x + y - {c} / (1 + Math.Exp(-x)));",
        };
    }

    /// <summary>
    /// One large Hessian-level method: f(x, y, z, w) as a sum of 50 terms, each a product or quotient of
    /// exponentials, sines, logs and powers of two of the variables with their own constants.
    /// </summary>
    public static string LargeMethod()
    {
        string[] v = { "x", "y", "z", "w" };
        var terms = new List<string>();
        for (int k = 0; k < 50; k++)
        {
            string p = v[k % 4], q = v[(k / 4 + k + 1) % 4], c = Number(Math.Round(0.1 * (k + 1), 1));
            terms.Add((k % 5) switch
            {
                0 => $"{c} * Math.Sin({p} * {q})",
                1 => $"Math.Exp(-{c} * {p} * {p}) * {q}",
                2 => $"Math.Log(1 + {p} * {p} + {c} * {q} * {q})",
                3 => $"{p} * {q} / (1 + Math.Exp(-{c} * {p}))",
                _ => $"{c} * Math.Pow({p}, 3) * Math.Cos({q})",
            });
        }

        return "using System;\nusing SymDiff;\n\nnamespace Cost;\n\npublic static partial class Large\n{\n    [Differentiable]\n"
            + "    public static double F(double x, double y, double z, double w) =>\n        "
            + string.Join("\n        + ", terms) + ";\n}\n";
    }

    /// <summary>A library compilation of <paramref name="sources"/> and an unrelated file without <c>[Differentiable]</c>.</summary>
    public static Compilation CreateCompilation(IEnumerable<string> sources) =>
        CSharpCompilation.Create(
            "GeneratorCost",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, $"Model{i}.cs"))
                .Append(CSharpSyntaxTree.ParseText(Unrelated(0), ParseOptions, UnrelatedPath)),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));

    /// <summary><paramref name="compilation"/> with the unrelated file replaced by its <paramref name="version"/>-th edit.</summary>
    public static Compilation EditUnrelated(Compilation compilation, int version)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(tree => tree.FilePath == UnrelatedPath);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(Unrelated(version), ParseOptions, UnrelatedPath));
    }

    /// <summary>A driver for <paramref name="generator"/> that tracks steps only if asked to, and keeps no outputs' syntax.</summary>
    public static GeneratorDriver CreateDriver(IIncrementalGenerator generator, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            parseOptions: (CSharpParseOptions)ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Throws unless the generator adds one file per method to <paramref name="compilation"/> and reports nothing.</summary>
    public static void ThrowIfNotGenerated(Compilation compilation, int methods)
    {
        GeneratorRunResult result = CreateDriver(new DifferentiableGenerator()).RunGenerators(compilation).GetRunResult().Results[0];
        if (result.Exception is not null || !result.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException($"The generator failed: {result.Exception?.Message} {string.Join("; ", result.Diagnostics)}");
        }

        int generated = result.GeneratedSources.Length;
        int expected = (methods + MethodsPerFile - 1) / MethodsPerFile;
        if (generated < expected)
        {
            throw new InvalidOperationException($"Expected generated sources for {methods} methods, got {generated}.");
        }
    }

    /// <summary>
    /// Prints, once, the step reasons of <see cref="DifferentiableGenerator"/> after the unrelated edit (a tracked
    /// run), and the driver's own timing of cold untracked runs (median of 5): total and per method.
    /// </summary>
    public static void Report(TextWriter output, Compilation compilation, int methods, string label = "")
    {
        GeneratorDriver tracked = CreateDriver(new DifferentiableGenerator(), trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult after = tracked.RunGenerators(EditUnrelated(compilation, 1)).GetRunResult().Results[0];
        string reasons = string.Join(", ", after.TrackedSteps
            .OrderBy(step => step.Key, StringComparer.Ordinal)
            .Select(step => step.Key + " " + string.Join("/", step.Value
                .SelectMany(run => run.Outputs)
                .GroupBy(o => o.Reason)
                .Select(g => g.Key + "×" + g.Count().ToString(CultureInfo.InvariantCulture)))));
        output.WriteLine($"// GeneratorCost N = {methods} {label}: after the unrelated edit: {reasons}");

        double[] cold = Enumerable.Range(0, 5)
            .Select(_ => CreateDriver(new DifferentiableGenerator()).RunGenerators(compilation).GetTimingInfo().ElapsedTime.TotalMilliseconds)
            .OrderBy(t => t)
            .ToArray();
        double median = cold[cold.Length / 2];
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// GeneratorCost N = {methods} {label}: cold GetTimingInfo().ElapsedTime median {median:F2} ms, per method {median / methods:F3} ms"));
    }

    // The unrelated file: a class whose body changes with the version.
    private static string Unrelated(int version) =>
        $"namespace Cost;\n\npublic static class Unrelated\n{{\n    public static int Answer => {42 + version};\n}}\n";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture) + (value % 1 == 0 ? ".0" : string.Empty);
}
