using System;
using Xunit;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// <c>FHessianVectorProduct</c> against the generated Hessian times the vector (an independent path: the dense
/// Hessian is checked elsewhere against computer algebra and finite differences), and its span contract.
/// </summary>
public class HessianVectorProductTests
{
    [Fact]
    public void EqualsTheHessianTimesTheVector_ForTheSeedFunction()
    {
        var rng = new Random(11);
        var g = new double[2];
        var h = new double[4];
        var hv = new double[2];
        for (int k = 0; k < 200; k++)
        {
            double x = (rng.NextDouble() * 6) - 3, y = (rng.NextDouble() * 6) - 3;
            var v = new[] { (rng.NextDouble() * 2) - 1, (rng.NextDouble() * 2) - 1 };
            double value = SeedModel.FHessian(x, y, g, h);

            Assert.Equal(value, SeedModel.FHessianVectorProduct(x, y, v, hv), 14);
            for (int i = 0; i < 2; i++)
            {
                double expected = (h[(i * 2) + 0] * v[0]) + (h[(i * 2) + 1] * v[1]);
                double scale = Math.Abs(h[i * 2] * v[0]) + Math.Abs(h[(i * 2) + 1] * v[1]) + 1e-300;
                Assert.True(Math.Abs(hv[i] - expected) <= 1e-13 * scale, $"(H·v)[{i}] at ({x}, {y}): {hv[i]} vs {expected}");
            }
        }
    }

    [Fact]
    public void OfTheNewtonSeedAtTheOrigin_IsExact()
    {
        // H(0, 0) = [[4, −1], [−1, 4]] (document 002): H·(1, 2) = (2, 7).
        var hv = new double[2];
        NewtonSeed.FHessianVectorProduct(0, 0, new[] { 1.0, 2.0 }, hv);
        Assert.Equal(new[] { 2.0, 7.0 }, hv);
    }

    [Fact]
    public void ShortSpansThrowNamingTheSpan()
    {
        var e = Assert.Throws<ArgumentException>(() => SeedModel.FHessianVectorProduct(1, 0, new double[1], new double[2]));
        Assert.Equal("vector", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => SeedModel.FHessianVectorProduct(1, 0, new double[2], new double[1]));
        Assert.Equal("product", e.ParamName);
    }
}
