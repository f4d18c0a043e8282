using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace SymDiff.Tests.Robustness;

/// <summary>
/// The generator never breaks a build: over a hand-written corpus of malformed and unsupported code and thousands
/// of truncations and token mutations of valid <c>[Differentiable]</c> sources, no exception escapes (no CS8785 or
/// AD0001, no SYMDIFF010), every SYMDIFF diagnostic points into the input, no run needs cancelling, and (for the
/// hand-written corpus) generated code compiles whenever the user's code does.
/// </summary>
[Collection(RobustnessCollection.Name)]
public class MalformedInputTests
{
    private static readonly TimeSpan PerInputTimeout = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper _output;

    /// <summary>Creates the test class with xunit's output sink (the counts and timings are written there).</summary>
    public MalformedInputTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void HandWrittenCorpusNeverBreaksTheGenerator()
    {
        var cases = MalformedCorpus.All();
        var watch = Stopwatch.StartNew();
        var outcomes = cases.Select(c => RobustnessRunner.Run(c.Source, PerInputTimeout, checkOutputCompiles: true)).ToList();
        var failures = outcomes.Where(o => o.Problems.Count > 0).ToList();
        _output.WriteLine($"{cases.Count} hand-written cases in {watch.Elapsed.TotalSeconds:0.0} s: "
            + $"{outcomes.Count(o => o.SymDiff.Any())} with SYMDIFF diagnostics, {outcomes.Count(o => o.GeneratedFiles > 0)} generating code");

        Assert.True(cases.Count >= 200, $"only {cases.Count} cases");
        Assert.True(failures.Count == 0, RobustnessRunner.Report(failures, cases.Count));
    }

    [Fact]
    public void TruncationsAndMutationsOfValidMethodsNeverBreakTheGenerator()
    {
        var inputs = FuzzInputs().ToList();
        var watch = Stopwatch.StartNew();
        var outcomes = inputs.AsParallel().AsOrdered().WithDegreeOfParallelism(2)
            .Select(input => RobustnessRunner.Run(input, PerInputTimeout)).ToList();
        var failures = outcomes.Where(o => o.Problems.Count > 0).ToList();
        int withDiagnostics = outcomes.Count(o => o.SymDiff.Any());
        var slowest = outcomes.Max(o => o.Elapsed);

        _output.WriteLine($"{inputs.Count} truncated or mutated inputs in {watch.Elapsed.TotalSeconds:0.0} s "
            + $"(slowest {slowest.TotalMilliseconds:0} ms): {withDiagnostics} with SYMDIFF diagnostics");
        Assert.True(inputs.Count >= 5000, $"only {inputs.Count} inputs");
        Assert.True(failures.Count == 0, RobustnessRunner.Report(failures, inputs.Count));
    }

    /// <summary>
    /// Every prefix of every seed cut after each token and inside each longer identifier, and, from a fixed random
    /// seed, single-token deletions, duplications, swaps, replacements and insertions of a token from
    /// <see cref="Vocabulary"/>.
    /// </summary>
    internal static IEnumerable<string> FuzzInputs()
    {
        var random = new Random(6);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in FuzzSeeds.Sources)
        {
            var tokens = CSharpSyntaxTree.ParseText(seed, Infrastructure.GeneratorHarness.ParseOptions).GetRoot()
                .DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
            // After every token, and inside every longer identifier (half-typed names: "Math.Si").
            var cuts = tokens.SelectMany(t => t.IsKind(SyntaxKind.IdentifierToken) && t.Span.Length > 3
                ? new[] { t.SpanStart + (t.Span.Length / 2), t.Span.End }
                : new[] { t.Span.End });
            foreach (var cut in cuts)
            {
                if (seen.Add(seed.Substring(0, cut)))
                {
                    yield return seed.Substring(0, cut);
                }
            }

            for (int i = 0; i < 360; i++)
            {
                var t = tokens[random.Next(tokens.Count)];
                var u = tokens[random.Next(tokens.Count)];
                var mutated = (i % 5) switch
                {
                    0 => seed.Remove(t.SpanStart, t.Span.Length),
                    1 => seed.Insert(t.SpanStart, t.Text + " "),
                    2 => seed.Insert(t.SpanStart, " " + Vocabulary[random.Next(Vocabulary.Length)] + " "),
                    3 => seed.Remove(t.SpanStart, t.Span.Length).Insert(t.SpanStart, Vocabulary[random.Next(Vocabulary.Length)]),
                    _ => Swap(seed, t, u),
                };
                if (seen.Add(mutated))
                {
                    yield return mutated;
                }
            }
        }
    }

    private static string Swap(string source, SyntaxToken a, SyntaxToken b)
    {
        if (a.SpanStart > b.SpanStart)
        {
            (a, b) = (b, a);
        }

        return a.Span.End > b.SpanStart
            ? source
            : source.Substring(0, a.SpanStart) + b.Text + source.Substring(a.Span.End, b.SpanStart - a.Span.End) + a.Text + source.Substring(b.Span.End);
    }

    /// <summary>Tokens and fragments the mutator inserts.</summary>
    private static readonly string[] Vocabulary =
    {
        "(", ")", "{", "}", "[", "]", ";", ",", ".", "=", "==", "+", "-", "*", "/", "%", "<", ">", "?", ":", "=>", "!", "&&", "++", "+=",
        "return", "x", "i", "n", "double", "int", "var", "bool", "float", "object", "dynamic", "void", "static", "partial", "ref", "out", "in",
        "params", "this", "new", "stackalloc", "if", "else", "for", "while", "foreach", "switch", "case", "default", "goto", "break", "continue",
        "yield", "await", "async", "unsafe", "checked", "throw", "try", "catch", "null", "true", "0", "1", "2.5", "1e308", "\"s\"", "'c'",
        "Math.Sin(", "Math.Round(x, 2)", "Math.Foo(x)", "Unknown", "SymMath.Sigmoid(", "F(x)", "G(x)", "x[i]", "x.Length", "x.Slice(0, 1)",
        "<T>", "where T : struct", "[Differentiable]", "[Result]", "[Constant]", "#if X", "#endif", "/*", "*/", "//", "@", "$\"", "L:", "nameof(x)",
        "default(double)", "(int)", "(float)", "is", "as", "typeof(int)", "sizeof(double)", "__arglist", "=> x", "{ }", "();", "double y = x;",
    };
}
