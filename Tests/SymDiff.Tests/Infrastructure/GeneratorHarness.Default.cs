using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SymDiff.Generator;

namespace SymDiff.Tests.Infrastructure;

// Overloads that run the real SymDiff generator; kept apart so the rest of the harness does not depend on it.
public static partial class GeneratorHarness
{
    /// <summary>Runs the SymDiff <see cref="DifferentiableGenerator"/> once over <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(new DifferentiableGenerator(), sources);

    /// <summary>Runs the SymDiff generator with MSBuild properties visible to it (see <see cref="Run(IIncrementalGenerator, IReadOnlyDictionary{string, string}, string[])"/>).</summary>
    public static GeneratorRun Run(IReadOnlyDictionary<string, string> buildProperties, params string[] sources) =>
        Run(new DifferentiableGenerator(), buildProperties, sources);

    /// <summary><see cref="RunTwice(IIncrementalGenerator, string[], Func{Compilation, Compilation})"/> with the SymDiff <see cref="DifferentiableGenerator"/>.</summary>
    public static GeneratorDriverRunResult RunTwice(string[] sources, Func<Compilation, Compilation> edit) =>
        RunTwice(new DifferentiableGenerator(), sources, edit);
}
