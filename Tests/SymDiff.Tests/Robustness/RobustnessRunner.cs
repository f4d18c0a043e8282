using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generator;
using SymDiff.Tests.Infrastructure;

namespace SymDiff.Tests.Robustness;

/// <summary>
/// Runs the SymDiff generator over one (possibly malformed) source as cheaply as possible, for corpora of
/// thousands of inputs: the source is parsed once, added to one shared empty compilation (so the platform
/// references are bound once for the whole corpus), and the driver runs under a cancellation token that turns a
/// runaway run into a failure instead of a hung test.
/// </summary>
internal static class RobustnessRunner
{
    /// <summary>The file name every input is parsed under; diagnostics must point into it.</summary>
    public const string InputPath = "Input.cs";

    private static readonly Lazy<CSharpCompilation> Empty = new(() => GeneratorHarness.CreateCompilation());

    /// <summary>
    /// Runs the generator once over <paramref name="source"/>, cancelled after <paramref name="timeout"/>, and
    /// checks the invariants every input must satisfy (see <see cref="Outcome.Problems"/>).
    /// </summary>
    public static Outcome Run(string source, TimeSpan timeout, bool checkOutputCompiles = false)
    {
        var tree = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, InputPath);
        var compilation = Empty.Value.AddSyntaxTrees(tree);
        var driver = CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions);
        var problems = new List<string>();
        var watch = Stopwatch.StartNew();
        GeneratorRunResult result;
        using (var cancellation = new CancellationTokenSource(timeout))
        {
            try
            {
                result = driver.RunGenerators(compilation, cancellation.Token).GetRunResult().Results.Single();
            }
            catch (OperationCanceledException)
            {
                problems.Add($"the generator did not finish within {timeout.TotalSeconds:0.#} s");
                return new Outcome(source, Array.Empty<Diagnostic>(), 0, watch.Elapsed, problems);
            }
        }

        watch.Stop();
        if (result.Exception is not null)
        {
            problems.Add("the generator threw " + result.Exception);
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Id is "CS8785" or "AD0001")
            {
                problems.Add("the driver reported " + diagnostic);
            }
            else if (diagnostic.Id.StartsWith("SYMDIFF", StringComparison.Ordinal))
            {
                var span = diagnostic.Location.SourceSpan;
                var path = diagnostic.Location.GetLineSpan().Path;
                if (diagnostic.Location == Location.None || path != InputPath || span.End > source.Length)
                {
                    problems.Add($"{diagnostic.Id} has no location inside the input: {diagnostic}");
                }

                if (diagnostic.Id == "SYMDIFF010")
                {
                    problems.Add("internal error: " + diagnostic);
                }
            }
        }

        if (checkOutputCompiles && !compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            var model = compilation.GetSemanticModel(tree);
            bool marked = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax>()
                .Any(a => model.GetSymbolInfo(a).Symbol?.ContainingType?.ToDisplayString() == "SymDiff.DifferentiableAttribute");
            if (marked && result.GeneratedSources.Length == 0 && !result.Diagnostics.Any(d => d.Id.StartsWith("SYMDIFF", StringComparison.Ordinal)))
            {
                problems.Add("valid user code with [Differentiable], but the generator neither generated code nor reported why");
            }

            if (result.GeneratedSources.Length > 0)
            {
                var output = compilation.AddSyntaxTrees(result.GeneratedSources.Select(s => s.SyntaxTree));
                var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(3).ToList();
                if (errors.Count > 0)
                {
                    problems.Add("valid user code, but the generated code does not compile:\n    " + string.Join("\n    ", errors));
                }
            }
        }

        return new Outcome(source, result.Diagnostics, result.GeneratedSources.Length, watch.Elapsed, problems);
    }

    /// <summary>The result of one <see cref="Run"/>.</summary>
    /// <param name="Source">The input.</param>
    /// <param name="Diagnostics">Everything the generator reported.</param>
    /// <param name="GeneratedFiles">How many files it added.</param>
    /// <param name="Elapsed">How long the driver ran.</param>
    /// <param name="Problems">
    /// Broken invariants: an exception escaped (CS8785/AD0001), a SYMDIFF diagnostic without a location inside the
    /// input, an internal error (SYMDIFF010), a run that had to be cancelled, or (if asked), for user code without
    /// errors, generated code that does not compile, or a <c>[Differentiable]</c> that produced neither code nor a diagnostic.
    /// </param>
    internal sealed record Outcome(string Source, IReadOnlyList<Diagnostic> Diagnostics, int GeneratedFiles, TimeSpan Elapsed, IReadOnlyList<string> Problems)
    {
        /// <summary>The SYMDIFF diagnostics.</summary>
        public IEnumerable<Diagnostic> SymDiff => Diagnostics.Where(d => d.Id.StartsWith("SYMDIFF", StringComparison.Ordinal));
    }

    /// <summary>A readable report of the first failures of a corpus, each with its input.</summary>
    public static string Report(IReadOnlyCollection<Outcome> failures, int tried)
        => $"{failures.Count} of {tried} inputs broke an invariant:\n\n" + string.Join("\n\n", failures.Take(12).Select(f =>
            string.Join("\n", f.Problems.Select(p => "  - " + p)) + "\n  input:\n" + Indent(f.Source)));

    private static string Indent(string source)
        => "    " + (source.Length > 1500 ? source.Substring(0, 1500) + " …" : source).Replace("\n", "\n    ");
}
