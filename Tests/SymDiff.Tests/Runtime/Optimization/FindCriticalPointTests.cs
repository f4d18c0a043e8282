using System;
using System.Collections.Generic;
using System.Linq;
using SymDiff;
using Xunit;
using F = SymDiff.Tests.Runtime.Optimization.OptimizationFunctions;

namespace SymDiff.Tests.Runtime.Optimization;

/// <summary>Pure Newton on ∇f = 0: <see cref="Newton.FindCriticalPoint(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>.</summary>
public sealed class FindCriticalPointTests
{
    // 3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂²: ∇f = 0 ⇔ x₂ = ¾x₁ and x₁(4x₁² + 12x₁ + 15/4) = 0 ⇔ x₁ ∈ {0, (−6 ± √21)/4}.
    private static readonly double SaddleX1 = (-6 + Math.Sqrt(21)) / 4;   // −0.35435…
    private static readonly double FarMinimumX1 = (-6 - Math.Sqrt(21)) / 4; // −2.64564…

    [Fact]
    public void TheDocumentsRoundedValues_AgreeWithTheClosedForm()
    {
        Assert.Equal(-0.35436, SaddleX1, 5);
        Assert.Equal(-0.26577, 0.75 * SaddleX1, 5);
        Assert.Equal(-2.64564, FarMinimumX1, 5);
        Assert.Equal(-1.98423, 0.75 * FarMinimumX1, 5);
    }

    public static TheoryData<double, double, string> Starts() => new()
    {
        { -0.3, -0.3, "saddle" },
        { -0.4, -0.2, "saddle" },
        { 0.1, 0.1, "origin" },
        { 0.5, -0.5, "origin" },
        { -2.5, -2.0, "far" },
        { -3.0, -1.0, "far" },
    };

    [Theory]
    [MemberData(nameof(Starts))]
    public void CriticalPointSeed_ConvergesToTheNearbyCriticalPoint(double x1, double x2, string which)
    {
        double expected = which switch { "saddle" => SaddleX1, "origin" => 0, _ => FarMinimumX1 };

        var result = Newton.FindCriticalPoint(F.CriticalFunction, new[] { x1, x2 });

        OptimizationAssert.Converged(result);
        Assert.True(result.Iterations <= 10, result.ToString());
        Assert.True(result.GradientNorm <= 1e-10, result.ToString());
        OptimizationAssert.Close(new[] { expected, 0.75 * expected }, result.Solution, 1e-10); // ‖x − x*‖ ≲ ‖g‖/|λ|min

        // One more Newton step from a converged point reaches the critical point to rounding.
        var tight = Newton.FindCriticalPoint(F.CriticalFunction, new[] { x1, x2 }, new NewtonOptions { GradientTolerance = 1e-15 });
        OptimizationAssert.Converged(tight);
        OptimizationAssert.Close(new[] { expected, 0.75 * expected }, tight.Solution, 1e-15);
        if (which == "saddle")
        {
            OptimizationAssert.IsSaddle(F.CriticalFunction, result.Solution);
        }
        else
        {
            OptimizationAssert.IsMinimum(F.CriticalFunction, result.Solution);
        }
    }

    [Fact]
    public void SeveralStarts_FindAllThreeCriticalPoints()
    {
        var found = new List<double>();
        for (double x1 = -4; x1 <= 1; x1 += 0.5)
        {
            var result = Newton.FindCriticalPoint(F.CriticalFunction, new[] { x1, 0.75 * x1 });
            if (result.Converged && !found.Any(p => Math.Abs(p - result.Solution[0]) < 1e-8))
            {
                found.Add(result.Solution[0]);
            }
        }

        found.Sort();
        OptimizationAssert.Close(new[] { FarMinimumX1, SaddleX1, 0 }, found, 1e-10, "x1");
    }

    [Fact]
    public void Quadratic_OneStep_EvenWhenIndefinite()
    {
        var q = Newton.FindCriticalPoint(F.QuadraticFunction, new[] { 5.0, -3.0 });
        Assert.Equal(OptimizationStatus.GradientConverged, q.Status);
        Assert.Equal(1, q.Iterations);
        OptimizationAssert.Close(new[] { 0.9, -0.7 }, q.Solution, 1e-15);

        var zeroCorner = Newton.FindCriticalPoint(F.ZeroCornerFunction, new[] { 1.0, 2.0, 3.0 });
        Assert.Equal(OptimizationStatus.GradientConverged, zeroCorner.Status);
        Assert.Equal(1, zeroCorner.Iterations);
        OptimizationAssert.Close(new[] { 0.0, 0.0, 0.0 }, zeroCorner.Solution, 1e-14);
    }

    [Fact]
    public void FindsTheMaximumOfAConcaveFunction()
    {
        var result = Newton.FindCriticalPoint(F.CapFunction, new[] { 3.0, -4.0 });
        Assert.Equal(OptimizationStatus.GradientConverged, result.Status);
        Assert.Equal(new[] { 0.0, 0.0 }, result.Solution);
        Assert.True(result.Value > result.Values[0]);
    }

    [Fact]
    public void SingularHessian_StopsWithStatus()
    {
        var result = Newton.FindCriticalPoint(F.SumSquaredFunction, new[] { 1.0, 2.0 });
        Assert.Equal(OptimizationStatus.SingularHessian, result.Status);
        Assert.False(result.Converged);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(new[] { 1.0, 2.0 }, result.Solution);
        Assert.Contains("singular", result.Message);
    }

    [Fact]
    public void LeavingTheDomain_StopsWithNonFinite_AtTheOffendingIterate()
    {
        // Pure Newton on x − log x from x = 3 jumps to x = −3, where log is NaN; there is no line search to save it.
        var result = Newton.FindCriticalPoint(F.XMinusLogXFunction, new[] { 3.0, 1.0 });

        Assert.Equal(OptimizationStatus.NonFinite, result.Status);
        Assert.Equal(1, result.Iterations);
        Assert.Equal(-3.0, result.Solution[0], 12);
        Assert.True(double.IsNaN(result.Value));
        Assert.Contains("not finite", result.Message);
        Assert.Contains("x = -3", result.Message);
    }

    [Fact]
    public void NaNAtTheStart_StopsWithNonFinite()
    {
        var result = Newton.FindCriticalPoint(F.LogOfXFunction, new[] { -2.0, 0.0 });
        Assert.Equal(OptimizationStatus.NonFinite, result.Status);
        Assert.Equal(0, result.Iterations);
    }

    [Fact]
    public void MaxIterations_IsRespected()
    {
        var result = Newton.FindCriticalPoint(F.RosenbrockFunction, new[] { -1.2, 1.0 }, new NewtonOptions { MaxIterations = 1 });
        Assert.Equal(OptimizationStatus.MaxIterations, result.Status);
        Assert.Equal(1, result.Iterations);
        Assert.Equal(2, result.Iterates.Count);
    }
}
