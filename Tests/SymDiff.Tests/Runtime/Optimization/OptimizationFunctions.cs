using System;
using SymDiff;

namespace SymDiff.Tests.Runtime.Optimization;

/// <summary>The test functions of the optimization tests; the generator adds <c>QuadraticFunction</c> etc.</summary>
public static partial class OptimizationFunctions
{
    /// <summary>3x² + 2xy + 2y² − 4x + y: Hessian [[6, 2], [2, 4]] (positive definite), minimizer (0.9, −0.7).</summary>
    [Differentiable]
    public static double Quadratic(double x, double y) => (3 * x * x) + (2 * x * y) + (2 * y * y) - (4 * x) + y;

    /// <summary>½xᵀAx − bᵀx with A = [[3, 1], [1, 2]], b = (1, 1): minimizer A⁻¹b = (0.2, 0.4).</summary>
    [Differentiable]
    public static double GdQuadratic(double x, double y) => (1.5 * x * x) + (x * y) + (y * y) - x - y;

    /// <summary>The seed of document 002: 2x² + 2y² − xy − 17y·cos(0.2πx).</summary>
    [Differentiable]
    public static double Seed(double x, double y) => (2 * x * x) + (2 * y * y) - (x * y) - (17 * y * Math.Cos(0.2 * Math.PI * x));

    /// <summary>Rosenbrock's banana (1 − x)² + 100(y − x²)², minimum 0 at (1, 1).</summary>
    [Differentiable]
    public static double Rosenbrock(double x, double y) => ((1 - x) * (1 - x)) + (100 * (y - (x * x)) * (y - (x * x)));

    /// <summary>x⁴ − x² + y²: a saddle at the origin, minima at (±1/√2, 0).</summary>
    [Differentiable]
    public static double DoubleWell(double x, double y) => (x * x * x * x) - (x * x) + (y * y);

    /// <summary>3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂² (document 002, 2.1): minima (0, 0) and x₁ = (−6 − √21)/4, a saddle at x₁ = (−6 + √21)/4, x₂ = ¾x₁.</summary>
    [Differentiable]
    public static double Critical(double x1, double x2) =>
        (3 * x1 * x1) - (3 * x1 * x2) + (4 * x1 * x1 * x1) + (x1 * x1 * x1 * x1) + (2 * x2 * x2);

    /// <summary>log(x) + y²: NaN for x &lt; 0.</summary>
    [Differentiable]
    public static double LogOfX(double x, double y) => Math.Log(x) + (y * y);

    /// <summary>x − log(x) + y²: minimum 1 at (1, 0), undefined for x ≤ 0.</summary>
    [Differentiable]
    public static double XMinusLogX(double x, double y) => x - Math.Log(x) + (y * y);

    /// <summary>(x + y)²: Hessian [[2, 2], [2, 2]], singular everywhere.</summary>
    [Differentiable]
    public static double SumSquared(double x, double y) => (x + y) * (x + y);

    /// <summary>x², a function of (x, y) that does not depend on y: Hessian diag(2, 0).</summary>
    [Differentiable]
    public static double IgnoresY(double x, double y) => (x * x) + (0 * y);

    /// <summary>xy + yz + z²: indefinite Hessian [[0, 1, 0], [1, 0, 1], [0, 1, 2]] with a zero in the corner (LU must pivot); critical point at the origin.</summary>
    [Differentiable]
    public static double ZeroCorner(double x, double y, double z) => (x * y) + (y * z) + (z * z);

    /// <summary>10⁶(x − 1)² + 10⁻⁶(y − 2)²: a badly scaled but perfectly conditioned-after-scaling quadratic.</summary>
    [Differentiable]
    public static double BadlyScaled(double x, double y) => (1e6 * (x - 1) * (x - 1)) + (1e-6 * (y - 2) * (y - 2));

    /// <summary>−(x² + y²): a maximum at the origin.</summary>
    [Differentiable]
    public static double Cap(double x, double y) => -((x * x) + (y * y));
}
