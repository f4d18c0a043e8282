using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Xunit;

namespace SymDiff.Tests.Robustness;

/// <summary>
/// Size limits produce diagnostics, never a hung build or a stack overflow: 10,000-term expressions, 5,000-deep
/// nesting of parentheses, calls, <c>?:</c>, unary minus and <c>if</c>, and a 200-level chain of
/// <c>[Differentiable]</c> methods. Each runs on a thread with a 1 MB stack (the size of a compiler thread's stack
/// in a build), within a time bound, and ends in generated code that compiles or a SYMDIFF diagnostic at a location in
/// the input (or, where the compiler rejects the code itself, in nothing).
/// </summary>
[Collection(RobustnessCollection.Name)]
public class ScaleTests
{
    private const string Prefix = "using System;\nusing SymDiff;\npublic static partial class M\n{\n";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>The cases: a name and the members of class M.</summary>
    public static IEnumerable<object[]> Cases()
    {
        string Deep(string open, string leaf, string close, int depth)
            => string.Concat(Enumerable.Repeat(open, depth)) + leaf + string.Concat(Enumerable.Repeat(close, depth));
        string Method(string body) => $"    [Differentiable] public static double F(double x, double y) {body}\n";

        // 10,000 syntax nodes: 3,334 terms of three nodes (literal, *, x) each.
        yield return new object[] { "sum of 10,000 nodes", Method("=> " + string.Join(" + ", Enumerable.Range(1, 3_334).Select(i => $"{i} * x")) + ";") };
        yield return new object[] { "2,500 statements", Method("{ double s = 0; " + string.Concat(Enumerable.Range(1, 2_500).Select(i => $"s += x * {i}; ")) + "return s; }") };
        yield return new object[] { "right-deep sum of 5,000", Method("=> " + Deep("x + (", "y", ")", 5_000) + ";") };
        yield return new object[] { "5,000 nested Math.Sin", Method("=> " + Deep("Math.Sin(", "x", ")", 5_000) + ";") };
        yield return new object[] { "5,000 nested ?:", Method("=> " + Deep("x > 0 ? y : (", "x", ")", 5_000) + ";") };
        yield return new object[] { "5,000 unary minus", Method("=> " + Deep("-(", "x", ")", 5_000) + ";") };
        yield return new object[] { "5,000 nested ifs", Method("{ double s = x; " + Deep("if (x > 0) { ", "s = s * y;", " }", 5_000) + " return s; }") };
        yield return new object[] { "5,000 nested blocks", Method("{ double s = x; " + Deep("{ ", "s = s * y;", " }", 5_000) + " return s; }") };
        yield return new object[] { "chain of 100 methods (SYMDIFF006 past 64 inlined calls)", string.Concat(Enumerable.Range(0, 100).Select(i =>
            $"    [Differentiable] public static double C{i}(double x) => {(i == 99 ? "x" : $"C{i + 1}(x) * x")};\n")) };
        yield return new object[] { "5,000 nested loops", "    [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; "
            + Deep("for (int i = 0; i < x.Length; i++) { ", "s += x[0];", " }", 5_000) + " return s; }\n" };
        yield return new object[] { "5,000 nested element reads", "    [Differentiable] public static double F(ReadOnlySpan<double> x) => " + Deep("x[(", "0", ")]", 5_000) + ";\n" };
        yield return new object[] { "5,000 nested lambdas", Method("{ Func<double, double> f = " + Deep("v => (", "v", ")", 5_000) + "; return f(x); }") };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LargeInputsEndInCodeOrADiagnosticQuickly(string name, string members)
    {
        var source = Prefix + members + "}\n";
        RobustnessRunner.Outcome? outcome = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    outcome = RobustnessRunner.Run(source, Bound, checkOutputCompiles: true);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            maxStackSize: 1024 * 1024);
        var watch = Stopwatch.StartNew();
        thread.Start();
        Assert.True(thread.Join(Bound + TimeSpan.FromSeconds(5)), $"{name}: the generator did not finish");
        watch.Stop();

        Assert.Null(failure);
        Assert.NotNull(outcome);
        Assert.True(outcome!.Problems.Count == 0, RobustnessRunner.Report(new[] { outcome }, 1));
        Assert.True(watch.Elapsed < Bound, $"{name}: took {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
