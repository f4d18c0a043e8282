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
        Assert.True(result.GradientNorm <= 1e-14, result.ToString());
        // The polishing step after the gradient test takes the default run to rounding level.
        OptimizationAssert.Close(new[] { expected, 0.75 * expected }, result.Solution, 1e-14);

        // A tighter tolerance gets there too.
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
        // The first step solves the quadratic to rounding; a polishing step is kept only if it lowers ‖∇f‖∞ further.
        var q = Newton.FindCriticalPoint(F.QuadraticFunction, new[] { 5.0, -3.0 });
        Assert.Equal(OptimizationStatus.GradientConverged, q.Status);
        Assert.InRange(q.Iterations, 1, 2);
        OptimizationAssert.Close(new[] { 0.9, -0.7 }, q.Iterates[1], 1e-15);
        OptimizationAssert.Close(new[] { 0.9, -0.7 }, q.Solution, 1e-15);
        Assert.True(q.GradientNorm <= q.GradientNorms[1]);

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

    // The closed forms of the three critical points of document 002, §2.1.
    private static readonly double[][] CriticalPoints =
    {
        new[] { 0.0, 0.0 },
        new[] { -1.5 + (Math.Sqrt(21) / 4), -9.0 / 8 + (3 * Math.Sqrt(21) / 16) },
        new[] { -1.5 - (Math.Sqrt(21) / 4), -9.0 / 8 - (3 * Math.Sqrt(21) / 16) },
    };

    private static double DistanceToNearest(double[] x) =>
        CriticalPoints.Min(p => Math.Max(Math.Abs(x[0] - p[0]), Math.Abs(x[1] - p[1])));

    [Fact]
    public void FromTheSamplesGrid_DefaultOptions_EndAtFullPrecision()
    {
        // The default GradientTolerance (1e-10, absolute) is met ~1e-11 from the saddle; the polishing step removes that.
        var reached = new HashSet<int>();
        foreach (double s1 in new[] { -3.0, -2, -1, 0, 1 })
        {
            foreach (double s2 in new[] { -2.0, 0, 2 })
            {
                var result = Newton.FindCriticalPoint(F.CriticalFunction, new[] { s1, s2 });

                Assert.Equal(OptimizationStatus.GradientConverged, result.Status);
                Assert.True(DistanceToNearest(result.Solution) <= 1e-14, $"from ({s1}, {s2}): {result} — {result.Message}");
                Assert.True(result.GradientNorm <= 1e-14, $"from ({s1}, {s2}): {result}");
                reached.Add(Array.FindIndex(CriticalPoints, p => Math.Max(Math.Abs(result.Solution[0] - p[0]), Math.Abs(result.Solution[1] - p[1])) <= 1e-14));
            }
        }

        Assert.Equal(new[] { 0, 1, 2 }, reached.OrderBy(i => i));
    }

    [Fact]
    public void TheSaddle_IsFoundTo1e14_ByThePolishingStep()
    {
        // From (−1, 0) the gradient test is met at ‖∇f‖∞ ≈ 5.7e-11, about 2e-11 from the saddle (an eigenvalue is −2.4).
        var result = Newton.FindCriticalPoint(F.CriticalFunction, new[] { -1.0, 0.0 });

        OptimizationAssert.Converged(result);
        OptimizationAssert.Close(CriticalPoints[1], result.Solution, 1e-14);
        OptimizationAssert.IsSaddle(F.CriticalFunction, result.Solution);

        double metAt = result.GradientNorms[^2];
        Assert.InRange(metAt, 1e-12, NewtonOptions.Default.GradientTolerance);
        Assert.True(Math.Max(Math.Abs(result.Iterates[^2][0] - CriticalPoints[1][0]), Math.Abs(result.Iterates[^2][1] - CriticalPoints[1][1])) > 1e-13,
            "without the polishing step the run would have stopped short of the saddle");
        Assert.True(result.GradientNorm < metAt);
        Assert.Equal(result.GradientNorm, result.GradientNorms[^1]);
        Assert.Equal(result.Iterations + 1, result.Iterates.Count);
        Assert.Equal(result.Iterations + 1, result.Evaluations); // the polishing step was taken: no wasted evaluation
        Assert.Contains("polishing Newton step", result.Message);

        // Stopped by MaxIterations at the iterate that met the test, the run is not polished.
        var capped = Newton.FindCriticalPoint(F.CriticalFunction, new[] { -1.0, 0.0 }, new NewtonOptions { MaxIterations = result.Iterations - 1 });
        Assert.Equal(OptimizationStatus.GradientConverged, capped.Status);
        Assert.Equal(result.Iterations - 1, capped.Iterations);
        Assert.Equal(metAt, capped.GradientNorm);
        Assert.Equal(result.Iterates[^2], capped.Solution);
        Assert.DoesNotContain("polishing", capped.Message);
    }

    [Fact]
    public void APolishingStepThatDoesNotReduceTheGradient_IsNotTaken()
    {
        // From (−3, 0) the gradient test is met at rounding level (~5e-15): the polishing step is evaluated and discarded.
        var workspace = new NewtonWorkspace(2);
        var result = Newton.FindCriticalPoint(F.CriticalFunction, new[] { -3.0, 0.0 }, null, workspace);

        OptimizationAssert.Converged(result);
        OptimizationAssert.Close(CriticalPoints[2], result.Solution, 1e-14);
        Assert.Equal(result.Iterations + 2, result.Evaluations);
        Assert.Equal(result.Iterations + 1, result.Iterates.Count);
        Assert.Equal(result.Solution, result.Iterates[^1]);
        Assert.DoesNotContain("polishing", result.Message);

        // The workspace holds the final point, not the discarded trial.
        var g = new double[2];
        var h = new double[4];
        double value = F.CriticalFunction.Hessian(result.Solution, g, h);
        Assert.Equal(value, workspace.Value);
        Assert.Equal(g, workspace.Gradient.ToArray());
        Assert.Equal(h, workspace.Hessian.ToArray());
        Assert.Equal(result.Gradient, g);
    }

    [Fact]
    public void AnExactlyZeroGradient_IsNotPolished_AndMinimizeNeverPolishes()
    {
        var origin = Newton.FindCriticalPoint(F.CriticalFunction, new[] { 0.0, 0.0 });
        Assert.Equal(OptimizationStatus.GradientConverged, origin.Status);
        Assert.Equal(0, origin.Iterations);
        Assert.Equal(1, origin.Evaluations);

        // Newton.Minimize stops where the gradient test is met, even though a further step would lower ‖∇f‖∞.
        var damped = Newton.Minimize(F.QuadraticFunction, new[] { 5.0, -3.0 });
        var pure = Newton.FindCriticalPoint(F.QuadraticFunction, new[] { 5.0, -3.0 });
        Assert.Equal(1, damped.Iterations);
        Assert.Equal(2, damped.Evaluations);
        OptimizationAssert.Close(pure.Iterates[1], damped.Solution, 1e-15);
        Assert.Equal(2, pure.Iterations);
        Assert.DoesNotContain("polishing", damped.Message);
    }

    [Fact]
    public void GradientNorms_AreRecordedPerIterate()
    {
        var result = Newton.FindCriticalPoint(F.CriticalFunction, new[] { -1.0, 0.0 });
        Assert.Equal(result.Iterates.Count, result.GradientNorms.Count);
        var g = new double[2];
        var h = new double[4];
        for (int k = 0; k < result.Iterates.Count; k++)
        {
            F.CriticalFunction.Hessian(result.Iterates[k], g, h);
            Assert.Equal(Math.Max(Math.Abs(g[0]), Math.Abs(g[1])), result.GradientNorms[k]);
        }

        var unrecorded = Newton.FindCriticalPoint(F.CriticalFunction, new[] { -1.0, 0.0 }, new NewtonOptions { RecordIterates = false });
        Assert.Equal(new[] { result.GradientNorms[0], result.GradientNorm }, unrecorded.GradientNorms);
        Assert.Equal(result.GradientNorm, unrecorded.GradientNorm);
    }
}
