using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace SymDiff.Tests.Infrastructure;

/// <summary>The outcome of one <see cref="GeneratorHarness.Run(IIncrementalGenerator, string[])"/>.</summary>
public sealed class GeneratorRun
{
    internal GeneratorRun(Compilation outputCompilation, ImmutableArray<Diagnostic> generatorDiagnostics, GeneratorDriverRunResult runResult)
    {
        OutputCompilation = outputCompilation;
        GeneratorDiagnostics = generatorDiagnostics;
        RunResult = runResult;
        GeneratedSources = runResult.Results
            .SelectMany(r => r.GeneratedSources)
            .Select(s => (s.HintName, Text: s.SourceText.ToString()))
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToArray();
        CompilationErrors = outputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        GeneratorException = runResult.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
    }

    /// <summary>The input compilation plus the generated sources.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>The generated files, sorted by hint name (ordinal).</summary>
    public IReadOnlyList<(string HintName, string Text)> GeneratedSources { get; }

    /// <summary>Diagnostics reported by the generator (not the compiler's diagnostics of the output).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>Error diagnostics of <see cref="OutputCompilation"/>, i.e. of the user code together with the generated code.</summary>
    public ImmutableArray<Diagnostic> CompilationErrors { get; }

    /// <summary>The exception the generator threw, or <see langword="null"/>; Roslyn catches it and only reports a warning.</summary>
    public Exception? GeneratorException { get; }

    /// <summary>The driver's raw result, with per-generator details and tracked incremental steps.</summary>
    public GeneratorDriverRunResult RunResult { get; }

    /// <summary>The text of the generated file <paramref name="hintName"/>.</summary>
    /// <exception cref="XunitException">No such file; the message lists the generated hint names.</exception>
    public string Source(string hintName) =>
        GeneratedSources.Where(s => s.HintName == hintName).Select(s => s.Text).FirstOrDefault()
        ?? throw new XunitException($"No generated source '{hintName}'. Generated: {string.Join(", ", GeneratedSources.Select(s => s.HintName))}");

    /// <summary>
    /// Asserts the generator threw nothing, reported no error and produced code that compiles without errors.
    /// </summary>
    /// <exception cref="XunitException">Otherwise; the message lists the exception and the error diagnostics.</exception>
    public void AssertSuccess()
    {
        IEnumerable<Diagnostic> generatorErrors = GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
        if (GeneratorException is null && !generatorErrors.Any() && CompilationErrors.IsEmpty)
        {
            return;
        }

        throw new XunitException(
            $"""
            The generator run failed.
            Generator exception: {GeneratorException?.ToString() ?? "none"}
            Generator errors:
            {GeneratorHarness.Format(generatorErrors)}
            Compilation errors:
            {GeneratorHarness.Format(CompilationErrors)}
            Generated: {string.Join(", ", GeneratedSources.Select(s => s.HintName))}
            """);
    }
}
