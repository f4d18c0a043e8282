using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;
using Xunit.Sdk;

namespace SymDiff.Tests.Infrastructure;

/// <summary>
/// Runs an incremental source generator in memory over C# sources, and loads and invokes the resulting code.
/// The overloads without a generator argument (in <c>GeneratorHarness.Default.cs</c>) use the real SymDiff generator.
/// </summary>
public static partial class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("The runtime provides no TRUSTED_PLATFORM_ASSEMBLIES."))
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Append(typeof(DifferentiableAttribute).Assembly.Location)
        .Distinct(StringComparer.Ordinal)
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .ToImmutableArray());

    /// <summary>Parse options of every source: the latest C# language version.</summary>
    public static CSharpParseOptions ParseOptions { get; } = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>
    /// A release-mode, deterministic, nullable-enabled library compilation of <paramref name="sources"/> (files
    /// <c>Source0.cs</c>, <c>Source1.cs</c>, ...) referencing the platform assemblies and <c>SymDiff.Runtime</c>.
    /// </summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "SymDiff.Tests.Generated",
            sources.Select((source, i) => Parse(source, $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true));

    /// <summary>Runs <paramref name="generator"/> once over a <see cref="CreateCompilation"/> of <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(IIncrementalGenerator generator, params string[] sources) =>
        Run(generator, new Dictionary<string, string>(), sources);

    /// <summary>
    /// Runs <paramref name="generator"/> once, with <paramref name="buildProperties"/> visible to it as global
    /// analyzer options (<c>build_property.Name</c>), as MSBuild's CompilerVisibleProperty makes them.
    /// </summary>
    public static GeneratorRun Run(IIncrementalGenerator generator, IReadOnlyDictionary<string, string> buildProperties, params string[] sources)
    {
        GeneratorDriver driver = CreateDriver(generator, buildProperties).RunGeneratorsAndUpdateCompilation(
            CreateCompilation(sources), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorRun(output, diagnostics, driver.GetRunResult());
    }

    /// <summary>
    /// Runs <paramref name="generator"/> over <paramref name="sources"/>, applies <paramref name="edit"/> to the input
    /// compilation, reruns the same driver and returns the second run's result (for incrementality assertions with
    /// <see cref="IncrementalStepReasons"/> and <see cref="TrackedOutputReasons"/>).
    /// </summary>
    /// <seealso cref="AddSource"/>
    /// <seealso cref="ReplaceSource"/>
    public static GeneratorDriverRunResult RunTwice(IIncrementalGenerator generator, string[] sources, Func<Compilation, Compilation> edit)
    {
        Compilation compilation = CreateCompilation(sources);
        GeneratorDriver driver = CreateDriver(generator).RunGenerators(compilation);
        return driver.RunGenerators(edit(compilation)).GetRunResult();
    }

    /// <summary>An edit for <see cref="RunTwice"/> that adds <paramref name="source"/> as a new file.</summary>
    public static Func<Compilation, Compilation> AddSource(string source) =>
        compilation => compilation.AddSyntaxTrees(Parse(source, $"Source{compilation.SyntaxTrees.Count()}.cs"));

    /// <summary>An edit for <see cref="RunTwice"/> that replaces the text of file <c>Source{index}.cs</c> by <paramref name="source"/>.</summary>
    public static Func<Compilation, Compilation> ReplaceSource(int index, string source) =>
        compilation =>
        {
            SyntaxTree old = compilation.SyntaxTrees.ElementAt(index);
            return compilation.ReplaceSyntaxTree(old, Parse(source, old.FilePath));
        };

    /// <summary>
    /// The <see cref="IncrementalStepRunReason"/> of every output of every run of the step named
    /// <paramref name="trackingName"/> (via <c>WithTrackingName</c>) in the first generator of <paramref name="result"/>.
    /// </summary>
    public static IReadOnlyList<IncrementalStepRunReason> IncrementalStepReasons(GeneratorDriverRunResult result, string trackingName) =>
        Reasons(result.Results[0].TrackedSteps, trackingName);

    /// <summary>
    /// The <see cref="IncrementalStepRunReason"/> of every output of the output step <paramref name="trackingName"/>
    /// (e.g. <c>"SourceOutput"</c>) in the first generator of <paramref name="result"/>.
    /// </summary>
    public static IReadOnlyList<IncrementalStepRunReason> TrackedOutputReasons(GeneratorDriverRunResult result, string trackingName) =>
        Reasons(result.Results[0].TrackedOutputSteps, trackingName);

    /// <summary>Emits <paramref name="compilation"/> and loads it into a new collectible <see cref="AssemblyLoadContext"/>.</summary>
    /// <exception cref="XunitException">Emit failed; the message lists the errors.</exception>
    public static Assembly LoadAssembly(Compilation compilation)
    {
        using var image = new MemoryStream();
        EmitResult emit = compilation.Emit(image);
        if (!emit.Success)
        {
            throw new XunitException("Emit failed:\n" + Format(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        image.Position = 0;
        return new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true).LoadFromStream(image);
    }

    /// <summary>The single static method <paramref name="methodName"/> (any accessibility) declared by type <paramref name="typeName"/>.</summary>
    /// <exception cref="XunitException">The type or method is missing, or the name is overloaded; the message lists what exists.</exception>
    public static MethodInfo GetStaticMethod(Assembly assembly, string typeName, string methodName)
    {
        Type type = assembly.GetType(typeName)
            ?? throw new XunitException(
                $"Type '{typeName}' not found. Types: {string.Join(", ", assembly.GetTypes().Select(t => t.FullName))}");
        MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly);
        MethodInfo[] matches = methods.Where(m => m.Name == methodName).ToArray();
        return matches.Length == 1
            ? matches[0]
            : throw new XunitException(
                $"Expected one static method '{methodName}' in '{typeName}', found {matches.Length}. Static methods:\n  "
                + string.Join("\n  ", methods.Select(m => m.ToString())));
    }

    /// <summary>
    /// A <typeparamref name="TDelegate"/> bound to <see cref="GetStaticMethod"/>: the way to call methods with
    /// <see cref="Span{T}"/> parameters (e.g. <see cref="Gradient2"/>), which <see cref="MethodBase.Invoke(object, object[])"/> cannot pass.
    /// </summary>
    /// <exception cref="XunitException">The method is missing or its signature does not match <typeparamref name="TDelegate"/>.</exception>
    public static TDelegate GetStaticDelegate<TDelegate>(Assembly assembly, string typeName, string methodName)
        where TDelegate : Delegate
    {
        MethodInfo method = GetStaticMethod(assembly, typeName, methodName);
        try
        {
            return method.CreateDelegate<TDelegate>();
        }
        catch (ArgumentException e)
        {
            throw new XunitException($"'{method}' cannot be bound to {typeof(TDelegate).Name}: {e.Message}");
        }
    }

    /// <summary>One diagnostic per line, as <c>file(line,col): severity id: message</c>.</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => "  " + d));

    private static SyntaxTree Parse(string source, string path) =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>
    /// A driver for <paramref name="generator"/> that tracks its steps, with <paramref name="buildProperties"/> as
    /// global analyzer options (see <see cref="Run(IIncrementalGenerator, IReadOnlyDictionary{string, string}, string[])"/>).
    /// </summary>
    public static GeneratorDriver CreateDriver(IIncrementalGenerator generator, IReadOnlyDictionary<string, string>? buildProperties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            parseOptions: ParseOptions,
            optionsProvider: new BuildPropertiesProvider(buildProperties ?? new Dictionary<string, string>()),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Global analyzer options made of MSBuild properties; no per-file options.</summary>
    private sealed class BuildPropertiesProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global;

        public BuildPropertiesProvider(IReadOnlyDictionary<string, string> properties) =>
            _global = new Options(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value));

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());

            private readonly Dictionary<string, string> _values;

            public Options(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }

    private static IReadOnlyList<IncrementalStepRunReason> Reasons(
        ImmutableDictionary<string, ImmutableArray<IncrementalGeneratorRunStep>> steps, string trackingName) =>
        steps.TryGetValue(trackingName, out ImmutableArray<IncrementalGeneratorRunStep> runs)
            ? runs.SelectMany(run => run.Outputs).Select(output => output.Reason).ToArray()
            : throw new XunitException(
                $"No tracked step '{trackingName}'. Tracked: {string.Join(", ", steps.Keys.OrderBy(k => k, StringComparer.Ordinal))}");
}
