using System;
using Xunit;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// The course's second-order problems (../shared/seeds/002): one Newton step for 2x² + 2y² − xy − 17y·cos(0.2πx) from
/// (0, 0), and the critical points of 3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂² and their classification.
/// </summary>
public sealed class NewtonSeedTests
{
    private static readonly DiffFunction Newton = DiffFunction.Of("F", NewtonSeed.F, NewtonSeed.FGradient, NewtonSeed.FHessian);
    private static readonly DiffFunction Critical = DiffFunction.Of("F", CriticalPointsSeed.F, CriticalPointsSeed.FGradient, CriticalPointsSeed.FHessian);

    private const double W = 0.2 * Math.PI;

    [Fact]
    public void AtTheOrigin_GradientAndHessian_AreExact()
    {
        var (value, gradient, hessian) = Newton.Hessian(0.0, 0.0);
        Assert.Equal(0.0, value);
        Assert.Equal(new[] { 0.0, -17.0 }, gradient);
        Assert.Equal(new[] { 4.0, -1.0, -1.0, 4.0 }, hessian);

        var (gv, g) = Newton.Gradient(0.0, 0.0);
        Assert.Equal(0.0, gv);
        Assert.Equal(new[] { 0.0, -17.0 }, g);
    }

    [Fact]
    public void OneNewtonStepFromTheOrigin_LandsOnSeventeenFifteenthsAndSixtyEightFifteenths()
    {
        var (_, g, h) = Newton.Hessian(0.0, 0.0);
        var step = Solve2(h, g);
        double x1 = -step[0], y1 = -step[1];
        Assert.Equal(17.0 / 15.0, x1, 14);
        Assert.Equal(68.0 / 15.0, y1, 14);
    }

    public static TheoryData<double, double> Points() => new()
    {
        { 1.0, 2.0 },
        { -0.7, 0.4 },
        { 2.5, -1.5 },
        { 17.0 / 15.0, 68.0 / 15.0 },
        { 5.0, 3.0 },
        { -3.3, -2.2 },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void MatchesTheClosedForm(double x, double y)
    {
        double s = Math.Sin(W * x), c = Math.Cos(W * x);
        double[] gradient = { (4 * x) - y + (17 * y * W * s), (4 * y) - x - (17 * c) };
        double mixed = -1 + (17 * W * s);
        double[] hessian = { 4 + (17 * y * W * W * c), mixed, mixed, 4 };
        Newton.CheckAgainstClosedForm(new[] { x, y }, gradient, hessian, 1e-13);
        NumericKit.AssertClose((2 * x * x) + (2 * y * y) - (x * y) - (17 * y * c), Newton.Gradient(x, y).Value, 1e-14, "value");
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void MatchesFiniteDifferences(double x, double y) =>
        Newton.CheckAgainstFiniteDifferences(new[] { x, y }, 0.1, gradientTolerance: 1e-9, hessianTolerance: 1e-8);

    [Fact]
    public void AtOneTwo_MatchesComputerAlgebra()
    {
        // SymPy, 20 digits.
        var (value, gradient, hessian) = Newton.Hessian(1.0, 2.0);
        NumericKit.AssertClose(-19.506577808748212419, value, 1e-14, "value");
        NumericKit.AssertAllClose(new[] { 14.556756447335105949, -6.7532889043741062097 }, gradient, 1e-14, "gradient");
        NumericKit.AssertAllClose(new[] { 14.859161656005129736, 5.2783782236675529747, 5.2783782236675529747, 4.0 }, hessian, 1e-14, "Hessian");
    }

    [Fact]
    public void NewtonsMethod_ConvergesToAStationaryPoint_Quadratically()
    {
        double x = 0, y = 0;
        double previous = double.MaxValue;
        for (int iteration = 0; iteration < 30; iteration++)
        {
            var (_, g, h) = Newton.Hessian(x, y);
            double norm = Math.Sqrt((g[0] * g[0]) + (g[1] * g[1]));
            if (norm < 1e-12)
            {
                break;
            }

            var step = Solve2(h, g);
            x -= step[0];
            y -= step[1];
            if (norm < 1e-3)
            {
                Assert.True(norm < previous, "the gradient norm decreases near the solution");
            }

            previous = norm;
        }

        var (_, gradient) = Newton.Gradient(x, y);
        Assert.True(Math.Abs(gradient[0]) < 1e-12 && Math.Abs(gradient[1]) < 1e-12, $"stationary point not reached: ({x}, {y}), gradient {NumericKit.Format(gradient)}");

        // An independent check of stationarity: the closed-form gradient at the point found.
        Assert.True(Math.Abs((4 * x) - y + (17 * y * W * Math.Sin(W * x))) < 1e-11);
        Assert.True(Math.Abs((4 * y) - x - (17 * Math.Cos(W * x))) < 1e-11);
    }

    public static TheoryData<double, double, double, double> CriticalPoints() => new()
    {
        // x₁, x₂, and the Hessian's eigenvalues (SymPy): a minimum, a saddle, a minimum.
        { 0.0, 0.0, 1.8377223398316206680, 8.1622776601683793320 },
        { -1.5 + (Math.Sqrt(21) / 4), -1.125 + (3 * Math.Sqrt(21) / 16), -2.4032609355924789285, 5.4055338507249589088 },
        { -1.5 - (Math.Sqrt(21) / 4), -1.125 - (3 * Math.Sqrt(21) / 16), 3.6068306015640512318, 26.890896483303468788 },
    };

    [Theory]
    [MemberData(nameof(CriticalPoints))]
    public void CriticalPoints_HaveZeroGradient_AndTheDocumentedCurvature(double x1, double x2, double lowEigenvalue, double highEigenvalue)
    {
        var (_, gradient, hessian) = Critical.Hessian(x1, x2);
        Assert.True(Math.Abs(gradient[0]) < 1e-13 && Math.Abs(gradient[1]) < 1e-13, $"gradient {NumericKit.Format(gradient)}");

        double[] closed = { 6 + (24 * x1) + (12 * x1 * x1), -3, -3, 4 };
        NumericKit.AssertAllClose(closed, hessian, 1e-14, "Hessian vs closed form", 1);

        double mean = (hessian[0] + hessian[3]) / 2, det = (hessian[0] * hessian[3]) - (hessian[1] * hessian[2]);
        double radius = Math.Sqrt((mean * mean) - det);
        NumericKit.AssertClose(lowEigenvalue, mean - radius, 1e-12, "smaller eigenvalue");
        NumericKit.AssertClose(highEigenvalue, mean + radius, 1e-12, "larger eigenvalue");
    }

    [Fact]
    public void CriticalPointsFunction_MatchesFiniteDifferences()
    {
        foreach (var p in new[] { new[] { 0.3, -0.2 }, new[] { -2.0, 1.0 }, new[] { 1.5, 2.5 } })
        {
            Critical.CheckAgainstFiniteDifferences(p, 0.1, gradientTolerance: 1e-9, hessianTolerance: 1e-8);
        }
    }

    /// <summary>Solves the 2 × 2 system H·s = g (Cramer's rule).</summary>
    private static double[] Solve2(double[] h, double[] g)
    {
        double det = (h[0] * h[3]) - (h[1] * h[2]);
        return new[] { ((h[3] * g[0]) - (h[1] * g[1])) / det, ((h[0] * g[1]) - (h[2] * g[0])) / det };
    }
}
