using System;
using System.Globalization;
using System.Linq;
using Xunit.Sdk;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// Independent numeric truths for the numeric tests: high-accuracy finite differences (Ridders' Richardson
/// extrapolation of central differences) and tolerant comparisons with readable failure messages.
/// </summary>
internal static class NumericKit
{
    /// <summary>
    /// df/dx at <paramref name="x"/> by Ridders' method (Numerical Recipes' <c>dfridr</c>): central differences with
    /// steps <paramref name="h"/>, h/1.4, h/1.4², ... extrapolated to step 0 by a Neville tableau. Typically accurate to
    /// 1e-10..1e-13 relative for smooth f. <paramref name="h"/> must keep x ± h inside f's smooth domain.
    /// </summary>
    public static double Derivative(Func<double, double> f, double x, double h, out double error)
    {
        const int Table = 12;
        const double Shrink = 1.4, Shrink2 = Shrink * Shrink, Safe = 2.0;
        var a = new double[Table, Table];
        double step = h;
        a[0, 0] = (f(x + step) - f(x - step)) / (2 * step);
        double best = a[0, 0];
        error = double.MaxValue;
        for (int i = 1; i < Table; i++)
        {
            step /= Shrink;
            a[0, i] = (f(x + step) - f(x - step)) / (2 * step);
            double factor = Shrink2;
            for (int j = 1; j <= i; j++)
            {
                a[j, i] = (a[j - 1, i] * factor - a[j - 1, i - 1]) / (factor - 1);
                factor *= Shrink2;
                double e = Math.Max(Math.Abs(a[j, i] - a[j - 1, i]), Math.Abs(a[j, i] - a[j - 1, i - 1]));
                if (e <= error)
                {
                    error = e;
                    best = a[j, i];
                }
            }

            if (Math.Abs(a[i, i] - a[i - 1, i - 1]) >= Safe * error)
            {
                break;
            }
        }

        return best;
    }

    /// <summary><see cref="Derivative(Func{double, double}, double, double, out double)"/> without the error estimate.</summary>
    public static double Derivative(Func<double, double> f, double x, double h = 0.1) => Derivative(f, x, h, out _);

    /// <summary>The gradient of <paramref name="f"/> at <paramref name="p"/> by Ridders' method along each axis.</summary>
    public static double[] Gradient(Func<double[], double> f, double[] p, double h = 0.1) =>
        Enumerable.Range(0, p.Length).Select(i => Derivative(t => f(With(p, i, t)), p[i], h)).ToArray();

    /// <summary>
    /// The row-major Hessian, H[i, j] = ∂(gradient[i])/∂p[j], by Ridders' method applied to a gradient function
    /// (the generated one: this checks the Hessian against the gradient, which is checked separately).
    /// </summary>
    public static double[] HessianFromGradient(Func<double[], double[]> gradient, double[] p, double h = 0.1)
    {
        int n = p.Length;
        var hessian = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                int row = i;
                hessian[(i * n) + j] = Derivative(t => gradient(With(p, j, t))[row], p[j], h);
            }
        }

        return hessian;
    }

    /// <summary>A copy of <paramref name="p"/> with entry <paramref name="i"/> replaced by <paramref name="value"/>.</summary>
    public static double[] With(double[] p, int i, double value)
    {
        var q = (double[])p.Clone();
        q[i] = value;
        return q;
    }

    /// <summary>Whether |actual − expected| ≤ tolerance · max(|expected|, <paramref name="scale"/>).</summary>
    public static bool Close(double expected, double actual, double tolerance, double scale = 1.0) =>
        expected == actual || Math.Abs(actual - expected) <= tolerance * Math.Max(Math.Abs(expected), scale);

    /// <summary>Asserts <see cref="Close"/>, naming <paramref name="what"/> in the message.</summary>
    public static void AssertClose(double expected, double actual, double tolerance, string what, double scale = 1.0)
    {
        if (!Close(expected, actual, tolerance, scale))
        {
            throw new XunitException(
                $"{what}: expected {R(expected)}, actual {R(actual)} (difference {R(actual - expected)}, relative tolerance {R(tolerance)}, scale {R(scale)})");
        }
    }

    /// <summary>Asserts every entry of <paramref name="actual"/> is <see cref="Close"/> to <paramref name="expected"/>.</summary>
    public static void AssertAllClose(double[] expected, double[] actual, double tolerance, string what, double scale = 1.0)
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"{what}: expected {expected.Length} entries, actual {actual.Length}");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (!Close(expected[i], actual[i], tolerance, scale))
            {
                throw new XunitException(
                    $"{what}[{i}]: expected {R(expected[i])}, actual {R(actual[i])} (relative tolerance {R(tolerance)}, scale {R(scale)})\n"
                    + $"  expected: {Format(expected)}\n  actual:   {Format(actual)}");
            }
        }
    }

    /// <summary>Asserts that <paramref name="actual"/> has the same bits as <paramref name="expected"/> (0.0 ≠ −0.0, NaN = NaN).</summary>
    public static void AssertBitwise(double expected, double actual, string what)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            throw new XunitException($"{what}: expected exactly {R(expected)}, actual {R(actual)}");
        }
    }

    /// <summary>Asserts a row-major n × n matrix is exactly symmetric.</summary>
    public static void AssertSymmetric(double[] matrix, int n, string what)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                AssertBitwise(matrix[(i * n) + j], matrix[(j * n) + i], $"{what} symmetry [{i},{j}] vs [{j},{i}]");
            }
        }
    }

    /// <summary>Asserts every entry is finite.</summary>
    public static void AssertFinite(double[] values, string what)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new XunitException($"{what}[{i}] is {R(values[i])}: {Format(values)}");
            }
        }
    }

    /// <summary>Round-trip invariant text of a number.</summary>
    public static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="v"/> as a C# double literal in generated test sources: always with a point or an exponent (so
    /// <c>1.0 / 2.0</c> is never integer division), a negative value in parentheses.
    /// </summary>
    public static string DoubleLiteral(double v)
    {
        string text = R(Math.Abs(v));
        if (text.IndexOfAny(new[] { '.', 'E' }) < 0)
        {
            text += ".0";
        }

        return v < 0 ? "(-" + text + ")" : text;
    }

    /// <summary>The entries as <c>[a, b, ...]</c>.</summary>
    public static string Format(double[] values) => "[" + string.Join(", ", values.Select(R)) + "]";
}
