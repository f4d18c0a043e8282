using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using SymDiff.Tests.Infrastructure;
using SymDiff.Tests.Numeric;

namespace SymDiff.Tests.Properties;

/// <summary>A generated value of an array method <c>double F(ReadOnlySpan&lt;double&gt; x)</c>.</summary>
internal delegate double SpanValue(ReadOnlySpan<double> x);

/// <summary>A generated <c>FGradient(ReadOnlySpan&lt;double&gt; x, Span&lt;double&gt; gradient)</c>.</summary>
internal delegate double SpanGradient(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>A generated <c>FHessian(ReadOnlySpan&lt;double&gt; x, Span&lt;double&gt; gradient, Span&lt;double&gt; hessian)</c>.</summary>
internal delegate double SpanHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian);

/// <summary>A generated <c>FHessianVectorProduct(ReadOnlySpan&lt;double&gt; x, ReadOnlySpan&lt;double&gt; vector, Span&lt;double&gt; product)</c>.</summary>
internal delegate double SpanHessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> vector, Span<double> product);

/// <summary>Counts of what a property run compared.</summary>
internal sealed class CheckCounts
{
    public int Batches { get; set; }

    public int Methods { get; set; }

    public int BlockBodies { get; set; }

    public int WithHelperCalls { get; set; }

    public int Points { get; set; }

    public int Compared { get; set; }

    /// <summary>Points within 1e-6 (relative) of a branch boundary or a kink, where derivatives are not compared.</summary>
    public int NearBoundary { get; set; }

    /// <summary>Points where the reference value or a derivative is not finite (an overflow, say).</summary>
    public int NotFinite { get; set; }

    public override string ToString() =>
        $"{Batches} batches (one compilation each), {Methods} methods ({BlockBodies} block bodies, {WithHelperCalls} calling helpers), "
        + $"{Points} points: {Compared} compared, {NearBoundary} skipped near a branch boundary or kink, {NotFinite} skipped as not finite";
}

/// <summary>
/// One random method with the points to check it at: its source, and the comparison of its generated derivative
/// methods with the hyper-dual reference.
/// </summary>
internal abstract record MethodCase(Body Body)
{
    /// <summary>
    /// Results must agree with the reference to this tolerance relative to the largest magnitude of a value or
    /// derivative the reference computed on the way (<see cref="EvalState.Scale"/>), the scale of rounding errors.
    /// </summary>
    public const double Tolerance = 1e-10;

    /// <summary>A point closer than this (relative) to a branch boundary or a kink is not compared.</summary>
    public const double BoundaryMargin = 1e-6;

    /// <summary>The C# parameter list of the method.</summary>
    public abstract string ParameterList { get; }

    /// <summary>The names its body may read as parameters.</summary>
    public abstract string[] Parameters { get; }

    /// <summary>The method (and its helpers) named <paramref name="name"/>.</summary>
    public string Source(string name) => Body.MethodSource(name, ParameterList);

    /// <summary>Smaller well-formed cases, with the same points.</summary>
    public IEnumerable<MethodCase> Shrink() =>
        Body.Shrink().Where(b => b.IsWellFormed(Parameters)).Select(b => this with { Body = b });

    /// <summary>
    /// Compares the compiled method <paramref name="name"/> of type <paramref name="typeName"/> with the reference at
    /// every point; the first disagreement, described, or null.
    /// </summary>
    public abstract string? Compare(Assembly assembly, string typeName, string name, CheckCounts counts);

    public sealed override string ToString() => Source("F");

    /// <summary>Whether the reference's results are finite and the point is clear of boundaries; counts it either way.</summary>
    protected static bool Comparable(CheckCounts counts, double margin, double[] reference)
    {
        counts.Points++;
        if (!reference.All(double.IsFinite))
        {
            counts.NotFinite++;
            return false;
        }

        if (!(margin >= BoundaryMargin))
        {
            counts.NearBoundary++;
            return false;
        }

        counts.Compared++;
        return true;
    }

    /// <summary>The first entry of <paramref name="actual"/> not within the tolerance of <paramref name="expected"/>, described, or null.</summary>
    protected string? Disagreement(string what, string point, double[] expected, double[] actual, double scale)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!NumericKit.Close(expected[i], actual[i], Tolerance, scale))
            {
                return $"{what} at {point} (entry {i}, relative tolerance {NumericKit.R(Tolerance)} of {NumericKit.R(scale)}):\n"
                    + $"  expected (hyper-dual) {NumericKit.Format(expected)}\n  actual (generated)    {NumericKit.Format(actual)}\n{Source("F")}";
            }
        }

        return null;
    }

    protected static string Describe(double[] x) => "(" + string.Join(", ", x.Select(NumericKit.R)) + ")";
}

/// <summary>A random <c>double F(double x, double y)</c>, checked through <c>FGradient</c> and <c>FHessian</c>.</summary>
internal sealed record ScalarCase(Body Body, double[][] Points) : MethodCase(Body)
{
    public override string ParameterList => "double x, double y";

    public override string[] Parameters => new[] { "x", "y" };

    public override string? Compare(Assembly assembly, string typeName, string name, CheckCounts counts)
    {
        var f = GeneratorHarness.GetStaticDelegate<Func<double, double, double>>(assembly, typeName, name);
        var gradient = GeneratorHarness.GetStaticDelegate<Gradient2>(assembly, typeName, name + "Gradient");
        var hessian = GeneratorHarness.GetStaticDelegate<Hessian2>(assembly, typeName, name + "Hessian");
        foreach (var p in Points)
        {
            // Seeds (e_x, e_x) give f_x and f_xx, (e_x, e_y) give f_y and f_xy, (e_y, e_y) give f_yy.
            EvalState xxState = new(), xyState = new(), yyState = new();
            var xx = Body.Run(xxState, new HyperDual(p[0], 1, 1), new HyperDual(p[1]));
            var xy = Body.Run(xyState, new HyperDual(p[0], 1, 0), new HyperDual(p[1], 0, 1));
            var yy = Body.Run(yyState, new HyperDual(p[0]), new HyperDual(p[1], 1, 1));
            double margin = xyState.Margin; // the run seeded along x and y sees every boundary that moves
            double scale = Math.Max(xxState.Scale, Math.Max(xyState.Scale, yyState.Scale));
            double[] rg = { xx.A, xy.B }, rh = { xx.AB, xy.AB, xy.AB, yy.AB };
            if (!Comparable(counts, margin, rg.Concat(rh).Append(xx.V).ToArray()))
            {
                continue;
            }

            string point = "(x, y) = " + Describe(p);
            double value = f(p[0], p[1]);
            var g = new double[2];
            var hg = new double[2];
            var h = new double[4];
            double gv = gradient(p[0], p[1], g);
            double hv = hessian(p[0], p[1], hg, h);
            string? failure =
                Disagreement("TEST BUG: the hyper-dual reference's value vs the method itself", point, new[] { value }, new[] { xx.V }, scale)
                ?? Disagreement("Value (of FGradient, then of FHessian)", point, new[] { xx.V, xx.V }, new[] { gv, hv }, scale)
                ?? Disagreement("Gradient (of FGradient, then of FHessian)", point, rg.Concat(rg).ToArray(), g.Concat(hg).ToArray(), scale)
                ?? Disagreement("Hessian", point, rh, h, scale);
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }
}

/// <summary>
/// A random <c>double F(ReadOnlySpan&lt;double&gt; x)</c> with loops, checked through <c>FGradient</c>, <c>FHessian</c>
/// and <c>FHessianVectorProduct</c> at points of different lengths.
/// </summary>
internal sealed record ArrayCase(Body Body, (double[] X, double[] V)[] Points) : MethodCase(Body)
{
    public override string ParameterList => "ReadOnlySpan<double> x";

    public override string[] Parameters => Array.Empty<string>();

    public override string? Compare(Assembly assembly, string typeName, string name, CheckCounts counts)
    {
        var f = GeneratorHarness.GetStaticDelegate<SpanValue>(assembly, typeName, name);
        var gradient = GeneratorHarness.GetStaticDelegate<SpanGradient>(assembly, typeName, name + "Gradient");
        var hessian = GeneratorHarness.GetStaticDelegate<SpanHessian>(assembly, typeName, name + "Hessian");
        var product = GeneratorHarness.GetStaticDelegate<SpanHessianVectorProduct>(assembly, typeName, name + "HessianVectorProduct");
        foreach (var (x, v) in Points)
        {
            var (value, rg, rh, margin, scale) = Reference(x);
            int n = x.Length;
            var rhv = new double[n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    rhv[i] += rh[(i * n) + j] * v[j];
                }
            }

            if (!Comparable(counts, margin, rg.Concat(rh).Append(value).ToArray()))
            {
                continue;
            }

            string point = "x = " + Describe(x) + ", v = " + Describe(v);
            var g = new double[n];
            var hg = new double[n];
            var h = new double[n * n];
            var hvp = new double[n];
            double fv = f(x), gv = gradient(x, g), hv = hessian(x, hg, h), pv = product(x, v, hvp);
            string? failure =
                Disagreement("TEST BUG: the hyper-dual reference's value vs the method itself", point, new[] { fv }, new[] { value }, scale)
                ?? Disagreement("Value (of FGradient, FHessian, FHessianVectorProduct)", point, new[] { value, value, value }, new[] { gv, hv, pv }, scale)
                ?? Disagreement("Gradient (of FGradient, then of FHessian)", point, rg.Concat(rg).ToArray(), g.Concat(hg).ToArray(), scale)
                ?? Disagreement("Hessian", point, rh, h, scale)
                ?? Disagreement("Hessian-vector product", point, rhv, hvp, scale * n);
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    /// <summary>
    /// Value, gradient, row-major Hessian, boundary margin and magnitude scale at x by hyper-dual runs of the loops,
    /// one per pair i ≤ j of seeds (e_i, e_j).
    /// </summary>
    private (double Value, double[] Gradient, double[] Hessian, double Margin, double Scale) Reference(double[] x)
    {
        int n = x.Length;
        var gradient = new double[n];
        var hessian = new double[n * n];
        double value = 0, margin = double.PositiveInfinity, scale = 1;
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                var seeded = x.Select((t, k) => new HyperDual(t, k == i ? 1 : 0, k == j ? 1 : 0)).ToArray();
                var state = new EvalState(seeded);
                var r = Body.Execute(state);
                (value, margin, scale) = (r.V, Math.Min(margin, state.Margin), Math.Max(scale, state.Scale));
                gradient[i] = r.A;
                hessian[(i * n) + j] = hessian[(j * n) + i] = r.AB;
            }
        }

        return (value, gradient, hessian, margin, scale);
    }
}

/// <summary>
/// The value FsCheck generates and shrinks: a batch of methods compiled together. The property records which of its
/// methods failed; a batch shrinks to those methods alone, and a one-method batch to its method's smaller forms.
/// </summary>
internal sealed class CaseBatch
{
    public CaseBatch(MethodCase[] cases) => Cases = cases;

    public MethodCase[] Cases { get; }

    /// <summary>Indices of the methods that failed when the property last checked this batch.</summary>
    public int[] Failing { get; set; } = Array.Empty<int>();

    public override string ToString()
    {
        if (Cases.Length == 1)
        {
            return "\n" + Cases[0].Source("F");
        }

        var sb = new StringBuilder().Append(Cases.Length).Append(" methods; failing: ").Append(Failing.Length).Append('\n');
        foreach (int i in Failing.Take(5))
        {
            sb.Append(Cases[i].Source("F" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return sb.ToString();
    }
}
