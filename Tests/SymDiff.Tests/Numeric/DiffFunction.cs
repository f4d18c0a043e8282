using System;
using System.Linq;
using SymDiff.Tests.Infrastructure;
using Xunit.Sdk;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// A <c>[Differentiable]</c> function of 1, 2 or 3 variables together with its generated <c>Gradient</c> and
/// <c>Hessian</c> methods, behind one array-based shape so that checks can be written once.
/// </summary>
internal sealed class DiffFunction
{
    private readonly Func<double[], double> _value;
    private readonly Func<double[], double[], double> _gradient;
    private readonly Func<double[], double[], double[], double> _hessian;

    private DiffFunction(string name, int arity, Func<double[], double> value,
        Func<double[], double[], double> gradient, Func<double[], double[], double[], double> hessian)
    {
        Name = name;
        Arity = arity;
        _value = value;
        _gradient = gradient;
        _hessian = hessian;
    }

    public string Name { get; }

    public int Arity { get; }

    public static DiffFunction Of(string name, Func<double, double> f, Gradient1 g, Hessian1 h) =>
        new(name, 1, p => f(p[0]), (p, gr) => g(p[0], gr), (p, gr, he) => h(p[0], gr, he));

    public static DiffFunction Of(string name, Func<double, double, double> f, Gradient2 g, Hessian2 h) =>
        new(name, 2, p => f(p[0], p[1]), (p, gr) => g(p[0], p[1], gr), (p, gr, he) => h(p[0], p[1], gr, he));

    public static DiffFunction Of(string name, Func<double, double, double, double> f, Gradient3 g, Hessian3 h) =>
        new(name, 3, p => f(p[0], p[1], p[2]), (p, gr) => g(p[0], p[1], p[2], gr), (p, gr, he) => h(p[0], p[1], p[2], gr, he));

    /// <summary>The function itself (the user's method, not generated code).</summary>
    public double Value(params double[] p) => _value(Check(p));

    /// <summary>Calls the generated gradient method; returns its returned value and the gradient it wrote.</summary>
    public (double Value, double[] Gradient) Gradient(params double[] p)
    {
        var g = new double[Arity];
        double v = _gradient(Check(p), g);
        return (v, g);
    }

    /// <summary>Calls the generated Hessian method; returns its returned value, gradient and row-major Hessian.</summary>
    public (double Value, double[] Gradient, double[] Hessian) Hessian(params double[] p)
    {
        var g = new double[Arity];
        var h = new double[Arity * Arity];
        double v = _hessian(Check(p), g, h);
        return (v, g, h);
    }

    /// <summary>
    /// The full numeric check at <paramref name="p"/>: the generated value matches the function; the gradient matches
    /// Ridders-extrapolated central differences of the function (<paramref name="gradientTolerance"/>, relative, with
    /// an absolute floor of the same size); the Hessian method repeats the gradient exactly, is exactly symmetric and
    /// matches Ridders differences of the generated gradient (<paramref name="hessianTolerance"/>).
    /// </summary>
    public void CheckAgainstFiniteDifferences(double[] p, double step, double gradientTolerance = 1e-8, double hessianTolerance = 1e-6)
    {
        string at = $"{Name} at {NumericKit.Format(p)}";
        double f = Value(p);
        var (gv, g) = Gradient(p);
        var (hv, hg, h) = Hessian(p);
        NumericKit.AssertClose(f, gv, 1e-14, $"{at}: value returned by {Name}Gradient");
        NumericKit.AssertClose(f, hv, 1e-14, $"{at}: value returned by {Name}Hessian");
        NumericKit.AssertFinite(g, $"{at}: gradient");
        NumericKit.AssertFinite(h, $"{at}: Hessian");

        double[] fd = NumericKit.Gradient(Value, p, step);
        NumericKit.AssertAllClose(fd, g, gradientTolerance, $"{at}: gradient vs finite differences");
        // The two methods are emitted separately (their common subexpressions differ), so only rounding may differ.
        NumericKit.AssertAllClose(g, hg, 1e-13, $"{at}: gradient of {Name}Hessian vs {Name}Gradient", Math.Max(1e-300, g.Max(Math.Abs)));

        NumericKit.AssertSymmetric(h, Arity, $"{at}: Hessian");
        double[] fdHessian = NumericKit.HessianFromGradient(q => Gradient(q).Gradient, p, step);
        NumericKit.AssertAllClose(fdHessian, h, hessianTolerance, $"{at}: Hessian vs finite differences of the gradient");
    }

    /// <summary>Compares the generated gradient and Hessian at <paramref name="p"/> with closed forms written by hand.</summary>
    public void CheckAgainstClosedForm(double[] p, double[] gradient, double[]? hessian, double tolerance = 1e-12)
    {
        string at = $"{Name} at {NumericKit.Format(p)}";
        var (_, g, h) = Hessian(p);
        var (_, g2) = Gradient(p);
        double gradientScale = Math.Max(1e-300, gradient.Max(Math.Abs));
        NumericKit.AssertAllClose(gradient, g, tolerance, $"{at}: Hessian method's gradient vs closed form", gradientScale);
        NumericKit.AssertAllClose(gradient, g2, tolerance, $"{at}: gradient vs closed form", gradientScale);
        if (hessian is not null)
        {
            double hessianScale = Math.Max(1e-300, hessian.Max(Math.Abs));
            NumericKit.AssertAllClose(hessian, h, tolerance, $"{at}: Hessian vs closed form", hessianScale);
        }
    }

    private double[] Check(double[] p) =>
        p.Length == Arity ? p : throw new XunitException($"{Name} takes {Arity} arguments, got {p.Length}");
}
