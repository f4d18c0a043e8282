using System;
using SymDiff;
using Xunit;
using F = SymDiff.Tests.Runtime.Optimization.OptimizationFunctions;

namespace SymDiff.Tests.Runtime.Optimization;

/// <summary>Gradient descent with the optimal quadratic step (document 000, problem 2.c).</summary>
public sealed class GradientDescentTests
{
    [Fact]
    public void OptimalStepSize_IsGTransposeGOverGTransposeHG()
    {
        // g = (−1, −1), H = A = [[3, 1], [1, 2]]: gᵀg = 2, gᵀHg = 7.
        Assert.Equal(2.0 / 7.0, GradientDescent.OptimalStepSize(new[] { -1.0, -1.0 }, new[] { 3.0, 1.0, 1.0, 2.0 }), 15);
    }

    [Fact]
    public void OptimalStepSize_AcceptsAHessianSpanOfAtLeastNSquared_LikeIDifferentiableFunction()
    {
        // Only the first n² entries are read, as IDifferentiableFunction.Hessian writes "at least n²".
        double exact = GradientDescent.OptimalStepSize(new[] { -1.0, -1.0 }, new[] { 3.0, 1.0, 1.0, 2.0 });
        Assert.Equal(exact, GradientDescent.OptimalStepSize(new[] { -1.0, -1.0 }, new[] { 3.0, 1.0, 1.0, 2.0, double.NaN, -1e300 }));

        Span<double> buffer = stackalloc double[16];
        buffer.Fill(double.NaN);
        Span<double> gradient = stackalloc double[2];
        F.GdQuadraticFunction.Hessian(new[] { 0.0, 0.0 }, gradient, buffer);
        Assert.Equal(2.0 / 7.0, GradientDescent.OptimalStepSize(gradient, buffer), 15);

        Assert.True(double.IsNaN(GradientDescent.OptimalStepSize(ReadOnlySpan<double>.Empty, new double[3])));
        var tooShort = Assert.Throws<ArgumentException>(() => GradientDescent.OptimalStepSize(new double[2], new double[3]));
        Assert.Equal("hessian", tooShort.ParamName);
        Assert.Contains("at least n² = 4", tooShort.Message);
    }

    [Fact]
    public void GradientNorms_AreRecorded_ForEveryIterate()
    {
        var result = GradientDescent.Minimize(F.GdQuadraticFunction, new[] { 0.0, 0.0 });
        Assert.Equal(result.Iterates.Count, result.GradientNorms.Count);
        Span<double> g = stackalloc double[2];
        Span<double> h = stackalloc double[4];
        for (int k = 0; k < result.Iterates.Count; k++)
        {
            F.GdQuadraticFunction.Hessian(result.Iterates[k], g, h);
            Assert.Equal(Math.Max(Math.Abs(g[0]), Math.Abs(g[1])), result.GradientNorms[k]);
        }

        Assert.Equal(1, result.GradientNorms[0]); // ‖−b‖∞
        Assert.Equal(result.GradientNorm, result.GradientNorms[^1]);
        Assert.True(result.GradientNorm <= GradientDescentOptions.Default.GradientTolerance);
    }

    [Fact]
    public void OptimalStepSize_IsNaN_WhenNoPositiveCurvatureAlongTheGradient()
    {
        Assert.True(double.IsNaN(GradientDescent.OptimalStepSize(new[] { 1.0, 0.0 }, new[] { -2.0, 0.0, 0.0, 2.0 })));
        Assert.True(double.IsNaN(GradientDescent.OptimalStepSize(new[] { 1.0, 0.0 }, new[] { 0.0, 0.0, 0.0, 2.0 })));
        Assert.True(double.IsNaN(GradientDescent.OptimalStepSize(new[] { 0.0, 0.0 }, new[] { 1.0, 0.0, 0.0, 1.0 })));
        Assert.True(double.IsNaN(GradientDescent.OptimalStepSize(new[] { double.NaN, 0.0 }, new[] { 1.0, 0.0, 0.0, 1.0 })));
        Assert.Equal("hessian", Assert.Throws<ArgumentException>(() => GradientDescent.OptimalStepSize(new double[2], new double[3])).ParamName);
    }

    [Fact]
    public void OnAQuadratic_TheFirstStepIsTheClosedFormOptimalStep_AndTheRunConverges()
    {
        // ½xᵀAx − bᵀx, A = [[3, 1], [1, 2]], b = (1, 1), from 0: g₀ = −b, α₀ = 2/7, x₁ = (2/7, 2/7).
        var result = GradientDescent.Minimize(F.GdQuadraticFunction, new[] { 0.0, 0.0 });

        OptimizationAssert.Converged(result);
        Assert.Equal(0, result.FallbackIterations);
        OptimizationAssert.Close(new[] { 2.0 / 7.0, 2.0 / 7.0 }, result.Iterates[1], 1e-15);
        OptimizationAssert.Close(new[] { 0.2, 0.4 }, result.Solution, 1e-9);
        Assert.Equal(-0.3, result.Value, 14);

        // Every step is the optimal step at its iterate: xₖ₊₁ = xₖ − αₖgₖ with αₖ = gₖᵀgₖ / gₖᵀAgₖ, and successive
        // gradients are orthogonal (exact line search).
        var g = new double[2];
        var h = new double[4];
        for (int k = 0; k + 1 < result.Iterates.Count && k < 10; k++)
        {
            var x = result.Iterates[k];
            F.GdQuadraticFunction.Hessian(x, g, h);
            double alpha = GradientDescent.OptimalStepSize(g, h);
            OptimizationAssert.Close(new[] { x[0] - (alpha * g[0]), x[1] - (alpha * g[1]) }, result.Iterates[k + 1], 1e-14);
        }

        // Values decrease, up to rounding (the last steps change f by less than an ulp; see OptimizationOptions).
        for (int k = 1; k < result.Values.Count; k++)
        {
            Assert.True(result.Values[k] <= result.Values[k - 1] + (4e-16 * Math.Abs(result.Values[k - 1])), $"f rose at {k}");
        }
    }

    [Fact]
    public void NewtonNeedsOneIteration_GradientDescentNeedsMany_OnTheSameQuadratic()
    {
        var start = new[] { 0.0, 0.0 };
        var newton = Newton.Minimize(F.GdQuadraticFunction, start);
        var descent = GradientDescent.Minimize(F.GdQuadraticFunction, start);

        OptimizationAssert.Converged(newton);
        OptimizationAssert.Converged(descent);
        Assert.Equal(1, newton.Iterations);

        // Steepest descent with exact steps contracts f − f* by at least ((κ − 1)/(κ + 1))² per step, κ = cond(A) ≈ 2.62;
        // reaching ‖g‖∞ ≤ 1e-10 from ‖g‖∞ = 1 takes some tens of iterations.
        Assert.InRange(descent.Iterations, 10, 60);
        OptimizationAssert.Close(newton.Solution, descent.Solution, 1e-9);
    }

    [Fact]
    public void Rosenbrock_GradientDescentIsSlow_AndStopsAtMaxIterations()
    {
        var newton = Newton.Minimize(F.RosenbrockFunction, new[] { -1.2, 1.0 });
        var descent = GradientDescent.Minimize(F.RosenbrockFunction, new[] { -1.2, 1.0 }, new GradientDescentOptions { MaxIterations = 200 });

        OptimizationAssert.Converged(newton);
        Assert.Equal(OptimizationStatus.MaxIterations, descent.Status);
        Assert.Equal(200, descent.Iterations);
        Assert.True(descent.Value < descent.Values[0]);
        for (int k = 1; k < descent.Values.Count; k++)
        {
            Assert.True(descent.Values[k] <= descent.Values[k - 1], $"f rose at {k}");
        }
    }

    [Fact]
    public void NegativeCurvatureAlongTheGradient_UsesTheBacktrackingFallback()
    {
        // x⁴ − x² + y² at (0.1, 0): g = (−0.196, 0), gᵀHg = 0.196²·(0.12 − 2) < 0.
        var result = GradientDescent.Minimize(F.DoubleWellFunction, new[] { 0.1, 0.0 });

        OptimizationAssert.Converged(result);
        Assert.True(result.FallbackIterations >= 1, result.ToString());
        Assert.True(result.Values[1] < result.Values[0]);
        OptimizationAssert.Close(new[] { Math.Sqrt(0.5), 0.0 }, result.Solution, 1e-9);
    }

    [Fact]
    public void FallbackStepLength_SetsTheFirstTrialMove()
    {
        // From (0.1, 0), the fallback's first trial moves x by FallbackStepLength along −g = (+0.196, 0) → x = 0.1 + L.
        // With L = 0.5 the trial x = 0.6 decreases f enough (Armijo), so it is accepted as is.
        var result = GradientDescent.Minimize(F.DoubleWellFunction, new[] { 0.1, 0.0 }, new GradientDescentOptions { FallbackStepLength = 0.5 });
        Assert.Equal(0.6, result.Iterates[1][0], 14);
    }

    [Fact]
    public void NaN_StopsWithNonFinite()
    {
        var result = GradientDescent.Minimize(F.LogOfXFunction, new[] { -1.0, 0.0 });
        Assert.Equal(OptimizationStatus.NonFinite, result.Status);
        Assert.Contains("not finite", result.Message);
    }

    [Fact]
    public void Arguments_AreValidated()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => GradientDescent.Minimize(null!, new double[2])).ParamName);
        Assert.Equal("start", Assert.Throws<ArgumentException>(() => GradientDescent.Minimize(F.QuadraticFunction, new double[3])).ParamName);
        Assert.Equal("FallbackStepLength", Assert.Throws<ArgumentOutOfRangeException>(() => new GradientDescentOptions { FallbackStepLength = 0 }).ParamName);
        Assert.Equal(10_000, GradientDescentOptions.Default.MaxIterations);
    }
}
