using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.FSharp.Core;
using SymDiff.Generator;
using SymDiff.Tests.Infrastructure;
using Xunit.Sdk;

namespace SymDiff.Tests.Properties;

/// <summary>
/// The property "every generated method's derivatives agree with the hyper-dual reference", run by FsCheck over
/// batches of random methods: each batch is compiled through the real generator in one in-memory compilation
/// (methods <c>F0 … Fk</c> of one partial class, with their helpers), and each method is compared at its points.
/// A failing batch shrinks to its failing method alone, then to smaller methods (one compilation per shrink step, at
/// most <see cref="ShrinkBudget"/> steps), so the report ends with a minimal failing method in C#.
/// </summary>
internal sealed class DerivativeProperty
{
    private const string TypeName = "RandomMethods";
    private readonly CheckCounts _counts;
    private int _shrinkSteps;

    public DerivativeProperty(CheckCounts counts) => _counts = counts;

    /// <summary>Compilations allowed for shrinking one failure.</summary>
    public int ShrinkBudget { get; init; } = 60;

    /// <summary>
    /// Checks <paramref name="batches"/> batches of <paramref name="batchSize"/> cases drawn from
    /// <paramref name="cases"/>, replaying FsCheck's random stream from <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="Exception">FsCheck's report of the shrunk counterexample, when the property fails.</exception>
    public void Check(Gen<MethodCase> cases, int batchSize, int batches, ulong seed)
    {
        var arbitrary = Arb.From(cases.ArrayOf(batchSize).Select(c => new CaseBatch(c)), Shrink);
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(batches)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
        FsCheck.Check.One(config, Prop.ForAll(arbitrary, (Action<CaseBatch>)CheckBatch));
    }

    /// <summary>
    /// Compiles the batch and compares every method; throws a description of the failures (recording them in the
    /// batch for <see cref="Shrink"/>). Shrink candidates beyond the budget pass unchecked, which ends the shrinking.
    /// </summary>
    public void CheckBatch(CaseBatch batch)
    {
        bool shrinking = batch.Cases.Length == 1;
        if (shrinking && ++_shrinkSteps > ShrinkBudget)
        {
            return;
        }

        var counts = shrinking ? new CheckCounts() : _counts;
        var failures = new SortedDictionary<int, string>();
        var compiled = Compile(batch.Cases, failures);
        if (compiled is not null)
        {
            var (assembly, indices) = compiled.Value;
            for (int position = 0; position < indices.Length; position++)
            {
                int i = indices[position];
                string? failure = batch.Cases[i].Compare(assembly, TypeName, MethodName(position), counts);
                if (failure is not null)
                {
                    failures[i] = failure;
                }
            }
        }

        if (!shrinking)
        {
            counts.Batches++;
            counts.Methods += batch.Cases.Length;
            counts.BlockBodies += batch.Cases.Count(c => c.Body is BlockBody);
            counts.WithHelperCalls += batch.Cases.Count(c => c.Source("F").Contains("F_H0(", StringComparison.Ordinal));
        }

        batch.Failing = failures.Keys.ToArray();
        if (failures.Count > 0)
        {
            throw new XunitException(
                $"{failures.Count} of {batch.Cases.Length} methods disagree with the hyper-dual reference or fail to generate:\n\n"
                + string.Join("\n", failures.Values.Take(5)));
        }
    }

    /// <summary>A failing batch's failing methods, each alone; a one-method batch's smaller well-formed methods.</summary>
    /// <remarks>Lazy: FsCheck asks for the candidates before it checks the batch, and reads them after.</remarks>
    public static IEnumerable<CaseBatch> Shrink(CaseBatch batch)
    {
        var candidates = batch.Cases.Length > 1
            ? batch.Failing.Take(3).Select(i => batch.Cases[i])
            : batch.Cases[0].Shrink();
        foreach (var c in candidates)
        {
            yield return new CaseBatch(new[] { c });
        }
    }

    /// <summary>The source of a batch: one partial class holding <c>F0 … Fk</c> and their helpers.</summary>
    public static string Source(IReadOnlyList<MethodCase> cases, out int[] firstLines)
    {
        var sb = new StringBuilder("using System;\nusing SymDiff;\n\npublic static partial class ").Append(TypeName).Append("\n{\n");
        firstLines = new int[cases.Count];
        int line = 5;
        for (int i = 0; i < cases.Count; i++)
        {
            firstLines[i] = line;
            string method = cases[i].Source(MethodName(i));
            sb.Append(method);
            line += method.Count(c => c == '\n');
        }

        return sb.Append("}\n").ToString();
    }

    private static string MethodName(int index) => "F" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Compiles the cases through the generator. A method the generator rejects, or whose generated code does not
    /// compile (found from the errors' locations), is recorded in <paramref name="failures"/> with its errors, and the
    /// rest is compiled again without it; null when nothing compiles. The compiled cases are <c>Indices</c>, as
    /// methods <c>F0, F1, …</c> in that order. It drives the generator itself rather than through
    /// <see cref="GeneratorHarness.Run(string[])"/>, whose full error check binds the whole output once more before
    /// the emit binds it again: emitting once, and reading errors from the emit, halves the cost of a batch.
    /// </summary>
    private static (Assembly Assembly, int[] Indices)? Compile(MethodCase[] cases, SortedDictionary<int, string> failures)
    {
        var indices = Enumerable.Range(0, cases.Length).ToArray();
        while (indices.Length > 0)
        {
            var subset = indices.Select(i => cases[i]).ToArray();
            string source = Source(subset, out int[] firstLines);
            var driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions)
                .RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation(source), out Compilation output, out var generatorDiagnostics);
            Exception? exception = driver.GetRunResult().Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
            if (exception is not null)
            {
                throw new XunitException("The generator threw:\n" + exception + "\non the batch:\n" + source);
            }

            var errors = generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count == 0)
            {
                using var image = new MemoryStream();
                EmitResult emit = output.Emit(image);
                if (emit.Success)
                {
                    image.Position = 0;
                    return (new AssemblyLoadContext(TypeName, isCollectible: true).LoadFromStream(image), indices);
                }

                errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            }

            var culprits = errors.GroupBy(d => Culprit(d, firstLines)).ToList();
            if (culprits.Any(g => g.Key < 0))
            {
                throw new XunitException("Errors outside any random method:\n" + GeneratorHarness.Format(errors));
            }

            foreach (var group in culprits)
            {
                int original = indices[group.Key];
                failures[original] = $"Generation or compilation failed:\n{GeneratorHarness.Format(group.Take(3))}\n{cases[original].Source("F")}";
            }

            var failed = culprits.Select(g => indices[g.Key]).ToHashSet();
            indices = indices.Where(i => !failed.Contains(i)).ToArray();
        }

        return null;
    }

    /// <summary>The index in the compiled subset of the method an error belongs to (by generated file or by source line), or −1.</summary>
    private static int Culprit(Diagnostic d, int[] firstLines)
    {
        string path = d.Location.SourceTree?.FilePath ?? string.Empty;
        if (path.EndsWith(".g.cs", StringComparison.Ordinal))
        {
            string method = path[..^".g.cs".Length];
            method = method[(method.LastIndexOf('.') + 1)..];
            method = method.Split('_')[0];
            return method.StartsWith('F') && int.TryParse(method.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k : -1;
        }

        int line = d.Location.GetLineSpan().StartLinePosition.Line;
        return Array.FindLastIndex(firstLines, start => start <= line);
    }
}
