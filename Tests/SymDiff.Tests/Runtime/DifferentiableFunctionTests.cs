using System;
using System.Collections.Generic;
using Xunit;

namespace SymDiff.Tests.Runtime;

/// <summary>The interface's default members, for hand-written implementations.</summary>
public class DifferentiableFunctionTests
{
    [Fact]
    public void TheDefaultHessianVectorProductMultipliesTheDenseHessian()
    {
        IDifferentiableFunction f = new Cubic();
        var product = new double[2];

        double value = f.HessianVectorProduct(new[] { 2.0, 3.0 }, new[] { 1.0, 10.0 }, product);

        // f = x³ + x·y²: H = [[6x, 2y], [2y, 2x]] = [[12, 6], [6, 4]] at (2, 3); H·(1, 10) = (72, 46).
        Assert.Equal(26.0, value);
        Assert.Equal(new[] { 72.0, 46.0 }, product);
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => f.HessianVectorProduct(new[] { 2.0, 3.0 }, new double[1], product)).ParamName);
        Assert.Equal("product", Assert.Throws<ArgumentException>(() => f.HessianVectorProduct(new[] { 2.0, 3.0 }, new double[2], new double[1])).ParamName);
    }

    private sealed class Cubic : IDifferentiableFunction
    {
        public int Dimension => 2;

        public IReadOnlyList<string> ParameterNames { get; } = new[] { "x", "y" };

        public double Value(ReadOnlySpan<double> x) => (x[0] * x[0] * x[0]) + (x[0] * x[1] * x[1]);

        public double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
        {
            gradient[0] = (3 * x[0] * x[0]) + (x[1] * x[1]);
            gradient[1] = 2 * x[0] * x[1];
            return Value(x);
        }

        public double Hessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
        {
            hessian[0] = 6 * x[0];
            hessian[1] = hessian[2] = 2 * x[1];
            hessian[3] = 2 * x[0];
            return Gradient(x, gradient);
        }
    }
}
