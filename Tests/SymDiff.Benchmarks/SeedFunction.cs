using System;

namespace SymDiff.Benchmarks;

/// <summary>
/// The seed function of document 004, f(x, y) = (x² + σ(y)) / (3x + y − σ(x)), as a user writes it; the generator
/// adds <c>FGradient</c> and <c>FHessian</c> (and <c>SigmoidGradient</c>, <c>SigmoidHessian</c>) to this type.
/// </summary>
public static partial class SeedFunction
{
    /// <summary>f(x, y) = (x² + σ(y)) / (3x + y − σ(x)).</summary>
    [Differentiable]
    public static double F(double x, double y) => (x * x + Sigmoid(y)) / (3 * x + y - Sigmoid(x));

    /// <summary>The logistic sigmoid σ(z) = 1 / (1 + e^(−z)), user-written.</summary>
    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}

/// <summary>
/// Derivatives of <see cref="SeedFunction.F"/> written by hand, as an expert would: σ computed once per argument
/// with the same definition 1 / (1 + e^(−z)), σ' = σ(1 − σ), one reciprocal of the denominator shared by
/// everything, and the quotient rule in the form f_i = (a_i − f·b_i) / b. These are the benchmarks' baselines.
/// </summary>
public static class HandWritten
{
    /// <summary>Returns f(x, y) and writes (∂f/∂x, ∂f/∂y) to <paramref name="gradient"/>.</summary>
    public static double Gradient(double x, double y, Span<double> gradient)
    {
        if (gradient.Length < 2)
        {
            throw new ArgumentException("gradient must have at least 2 elements.", nameof(gradient));
        }

        double sx = 1 / (1 + Math.Exp(-x));
        double sy = 1 / (1 + Math.Exp(-y));
        double r = 1 / (3 * x + y - sx);                       // 1 / b
        double f = (x * x + sy) * r;                           // a / b
        gradient[0] = (2 * x - f * (3 - sx * (1 - sx))) * r;   // (a_x − f·b_x) / b
        gradient[1] = (sy * (1 - sy) - f) * r;                 // (a_y − f·b_y) / b, b_y = 1
        return f;
    }

    /// <summary>Returns f(x, y), writes the gradient and the row-major 2 × 2 Hessian.</summary>
    /// <remarks>Differentiating b·f = a twice: f_ij = (a_ij − f·b_ij − b_i·f_j − b_j·f_i) / b, where
    /// a_xy = b_xy = b_yy = 0, b_y = 1, a_yy = σ''(y) and b_xx = −σ''(x), σ'' = σ'(1 − 2σ).</remarks>
    public static double Hessian(double x, double y, Span<double> gradient, Span<double> hessian)
    {
        if (gradient.Length < 2)
        {
            throw new ArgumentException("gradient must have at least 2 elements.", nameof(gradient));
        }

        if (hessian.Length < 4)
        {
            throw new ArgumentException("hessian must have at least 4 elements.", nameof(hessian));
        }

        double sx = 1 / (1 + Math.Exp(-x));
        double sy = 1 / (1 + Math.Exp(-y));
        double dsx = sx * (1 - sx);                            // σ'(x)
        double dsy = sy * (1 - sy);                            // σ'(y)
        double r = 1 / (3 * x + y - sx);
        double f = (x * x + sy) * r;
        double bx = 3 - dsx;
        double fx = (2 * x - f * bx) * r;
        double fy = (dsy - f) * r;
        double fxy = -(bx * fy + fx) * r;
        gradient[0] = fx;
        gradient[1] = fy;
        hessian[0] = (2 + f * dsx * (1 - 2 * sx) - 2 * bx * fx) * r;
        hessian[1] = fxy;
        hessian[2] = fxy;
        hessian[3] = (dsy * (1 - 2 * sy) - 2 * fy) * r;
        return f;
    }

    /// <summary>Returns f(x, y) and writes the Hessian-vector product H·v (the three distinct Hessian entries of
    /// <see cref="Hessian"/>, then a 2 × 2 product).</summary>
    public static double HessianVectorProduct(double x, double y, ReadOnlySpan<double> vector, Span<double> product)
    {
        if (vector.Length < 2)
        {
            throw new ArgumentException("vector must have at least 2 elements.", nameof(vector));
        }

        if (product.Length < 2)
        {
            throw new ArgumentException("product must have at least 2 elements.", nameof(product));
        }

        double sx = 1 / (1 + Math.Exp(-x));
        double sy = 1 / (1 + Math.Exp(-y));
        double dsx = sx * (1 - sx);
        double dsy = sy * (1 - sy);
        double r = 1 / (3 * x + y - sx);
        double f = (x * x + sy) * r;
        double bx = 3 - dsx;
        double fx = (2 * x - f * bx) * r;
        double fy = (dsy - f) * r;
        double fxx = (2 + f * dsx * (1 - 2 * sx) - 2 * bx * fx) * r;
        double fxy = -(bx * fy + fx) * r;
        double fyy = (dsy * (1 - 2 * sy) - 2 * fy) * r;
        double v0 = vector[0];
        double v1 = vector[1];
        product[0] = fxx * v0 + fxy * v1;
        product[1] = fxy * v0 + fyy * v1;
        return f;
    }
}

/// <summary>Central finite differences of <see cref="SeedFunction.F"/>, what one writes without derivatives.</summary>
public static class FiniteDifference
{
    /// <summary>Step of the gradient: about ∛ε, which balances truncation O(h²) and rounding O(ε/h).</summary>
    public const double GradientStep = 6e-6;

    /// <summary>Step of the Hessian stencil: about ε^¼, which balances truncation O(h²) and rounding O(ε/h²).</summary>
    public const double HessianStep = 1e-4;

    /// <summary>Returns f(x, y) and writes the central-difference gradient: 4 evaluations of F besides the value.</summary>
    public static double Gradient(double x, double y, Span<double> gradient)
    {
        const double h = GradientStep;
        gradient[0] = (SeedFunction.F(x + h, y) - SeedFunction.F(x - h, y)) / (2 * h);
        gradient[1] = (SeedFunction.F(x, y + h) - SeedFunction.F(x, y - h)) / (2 * h);
        return SeedFunction.F(x, y);
    }

    /// <summary>Returns f(x, y) and writes gradient and Hessian from the 9-point central stencil of F alone.</summary>
    public static double Hessian(double x, double y, Span<double> gradient, Span<double> hessian)
    {
        const double h = HessianStep;
        double f = SeedFunction.F(x, y);
        double xp = SeedFunction.F(x + h, y), xm = SeedFunction.F(x - h, y);
        double yp = SeedFunction.F(x, y + h), ym = SeedFunction.F(x, y - h);
        double pp = SeedFunction.F(x + h, y + h), pm = SeedFunction.F(x + h, y - h);
        double mp = SeedFunction.F(x - h, y + h), mm = SeedFunction.F(x - h, y - h);
        gradient[0] = (xp - xm) / (2 * h);
        gradient[1] = (yp - ym) / (2 * h);
        double xy = (pp - pm - mp + mm) / (4 * h * h);
        hessian[0] = (xp - 2 * f + xm) / (h * h);
        hessian[1] = xy;
        hessian[2] = xy;
        hessian[3] = (yp - 2 * f + ym) / (h * h);
        return f;
    }
}
