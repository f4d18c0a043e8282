using System;
using System.Linq;
using Xunit;

namespace SymDiff.Tests.Numeric;

/// <summary>Methods whose generated derivatives must stay finite where the mathematics is finite.</summary>
public static partial class StableModels
{
    /// <summary>σ(x).</summary>
    [Differentiable]
    public static double Sigmoid(double x) => SymMath.Sigmoid(x);

    /// <summary>log(1 + eˣ).</summary>
    [Differentiable]
    public static double Softplus(double x) => SymMath.Softplus(x);

    /// <summary>σ(x)·(1 − σ(y)): products of saturated sigmoids.</summary>
    [Differentiable]
    public static double SigmoidProduct(double x, double y) => SymMath.Sigmoid(x) * (1 - SymMath.Sigmoid(y));

    /// <summary>log(eˣ + eʸ) written with the max shift.</summary>
    [Differentiable]
    public static double LogSumExp2(double x, double y)
    {
        double m = Math.Max(x, y);
        return m + Math.Log(Math.Exp(x - m) + Math.Exp(y - m));
    }

    /// <summary>log Σ e^zᵢ over a span, with the max shift.</summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> z)
    {
        double m = z[0];
        for (int i = 1; i < z.Length; i++)
        {
            m = Math.Max(m, z[i]);
        }

        double s = 0;
        for (int i = 0; i < z.Length; i++)
        {
            s += Math.Exp(z[i] - m);
        }

        return m + Math.Log(s);
    }

    /// <summary>softmax(z) into p.</summary>
    [Differentiable]
    public static void Softmax(ReadOnlySpan<double> z, [Result] Span<double> p)
    {
        double m = z[0];
        for (int i = 1; i < z.Length; i++)
        {
            m = Math.Max(m, z[i]);
        }

        double s = 0;
        for (int i = 0; i < z.Length; i++)
        {
            s += Math.Exp(z[i] - m);
        }

        for (int i = 0; i < z.Length; i++)
        {
            p[i] = Math.Exp(z[i] - m) / s;
        }
    }

    /// <summary>log(1 + x) for x &gt; −1.</summary>
    [Differentiable]
    public static double LogOnePlus(double x) => Math.Log(1 + x);

    /// <summary>√(x² + y²): its gradient (x, y)/r is defined wherever r &gt; 0.</summary>
    [Differentiable]
    public static double Norm(double x, double y) => Math.Sqrt((x * x) + (y * y));

    /// <summary>x·log x: its derivatives log x + 1 and 1/x are finite for every x &gt; 0.</summary>
    [Differentiable]
    public static double EntropyTerm(double x) => x * Math.Log(x);
}

/// <summary>
/// Generated values and derivatives at extreme arguments (|x| up to 1e3, tiny x) are finite and right wherever the
/// true ones are finite: no overflow to infinity, no NaN from a form that divides by zero where the function is smooth.
/// </summary>
public class NumericSafetyTests
{
    private static void AssertFiniteAndClose(double expected, double actual, string what, double tolerance = 1e-14)
    {
        Assert.True(double.IsFinite(actual), $"{what} is {actual}");
        NumericKit.AssertClose(expected, actual, tolerance, what, scale: Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    [InlineData(-1000)]
    [InlineData(-745)]
    [InlineData(-40)]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(710)]
    [InlineData(1000)]
    public void SigmoidAndSoftplus_AreFiniteAndExact_ForLargeArguments(double x)
    {
        // σ(x) = 1/(1 + e^−x), σ' = σ(1 − σ), σ'' = σ(1 − σ)(1 − 2σ); softplus' = σ, softplus'' = σ(1 − σ).
        double sigma = x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
        double sigmaPrime = x >= 0 ? Math.Exp(-x) / Math.Pow(1 + Math.Exp(-x), 2) : Math.Exp(x) / Math.Pow(1 + Math.Exp(x), 2);
        var g = new double[1];
        var h = new double[1];
        AssertFiniteAndClose(sigma, StableModels.SigmoidHessian(x, g, h), "σ");
        AssertFiniteAndClose(sigmaPrime, g[0], "σ'");
        AssertFiniteAndClose(sigmaPrime * (1 - (2 * sigma)), h[0], "σ''");

        double softplus = Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
        AssertFiniteAndClose(softplus, StableModels.SoftplusHessian(x, g, h), "softplus");
        AssertFiniteAndClose(sigma, g[0], "softplus'");
        AssertFiniteAndClose(sigmaPrime, h[0], "softplus''");
    }

    [Theory]
    [InlineData(1000, -1000)]
    [InlineData(-1000, 1000)]
    [InlineData(800, 790)]
    public void SaturatedSigmoidProducts_HaveFiniteHessians(double x, double y)
    {
        var g = new double[2];
        var h = new double[4];
        double value = StableModels.SigmoidProductHessian(x, y, g, h);
        Assert.True(double.IsFinite(value) && g.All(double.IsFinite) && h.All(double.IsFinite), $"({x}, {y}): {value}, [{string.Join(", ", g)}], [{string.Join(", ", h)}]");
    }

    [Theory]
    [InlineData(1000, 999)]
    [InlineData(-1000, -1001)]
    [InlineData(1000, -1000)]
    public void LogSumExp_WithTheMaxShift_IsFiniteAtLargeLogits(double x, double y)
    {
        double m = Math.Max(x, y);
        double expected = m + Math.Log(Math.Exp(x - m) + Math.Exp(y - m));
        double px = Math.Exp(x - m) / (Math.Exp(x - m) + Math.Exp(y - m));
        var g = new double[2];
        var h = new double[4];
        AssertFiniteAndClose(expected, StableModels.LogSumExp2Hessian(x, y, g, h), "value", 1e-15);
        AssertFiniteAndClose(px, g[0], "∂/∂x");
        AssertFiniteAndClose(1 - px, g[1], "∂/∂y");
        AssertFiniteAndClose(px * (1 - px), h[0], "∂²/∂x²");
        AssertFiniteAndClose(-px * (1 - px), h[1], "∂²/∂x∂y");

        double[] z = { x, y, m - 3 };
        var gz = new double[3];
        var hz = new double[9];
        double value = StableModels.LogSumExpHessian(z, gz, hz);
        Assert.True(double.IsFinite(value) && gz.All(double.IsFinite) && hz.All(double.IsFinite));
        NumericKit.AssertClose(1, gz.Sum(), 1e-15, "Σ∂/∂zᵢ = Σpᵢ");
    }

    [Fact]
    public void Softmax_IsFiniteAtLogitsOfAThousand()
    {
        double[] z = { 1000, 998, -1000 };
        var p = new double[3];
        var jacobian = new double[9];
        StableModels.SoftmaxJacobian(z, p, jacobian);
        double s = 1 + Math.Exp(-2);
        var expected = new[] { 1 / s, Math.Exp(-2) / s, 0 };
        for (int i = 0; i < 3; i++)
        {
            AssertFiniteAndClose(expected[i], p[i], $"p[{i}]");
            for (int j = 0; j < 3; j++)
            {
                AssertFiniteAndClose(expected[i] * ((i == j ? 1 : 0) - expected[j]), jacobian[(i * 3) + j], $"∂p{i}/∂z{j}");
            }
        }
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-12)]
    [InlineData(1e3)]
    public void LogOnePlus_AndXLogX_AreFiniteWhereDefined(double x)
    {
        var g = new double[1];
        var h = new double[1];
        AssertFiniteAndClose(Math.Log(1 + x), StableModels.LogOnePlusHessian(x, g, h), "log(1 + x)");
        AssertFiniteAndClose(1 / (1 + x), g[0], "1/(1 + x)");
        AssertFiniteAndClose(-1 / ((1 + x) * (1 + x)), h[0], "−1/(1 + x)²");

        AssertFiniteAndClose(x * Math.Log(x), StableModels.EntropyTermHessian(x, g, h), "x log x");
        AssertFiniteAndClose(Math.Log(x) + 1, g[0], "log x + 1");
        AssertFiniteAndClose(1 / x, h[0], "1/x", 1e-13);
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(0, -2)]
    [InlineData(1e-150, -1e-150)]
    [InlineData(1e150, 2e150)]
    public void Norm_HasAFiniteGradientWheneverTheRadiusIsPositive(double x, double y)
    {
        // (Beyond |x| ≈ 1e154 the user's own x² overflows: the value is already infinite, whatever the derivative.)
        double r = double.Hypot(x, y);
        var g = new double[2];
        double value = StableModels.NormGradient(x, y, g);
        Assert.True(double.IsFinite(value) && g.All(double.IsFinite), $"({x}, {y}): r = {value}, ∇ = [{g[0]}, {g[1]}]");
        NumericKit.AssertClose(x / r, g[0], 1e-14, "x/r");
        NumericKit.AssertClose(y / r, g[1], 1e-14, "y/r");
    }
}
