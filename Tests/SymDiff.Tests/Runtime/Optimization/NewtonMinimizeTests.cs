using System;
using System.Linq;
using SymDiff;
using Xunit;
using F = SymDiff.Tests.Runtime.Optimization.OptimizationFunctions;

namespace SymDiff.Tests.Runtime.Optimization;

/// <summary>Damped Newton: <see cref="Newton.Minimize(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>.</summary>
public sealed class NewtonMinimizeTests
{
    [Fact]
    public void PositiveDefiniteQuadratic_ConvergesInExactlyOneStep_ToTheClosedFormMinimizer()
    {
        var result = Newton.Minimize(F.QuadraticFunction, new[] { 5.0, -3.0 });

        Assert.Equal(OptimizationStatus.GradientConverged, result.Status);
        Assert.True(result.Converged);
        Assert.Equal(1, result.Iterations);
        Assert.Equal(0, result.FallbackIterations);
        Assert.Equal(2, result.Evaluations); // the start and the full step, no backtracking
        OptimizationAssert.Close(new[] { 0.9, -0.7 }, result.Solution, 1e-15);
        Assert.Equal(F.Quadratic(0.9, -0.7), result.Value, 14);
        Assert.True(result.GradientNorm <= 1e-14, result.ToString());
        Assert.Equal(result.GradientNorm, result.Gradient.Max(Math.Abs));
    }

    [Fact]
    public void Seed_FromTheNewtonStepOfTheDocument_ConvergesToAMinimum()
    {
        var result = Newton.Minimize(F.SeedFunction, new[] { 17.0 / 15.0, 68.0 / 15.0 });

        OptimizationAssert.Converged(result);
        Assert.Equal(OptimizationStatus.GradientConverged, result.Status);
        Assert.True(result.GradientNorm <= 1e-10 * Math.Max(1, Math.Abs(result.Value)), result.ToString());
        Assert.True(result.Iterations <= 10, result.ToString());
        OptimizationAssert.IsMinimum(F.SeedFunction, result.Solution);
        Assert.True(result.Value < result.Values[0]);

        // Independently: the gradient of the closed form vanishes there.
        double x = result.Solution[0], y = result.Solution[1], w = 0.2 * Math.PI;
        Assert.Equal(0, (4 * x) - y + (17 * y * w * Math.Sin(w * x)), 9);
        Assert.Equal(0, (4 * y) - x - (17 * Math.Cos(w * x)), 9);
    }

    [Fact]
    public void Seed_FromTheOrigin_TheFirstIterateIsTheDocumentsNewtonStep()
    {
        var result = Newton.Minimize(F.SeedFunction, new[] { 0.0, 0.0 });

        OptimizationAssert.Converged(result);
        // H(0, 0) is positive definite: the first step is the full pure Newton step (by Cholesky here, so to rounding).
        OptimizationAssert.Close(new[] { 17.0 / 15.0, 68.0 / 15.0 }, result.Iterates[1], 1e-15);
        Assert.Equal(0, result.FallbackIterations);
        OptimizationAssert.IsMinimum(F.SeedFunction, result.Solution);
    }

    [Fact]
    public void Rosenbrock_FromTheStandardStart_ConvergesToOneOne_WithDecreasingValues()
    {
        var result = Newton.Minimize(F.RosenbrockFunction, new[] { -1.2, 1.0 });

        Assert.Equal(OptimizationStatus.GradientConverged, result.Status);
        Assert.True(result.Iterations < 50, result.ToString());
        OptimizationAssert.Close(new[] { 1.0, 1.0 }, result.Solution, 1e-10);
        Assert.True(result.Value < 1e-20, result.ToString());

        Assert.Equal(result.Iterations + 1, result.Iterates.Count);
        Assert.Equal(result.Iterates.Count, result.Values.Count);
        Assert.Equal(result.Iterates.Count, result.GradientNorms.Count);
        Assert.Equal(new[] { -1.2, 1.0 }, result.Iterates[0]);
        Assert.Equal(F.Rosenbrock(-1.2, 1.0), result.Values[0]);
        Assert.Equal(result.Solution, result.Iterates[^1]);
        Assert.Equal(result.GradientNorm, result.GradientNorms[^1]);
        for (int k = 1; k < result.Values.Count; k++)
        {
            Assert.True(result.Values[k] < result.Values[k - 1], $"f rose at iteration {k}: {result.Values[k - 1]:R} -> {result.Values[k]:R}");
            Assert.Equal(F.Rosenbrock(result.Iterates[k][0], result.Iterates[k][1]), result.Values[k], 12);
        }

        // ‖∇f‖∞ at every iterate, from the evaluation the run made there (bitwise what f.Hessian gives).
        var g = new double[2];
        var h = new double[4];
        for (int k = 0; k < result.Iterates.Count; k++)
        {
            F.RosenbrockFunction.Hessian(result.Iterates[k], g, h);
            Assert.Equal(Math.Max(Math.Abs(g[0]), Math.Abs(g[1])), result.GradientNorms[k]);
        }

        // ∇f(−1.2, 1) = (−215.6, −88): quadratic convergence shows in the last norms.
        Assert.Equal(215.6, result.GradientNorms[0], 12);
        Assert.True(result.GradientNorms[^2] < 1e-3 && result.GradientNorm < 1e-10, string.Join(", ", result.GradientNorms));
    }

    [Fact]
    public void Rosenbrock_ConvergesQuadraticallyAtTheEnd()
    {
        var result = Newton.Minimize(F.RosenbrockFunction, new[] { -1.2, 1.0 });
        var errors = result.Iterates.Select(x => Math.Max(Math.Abs(x[0] - 1), Math.Abs(x[1] - 1))).ToArray();

        // Some late iterate at distance e ∈ (1e-7, 1e-3) is followed by one at distance ≤ 100·e² (quadratic convergence).
        int k = Array.FindLastIndex(errors, e => e > 1e-7 && e < 1e-3);
        Assert.True(k >= 0 && k + 1 < errors.Length, string.Join(", ", errors));
        Assert.True(errors[k + 1] <= 100 * errors[k] * errors[k], $"{errors[k]:G3} -> {errors[k + 1]:G3}");
    }

    [Fact]
    public void IndefiniteHessian_DoubleWellNearTheSaddle_TakesTheModifiedCholeskyPath_AndStillDecreases()
    {
        // H(0.1, 0.5) = diag(12·0.01 − 2, 2): indefinite; the pure Newton step would go uphill, towards the saddle at 0.
        var start = new[] { 0.1, 0.5 };
        var pure = Newton.Step(F.DoubleWellFunction, start);
        Assert.True(Math.Abs(start[0] + pure[0]) < Math.Abs(start[0]), "the pure step should head for the saddle");

        var result = Newton.Minimize(F.DoubleWellFunction, start);

        OptimizationAssert.Converged(result);
        Assert.True(result.FallbackIterations >= 1, result.ToString());
        Assert.True(result.Values[1] < result.Values[0]);
        Assert.True(result.Iterates[1][0] > start[0], "the shifted direction moves away from the saddle");
        OptimizationAssert.Close(new[] { Math.Sqrt(0.5), 0.0 }, result.Solution, 1e-12);
        OptimizationAssert.IsMinimum(F.DoubleWellFunction, result.Solution);
        for (int k = 1; k < result.Values.Count; k++)
        {
            Assert.True(result.Values[k] <= result.Values[k - 1]);
        }
    }

    [Theory]
    [InlineData(-0.3, -0.3)]
    [InlineData(-0.4, -0.2)]
    [InlineData(-0.354, -0.266)]
    public void IndefiniteHessian_NearTheSaddleOfTheCriticalPointSeed_DescendsToAMinimum(double x1, double x2)
    {
        var f = F.CriticalFunction;
        var g = new double[2];
        var h = new double[4];
        f.Hessian(new[] { x1, x2 }, g, h);
        Assert.True((h[0] * h[3]) - (h[1] * h[2]) < 0, "the start should have an indefinite Hessian");

        var result = Newton.Minimize(f, new[] { x1, x2 });

        OptimizationAssert.Converged(result);
        Assert.True(result.FallbackIterations >= 1, result.ToString());
        Assert.True(result.Value < result.Values[0]);
        OptimizationAssert.IsMinimum(f, result.Solution);
        double saddleX1 = (-6 + Math.Sqrt(21)) / 4;
        Assert.True(Math.Abs(result.Solution[0] - saddleX1) > 0.1, "it must not stop at the saddle");
    }

    [Fact]
    public void StartExactlyAtASaddle_StopsThere_BecauseTheGradientVanishes()
    {
        // Documented: Minimize is a descent method; a zero gradient is a critical point, whatever its kind.
        var result = Newton.Minimize(F.DoubleWellFunction, new[] { 0.0, 0.0 });
        Assert.Equal(OptimizationStatus.GradientConverged, result.Status);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(new[] { 0.0, 0.0 }, result.Solution);
    }

    [Fact]
    public void SingularPositiveSemidefiniteHessian_IsShifted_AndTheRunConverges()
    {
        var result = Newton.Minimize(F.IgnoresYFunction, new[] { 3.0, 7.0 });
        OptimizationAssert.Converged(result);
        Assert.True(result.FallbackIterations >= 1);
        Assert.Equal(0, result.Solution[0], 10);
        Assert.Equal(7.0, result.Solution[1]); // no gradient along y: never moved

        var sum = Newton.Minimize(F.SumSquaredFunction, new[] { 1.0, 2.0 });
        OptimizationAssert.Converged(sum);
        Assert.Equal(0, sum.Solution[0] + sum.Solution[1], 6);
    }

    [Fact]
    public void NaNAtTheStart_StopsWithNonFinite_WithoutThrowing()
    {
        var result = Newton.Minimize(F.LogOfXFunction, new[] { -1.0, 2.0 });

        Assert.Equal(OptimizationStatus.NonFinite, result.Status);
        Assert.False(result.Converged);
        Assert.Equal(0, result.Iterations);
        Assert.True(double.IsNaN(result.Value));
        Assert.Equal(new[] { -1.0, 2.0 }, result.Solution);
        Assert.Contains("not finite", result.Message);
        Assert.Contains("x = -1", result.Message);
    }

    [Fact]
    public void TrialPointsOutsideTheDomain_AreBacktrackedFrom()
    {
        // x − log x from x = 3: the Newton step p = −x(x − 1) = −6 lands on x = −3 (NaN), then x = 0 (−∞ and ∞).
        var result = Newton.Minimize(F.XMinusLogXFunction, new[] { 3.0, 1.0 });

        OptimizationAssert.Converged(result);
        OptimizationAssert.Close(new[] { 1.0, 0.0 }, result.Solution, 1e-12);
        Assert.True(result.Evaluations > result.Iterations + 1, "some trials must have been rejected");
        Assert.All(result.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void MaxIterations_IsRespected()
    {
        var options = new NewtonOptions { MaxIterations = 3 };
        var result = Newton.Minimize(F.RosenbrockFunction, new[] { -1.2, 1.0 }, options);

        Assert.Equal(OptimizationStatus.MaxIterations, result.Status);
        Assert.False(result.Converged);
        Assert.Equal(3, result.Iterations);
        Assert.Equal(4, result.Iterates.Count);
        Assert.Contains("MaxIterations = 3", result.Message);

        var none = Newton.Minimize(F.RosenbrockFunction, new[] { -1.2, 1.0 }, options with { MaxIterations = 0 });
        Assert.Equal(OptimizationStatus.MaxIterations, none.Status);
        Assert.Equal(0, none.Iterations);
        Assert.Equal(1, none.Evaluations);
    }

    [Fact]
    public void ConcaveFunction_UnboundedBelow_EndsWithAStatus_NotALoopOrAnException()
    {
        var result = Newton.Minimize(F.CapFunction, new[] { 1.0, 1.0 }, new NewtonOptions { MaxIterations = 1000 });

        Assert.False(result.Converged);
        Assert.Contains(result.Status, new[] { OptimizationStatus.NonFinite, OptimizationStatus.MaxIterations, OptimizationStatus.LineSearchFailed });
        Assert.True(result.Values[^1] < result.Values[0]);
    }

    [Fact]
    public void BadlyScaledVariables_AreHandled()
    {
        var result = Newton.Minimize(F.BadlyScaledFunction, new[] { 0.0, 0.0 });
        OptimizationAssert.Converged(result);
        Assert.True(result.Iterations <= 2, result.ToString());
        OptimizationAssert.Close(new[] { 1.0, 2.0 }, result.Solution, 1e-12);
        Assert.Equal(0, result.FallbackIterations);
    }

    [Fact]
    public void StepTolerance_StopsWhenTheGradientToleranceIsUnreachable()
    {
        // A gradient tolerance of 0 can only be met by an exact zero; the step test ends the run instead.
        var options = new NewtonOptions { GradientTolerance = 0 };
        var result = Newton.Minimize(F.SeedFunction, new[] { 0.0, 0.0 }, options);

        Assert.True(result.Converged, result.Message);
        if (result.Status == OptimizationStatus.StepConverged)
        {
            Assert.Contains("StepTolerance", result.Message);
        }

        Assert.True(result.Iterations < 20);
        OptimizationAssert.IsMinimum(F.SeedFunction, result.Solution);
    }

    [Fact]
    public void RecordIteratesFalse_KeepsOnlyTheStartAndTheEnd()
    {
        var result = Newton.Minimize(F.RosenbrockFunction, new[] { -1.2, 1.0 }, new NewtonOptions { RecordIterates = false });

        OptimizationAssert.Converged(result);
        Assert.True(result.Iterations > 2);
        Assert.Equal(2, result.Iterates.Count);
        Assert.Equal(2, result.Values.Count);
        Assert.Equal(2, result.GradientNorms.Count);
        Assert.Equal(new[] { -1.2, 1.0 }, result.Iterates[0]);
        Assert.Equal(result.Solution, result.Iterates[1]);
        Assert.Equal(result.Value, result.Values[1]);
        Assert.Equal(Newton.Minimize(F.RosenbrockFunction, new[] { -1.2, 1.0 }).GradientNorms[0], result.GradientNorms[0]);
        Assert.Equal(result.GradientNorm, result.GradientNorms[1]);

        // A run that never leaves the start records it once.
        var atTheMinimum = Newton.Minimize(F.RosenbrockFunction, new[] { 1.0, 1.0 }, new NewtonOptions { RecordIterates = false });
        Assert.Equal(0, atTheMinimum.Iterations);
        Assert.Equal(new[] { 0.0 }, atTheMinimum.GradientNorms);
    }

    [Fact]
    public void ResultArrays_AreIndependentCopies()
    {
        var start = new[] { -1.2, 1.0 };
        var result = Newton.Minimize(F.RosenbrockFunction, start);
        start[0] = 99;
        Assert.Equal(-1.2, result.Iterates[0][0]);
        Assert.NotSame(result.Solution, result.Iterates[^1]);
    }

    [Fact]
    public void ToString_NamesTheParameters_AndIsCultureInvariant()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var result = Newton.Minimize(F.QuadraticFunction, new[] { 5.0, -3.0 });
            string text = result.ToString();

            Assert.StartsWith("Newton (damped): GradientConverged after 1 iteration, (x = 0.9", text);
            Assert.Contains("y = -0.7", text);
            Assert.DoesNotContain(",9", text);
            Assert.Contains("Converged after 1 iteration", result.Message);

            // The gradient norm in the runtime's one style for small numbers: two significant digits, 1.3E-11 (or 0).
            string norm = result.GradientNorm == 0 ? "0" : result.GradientNorm.ToString("0.0E+0", System.Globalization.CultureInfo.InvariantCulture);
            Assert.EndsWith(", f = " + result.Value.ToString("G10", System.Globalization.CultureInfo.InvariantCulture) + ", ‖∇f‖∞ = " + norm, text);
            Assert.Matches(@"‖∇f‖∞ = (0|[1-9]\.\dE-[1-9]\d*)$", text);
            Assert.DoesNotContain("\n", text);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void CallerWorkspace_HoldsTheFinalPoint()
    {
        var workspace = new NewtonWorkspace(2);
        var result = Newton.Minimize(F.RosenbrockFunction, new[] { -1.2, 1.0 }, null, workspace);

        OptimizationAssert.Converged(result);
        Assert.Equal(result.Value, workspace.Value);
        Assert.Equal(result.Gradient, workspace.Gradient.ToArray());
        var h = new double[4];
        F.RosenbrockHessian(result.Solution[0], result.Solution[1], new double[2], h);
        Assert.Equal(h, workspace.Hessian.ToArray());
    }
}
