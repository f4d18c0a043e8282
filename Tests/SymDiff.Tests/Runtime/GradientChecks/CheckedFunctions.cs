using System;
using System.Collections.Generic;
using SymDiff;

namespace SymDiff.Tests.Runtime.GradientChecks;

/// <summary>Generated functions whose derivatives are checked against finite differences.</summary>
public static partial class CheckedFunctions
{
    /// <summary>Document 004: (x² + σ(y)) / (3x + y − σ(x)).</summary>
    [Differentiable]
    public static double ChainRule(double x, double y) => (x * x + SymMath.Sigmoid(y)) / (3 * x + y - SymMath.Sigmoid(x));

    /// <summary>Document 002, §2.2.1: 2x² + 2y² − xy − 17y·cos(0.2πx).</summary>
    [Differentiable]
    public static double NewtonSeed(double x, double y) => 2 * x * x + 2 * y * y - x * y - 17 * y * Math.Cos(0.2 * Math.PI * x);

    /// <summary>Document 002, §2.1: 3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂².</summary>
    [Differentiable]
    public static double Quartic(double x1, double x2) => 3 * x1 * x1 - 3 * x1 * x2 + 4 * x1 * x1 * x1 + x1 * x1 * x1 * x1 + 2 * x2 * x2;

    /// <summary>Rosenbrock's function (1 − x)² + 100(y − x²)².</summary>
    [Differentiable]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    /// <summary>Three parameters, exponentials, logarithms and trigonometry mixed.</summary>
    [Differentiable]
    public static double Mixed(double a, double b, double c) => Math.Exp(a * b) * Math.Log(1 + c * c) + Math.Sin(a - c) / (2 + Math.Cos(b));

    /// <summary>A sigmoid neuron's cross-entropy loss for target 1 with an L2 term (document 001).</summary>
    [Differentiable]
    public static double Neuron(double w0, double w1, double w2) =>
        -Math.Log(SymMath.Sigmoid(w0 + 0.5 * w1 - 1.5 * w2)) + 0.01 * (w1 * w1 + w2 * w2);

    /// <summary>log x + x·log y: a domain boundary at 0, close to the points it is checked at.</summary>
    [Differentiable]
    public static double Logs(double x, double y) => Math.Log(x) + x * Math.Log(y);
}

/// <summary>
/// f(x, y) = x²y + sin y written by hand with one deliberate mistake, chosen by <see cref="Mistake"/>: what a user's
/// wrong backprop formula looks like to the gradient check.
/// </summary>
internal sealed class HandWritten(HandWritten.Mistake mistake, double scale = 1) : IDifferentiableFunction
{
    public enum Mistake
    {
        None,
        GradientForgetsCosine,   // ∂f/∂y = x² instead of x² + cos y
        HessianWrongSign,        // ∂²f/∂y² = +sin y instead of −sin y
        HessianOneTriangle,      // ∂²f/∂y∂x = 3x instead of 2x (the other triangle right)
    }

    public int Dimension => 2;

    public IReadOnlyList<string> ParameterNames { get; } = new[] { "x", "y" };

    public double Value(ReadOnlySpan<double> x) => scale * (x[0] * x[0] * x[1] + Math.Sin(x[1]));

    public double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        gradient[0] = scale * 2 * x[0] * x[1];
        gradient[1] = scale * (x[0] * x[0] + (mistake == Mistake.GradientForgetsCosine ? 0 : Math.Cos(x[1])));
        return Value(x);
    }

    public double Hessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        double value = Gradient(x, gradient);
        hessian[0] = scale * 2 * x[1];
        hessian[1] = scale * 2 * x[0];
        hessian[2] = scale * (mistake == Mistake.HessianOneTriangle ? 3 : 2) * x[0];
        hessian[3] = scale * (mistake == Mistake.HessianWrongSign ? Math.Sin(x[1]) : -Math.Sin(x[1]));
        return value;
    }
}
