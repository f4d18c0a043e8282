using System;
using System.Diagnostics;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit;
using Xunit.Abstractions;

namespace SymDiff.Tests.Properties;

/// <summary>
/// Property-based tests (FsCheck) of the generator: thousands of random <c>[Differentiable]</c> methods over the
/// supported language, compiled in memory through the real generator in batches (one compilation per batch), whose
/// generated value, gradient, Hessian (and for array methods Hessian-vector product) must agree at random points with
/// forward-mode hyper-dual numbers run over the same program (exact first and second derivatives) to a relative
/// 1e-10. Points within 1e-6 of a branch boundary or a kink are not compared. Seeds are fixed, so runs are
/// deterministic; a failure shrinks to a minimal failing method, printed in C#.
/// </summary>
public sealed class GeneratedDerivativeProperties
{
    private readonly ITestOutputHelper _output;

    public GeneratedDerivativeProperties(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// Expression and block bodies over (x, y): every Math and SymMath function, ?: and if/else, locals, compound
    /// assignments, early returns and calls of helper methods.
    /// </summary>
    [Fact]
    public void ScalarMethods_MatchHyperDualReference()
    {
        var cases =
            from body in ProgramGenerators.ScalarBody(0)
            from points in ProgramGenerators.ScalarPoint.ArrayOf(3)
            select (MethodCase)new ScalarCase(body, points);
        Run("scalar", cases, batchSize: 250, batches: 8, seed: 20250601, minimumMethods: 2000);
    }

    /// <summary>
    /// Methods over a <c>ReadOnlySpan&lt;double&gt;</c>: accumulators carried through loops (sums, products, running
    /// Max and Min, divisions), nested and triangular loops with x[i]·x[j] terms, branches and helper calls inside
    /// loops, checked at lengths 1 to 4.
    /// </summary>
    [Fact]
    public void ArrayMethods_MatchHyperDualReference()
    {
        var cases =
            from body in ProgramGenerators.ArrayBody
            from points in ProgramGenerators.ArrayPoint.ArrayOf(3)
            select (MethodCase)new ArrayCase(body, points);
        Run("array", cases, batchSize: 100, batches: 2, seed: 20250602, minimumMethods: 200);
    }

    /// <summary>
    /// The shrinking the properties rely on, without compiling: a property failing whenever a method calls Math.Cos
    /// shrinks a large random method to a few nodes that no further shrink step can reduce while keeping the failure,
    /// and every candidate on the way is well formed.
    /// </summary>
    [Fact]
    public void Shrinking_ReachesAMinimalFailingMethod()
    {
        var cases = ProgramGenerators.ScalarBody(0).Select(b => (MethodCase)new ScalarCase(b, new[] { new[] { 0.5, -0.25 } }));
        var arbitrary = Arb.From(cases.Where(c => c.Body.Size > 30 && c.Source("F").Contains("Math.Cos(", StringComparison.Ordinal)), c => c.Shrink());
        MethodCase? smallest = null;
        bool Property(MethodCase c)
        {
            Assert.True(c.Body.IsWellFormed(c.Parameters), c.Source("F"));
            if (!c.Source("F").Contains("Math.Cos(", StringComparison.Ordinal))
            {
                return true;
            }

            smallest = c;
            return false;
        }

        var config = Config.QuickThrowOnFailure.WithMaxTest(1)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(7), FSharpOption<int>.None)));
        Assert.ThrowsAny<Exception>(() => FsCheck.Check.One(config, Prop.ForAll(arbitrary, (Func<MethodCase, bool>)Property)));
        Assert.NotNull(smallest);
        _output.WriteLine("shrunk to:\n" + smallest!.Source("F"));
        Assert.True(smallest.Body.Size <= 5, smallest.Source("F"));
        Assert.All(smallest.Shrink(), c => Assert.DoesNotContain("Math.Cos(", c.Source("F"), StringComparison.Ordinal));
    }

    private void Run(string kind, Gen<MethodCase> cases, int batchSize, int batches, ulong seed, int minimumMethods)
    {
        var counts = new CheckCounts();
        var clock = Stopwatch.StartNew();
        try
        {
            new DerivativeProperty(counts).Check(cases, batchSize, batches, seed);
        }
        finally
        {
            _output.WriteLine($"{kind}: {counts} in {clock.Elapsed.TotalSeconds:F1} s (seed {seed})");
        }

        Assert.True(counts.Methods >= minimumMethods, $"only {counts.Methods} methods were checked");
        Assert.True(counts.Compared >= counts.Points * 3 / 4, $"too many points skipped: {counts}");
    }
}
