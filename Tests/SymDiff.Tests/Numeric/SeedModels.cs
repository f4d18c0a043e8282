using System;

namespace SymDiff.Tests.Numeric;

/// <summary>The seed function of the design notes, f(x, y) = (x² + σ(y)) / (3x + y − σ(x)), with σ declared here.</summary>
public static partial class SeedModel
{
    [Differentiable]
    public static double F(double x, double y) => (x * x + Sigmoid(y)) / (3 * x + y - Sigmoid(x));

    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>The same f with the runtime's <see cref="SymMath.Sigmoid"/>.</summary>
    [Differentiable]
    public static double FSymMath(double x, double y) => (x * x + SymMath.Sigmoid(y)) / (3 * x + y - SymMath.Sigmoid(x));
}

/// <summary>The Newton's-method seed problem: 2x² + 2y² − xy − 17y·cos(0.2πx).</summary>
public static partial class NewtonSeed
{
    [Differentiable]
    public static double F(double x, double y) => 2 * x * x + 2 * y * y - x * y - 17 * y * Math.Cos(0.2 * Math.PI * x);
}

/// <summary>The critical-points seed problem: 3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂².</summary>
public static partial class CriticalPointsSeed
{
    [Differentiable]
    public static double F(double x1, double x2) => 3 * x1 * x1 - 3 * x1 * x2 + 4 * Math.Pow(x1, 3) + Math.Pow(x1, 4) + 2 * x2 * x2;
}
