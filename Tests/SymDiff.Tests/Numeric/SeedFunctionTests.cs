using System;
using Xunit;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// The design's seed function f(x, y) = (x² + σ(y)) / (3x + y − σ(x)), with σ a user [Differentiable] method
/// (<see cref="SeedModel.F"/>, inlined by the generator) and with <see cref="SymMath.Sigmoid"/>
/// (<see cref="SeedModel.FSymMath"/>), against computer-algebra values, high-accuracy finite differences and
/// hyper-dual numbers.
/// </summary>
public sealed class SeedFunctionTests
{
    private static readonly DiffFunction Inlined = DiffFunction.Of("F", SeedModel.F, SeedModel.FGradient, SeedModel.FHessian);
    private static readonly DiffFunction WithSymMath = DiffFunction.Of("FSymMath", SeedModel.FSymMath, SeedModel.FSymMathGradient, SeedModel.FSymMathHessian);

    public static TheoryData<string> Variants() => new() { "F", "FSymMath" };

    private static DiffFunction Variant(string name) => name == "F" ? Inlined : WithSymMath;

    [Theory]
    [MemberData(nameof(Variants))]
    public void AtOneZero_ValueAndGradient_MatchTheComputerAlgebraValues(string variant)
    {
        // The course document's checked values (../shared/seeds/README.md).
        var f = Variant(variant);
        var (value, gradient) = f.Gradient(1.0, 0.0);
        NumericKit.AssertClose(0.661101245661201, value, 1e-12, "f(1, 0)");
        NumericKit.AssertClose(0.0646454137655230, gradient[0], 1e-12, "∂f/∂x(1, 0)");
        NumericKit.AssertClose(-0.181186363732994, gradient[1], 1e-12, "∂f/∂y(1, 0)");

        var (hv, hg, _) = f.Hessian(1.0, 0.0);
        NumericKit.AssertClose(0.661101245661201, hv, 1e-12, "f(1, 0) from the Hessian method");
        NumericKit.AssertClose(0.0646454137655230, hg[0], 1e-12, "∂f/∂x(1, 0) from the Hessian method");
        NumericKit.AssertClose(-0.181186363732994, hg[1], 1e-12, "∂f/∂y(1, 0) from the Hessian method");
    }

    public static TheoryData<string, double, double, double[]> ComputerAlgebraPoints()
    {
        // Value, gradient and row-major Hessian from SymPy (exact differentiation, 20-digit evaluation).
        var data = new TheoryData<string, double, double, double[]>();
        foreach (var variant in new[] { "F", "FSymMath" })
        {
            data.Add(variant, 1.0, 0.0, new[]
            {
                0.66110124566120112485, 0.064645413765522996088, -0.18118636373299434526,
                0.69524997513646060424, 0.19537316918268494491, 0.19537316918268494491, 0.15971004101427471565,
            });
            data.Add(variant, -0.5, 1.5, new[]
            {
                -2.8277072231506515396, -18.060570790157437669, -7.8848556493196723675,
                -269.40691963028483688, -105.58377066303599760, -105.58377066303599760, -41.518655819925249579,
            });
            data.Add(variant, 2.0, -1.0, new[]
            {
                1.0363513286872429448, 0.24270624064911376384, -0.20385968143408017672,
                0.12426154243706453260, 0.084353417726158902223, 0.084353417726158902223, 0.12103727832285503368,
            });
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ComputerAlgebraPoints))]
    public void ValueGradientAndHessian_MatchComputerAlgebra(string variant, double x, double y, double[] expected)
    {
        var (value, gradient, hessian) = Variant(variant).Hessian(x, y);
        NumericKit.AssertClose(expected[0], value, 1e-12, $"{variant}({x}, {y})");
        NumericKit.AssertAllClose(expected[1..3], gradient, 1e-12, $"{variant} gradient at ({x}, {y})");
        NumericKit.AssertAllClose(expected[3..], hessian, 1e-12, $"{variant} Hessian at ({x}, {y})");
        NumericKit.AssertSymmetric(hessian, 2, $"{variant} Hessian at ({x}, {y})");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Hessian_MatchesRichardsonDifferencesOfTheGradient_AndIsExactlySymmetric(string variant)
    {
        var f = Variant(variant);
        foreach (var (x, y) in new[] { (1.0, 0.0), (0.5, 0.5), (2.0, -1.0), (-0.5, 1.5), (3.0, 2.0), (1.2, -3.0) })
        {
            var p = new[] { x, y };
            var (_, _, hessian) = f.Hessian(p);
            NumericKit.AssertSymmetric(hessian, 2, $"{variant} Hessian at ({x}, {y})");
            double[] fd = NumericKit.HessianFromGradient(q => f.Gradient(q).Gradient, p, 0.02);
            NumericKit.AssertAllClose(fd, hessian, 1e-9, $"{variant} Hessian at ({x}, {y}) vs differences of the gradient");

            // And the gradient against differences of f itself.
            NumericKit.AssertAllClose(NumericKit.Gradient(f.Value, p, 0.02), f.Gradient(p).Gradient, 1e-9, $"{variant} gradient at ({x}, {y})");
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void MatchesHyperDualNumbers_AtRandomPoints(string variant)
    {
        var f = Variant(variant);
        var rng = new Random(4);
        for (int k = 0; k < 200; k++)
        {
            double x = (rng.NextDouble() * 8) - 4, y = (rng.NextDouble() * 8) - 4;
            if (Math.Abs((3 * x) + y - (1 / (1 + Math.Exp(-x)))) < 0.2)
            {
                continue; // near the pole of f the comparison measures conditioning, not correctness
            }

            var (rv, rg, rh) = Reference(x, y);
            var (value, gradient, hessian) = f.Hessian(x, y);
            string at = $"{variant} at ({NumericKit.R(x)}, {NumericKit.R(y)})";
            NumericKit.AssertClose(rv, value, 1e-12, at + ": value");
            double scale = Math.Max(Math.Abs(rg[0]), Math.Abs(rg[1]));
            NumericKit.AssertAllClose(rg, gradient, 1e-11, at + ": gradient", scale);
            double hessianScale = Math.Max(Math.Max(Math.Abs(rh[0]), Math.Abs(rh[1])), Math.Abs(rh[3]));
            NumericKit.AssertAllClose(rh, hessian, 1e-10, at + ": Hessian", hessianScale);
        }
    }

    [Fact]
    public void TheTwoSigmoids_GiveTheSameDerivatives()
    {
        var rng = new Random(11);
        for (int k = 0; k < 50; k++)
        {
            double x = (rng.NextDouble() * 6) - 1, y = (rng.NextDouble() * 6) - 3;
            var a = Inlined.Hessian(x, y);
            var b = WithSymMath.Hessian(x, y);
            double scale = Math.Max(1, Math.Abs(a.Value));
            NumericKit.AssertClose(a.Value, b.Value, 1e-13, $"value at ({x}, {y})", scale);
            NumericKit.AssertAllClose(a.Gradient, b.Gradient, 1e-12, $"gradient at ({x}, {y})", Math.Max(1, Math.Abs(a.Gradient[0]) + Math.Abs(a.Gradient[1])));
            NumericKit.AssertAllClose(a.Hessian, b.Hessian, 1e-11, $"Hessian at ({x}, {y})", Math.Max(1, Math.Abs(a.Hessian[0]) + Math.Abs(a.Hessian[3])));
        }
    }

    [Fact]
    public void TheUsersSigmoid_HasTheDerivatives_SigmaTimesOneMinusSigma()
    {
        var sigmoid = DiffFunction.Of("Sigmoid", SeedModel.Sigmoid, SeedModel.SigmoidGradient, SeedModel.SigmoidHessian);
        foreach (var z in new[] { -6.0, -1.0, 0.0, 0.5, 3.0 })
        {
            double s = 1 / (1 + Math.Exp(-z)), d = Math.Exp(-z) / ((1 + Math.Exp(-z)) * (1 + Math.Exp(-z)));
            sigmoid.CheckAgainstClosedForm(new[] { z }, new[] { d }, new[] { d * (1 - (2 * s)) });
            sigmoid.CheckAgainstFiniteDifferences(new[] { z }, 0.1);
        }

        Assert.Equal(0.25, sigmoid.Gradient(0.0).Gradient[0]);
        Assert.Equal(0.0, sigmoid.Hessian(0.0).Hessian[0]);
    }

    /// <summary>f evaluated on hyper-dual numbers: value, gradient and Hessian without truncation error.</summary>
    private static (double Value, double[] Gradient, double[] Hessian) Reference(double x, double y)
    {
        static HyperDual Sigma(HyperDual z) => 1.0 / (1.0 + HyperDual.Exp(-z));
        static HyperDual F(HyperDual x, HyperDual y) => ((x * x) + Sigma(y)) / ((3.0 * x) + y - Sigma(x));

        var xx = F(new HyperDual(x, 1, 1), new HyperDual(y));
        var xy = F(new HyperDual(x, 1, 0), new HyperDual(y, 0, 1));
        var yy = F(new HyperDual(x), new HyperDual(y, 1, 1));
        return (xx.V, new[] { xx.A, xy.B }, new[] { xx.AB, xy.AB, xy.AB, yy.AB });
    }
}
