using System;

namespace SymDiff.Samples;

/// <summary>The shape of a generated <c>FGradient</c> of a function of two variables.</summary>
public delegate double Gradient2(double x, double y, Span<double> gradient);

/// <summary>Central finite differences, used only to cross-check generated derivatives.</summary>
public static class FiniteDifferences
{
    /// <summary>
    /// The Hessian as the central-difference Jacobian of an (exact) gradient, row-major:
    /// element <c>i * 2 + j</c> is (g_j(p + h·e_i) − g_j(p − h·e_i)) / 2h. Error O(h²).
    /// </summary>
    public static double[] HessianOfGradient(Gradient2 gradient, double x, double y, double h)
    {
        Span<double> plus = stackalloc double[2];
        Span<double> minus = stackalloc double[2];
        var hessian = new double[4];
        for (int i = 0; i < 2; i++)
        {
            double dx = i == 0 ? h : 0, dy = i == 1 ? h : 0;
            gradient(x + dx, y + dy, plus);
            gradient(x - dx, y - dy, minus);
            for (int j = 0; j < 2; j++)
            {
                hessian[i * 2 + j] = (plus[j] - minus[j]) / (2 * h);
            }
        }

        return hessian;
    }

    /// <summary>The central-difference gradient of <paramref name="f"/> at (x, y). Error O(h²).</summary>
    public static double[] Gradient(Func<double, double, double> f, double x, double y, double h) => new[]
    {
        (f(x + h, y) - f(x - h, y)) / (2 * h),
        (f(x, y + h) - f(x, y - h)) / (2 * h),
    };
}
