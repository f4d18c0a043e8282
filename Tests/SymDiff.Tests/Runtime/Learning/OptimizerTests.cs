using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using SymDiff.Learning;
using SymDiff.Tests.Numeric;
using Xunit;

namespace SymDiff.Tests.Runtime.Learning;

/// <summary>The optimizers' update rules against their equations, step by step.</summary>
public class OptimizerTests
{
    [Fact]
    public void GradientDescent_SubtractsTheScaledGradient()
    {
        double[] theta = { 1, -2 };
        new GradientDescentOptimizer(0.5).Step(theta, new[] { 4.0, -1 });
        Assert.Equal(new[] { -1.0, -1.5 }, theta);
    }

    [Fact]
    public void Momentum_AccumulatesVelocity()
    {
        // v₁ = −αg, v₂ = μv₁ − αg: with g = 1, α = 0.1, μ = 0.5: θ moves −0.1, then −0.15.
        double[] theta = { 0 };
        var momentum = new MomentumOptimizer(1, learningRate: 0.1, momentum: 0.5);
        momentum.Step(theta, new[] { 1.0 });
        NumericKit.AssertClose(-0.1, theta[0], 1e-16, "after one step");
        momentum.Step(theta, new[] { 1.0 });
        NumericKit.AssertClose(-0.25, theta[0], 1e-16, "after two steps");
    }

    /// <summary>With a constant gradient the bias-corrected moments are exact from step 1: each step moves α·g/(|g| + ε).</summary>
    [Fact]
    public void Adam_BiasCorrection_MakesTheFirstStepsFullSize()
    {
        double[] theta = { 0, 0 };
        double[] g = { 0.3, -2.0 };
        var adam = new AdamOptimizer(2, learningRate: 0.01);
        for (int t = 1; t <= 3; t++)
        {
            adam.Step(theta, g);
            NumericKit.AssertClose(-0.01 * t * 0.3 / (0.3 + 1e-8), theta[0], 1e-15, $"θ₀ after {t} steps");
            NumericKit.AssertClose(0.01 * t * 2.0 / (2.0 + 1e-8), theta[1], 1e-15, $"θ₁ after {t} steps");
        }

        Assert.Equal(3, adam.Steps);
    }

    /// <summary>Adam against its equations with a changing gradient (an independent transcription).</summary>
    [Fact]
    public void Adam_FollowsItsEquations()
    {
        var random = new Random(3);
        double[] theta = { 0.5 };
        double m = 0, v = 0, expected = 0.5;
        var adam = new AdamOptimizer(1, learningRate: 0.05, beta1: 0.8, beta2: 0.9, epsilon: 1e-6);
        for (int t = 1; t <= 10; t++)
        {
            double g = random.NextDouble() - 0.3;
            m = (0.8 * m) + (0.2 * g);
            v = (0.9 * v) + (0.1 * g * g);
            expected -= 0.05 * (m / (1 - Math.Pow(0.8, t))) / (Math.Sqrt(v / (1 - Math.Pow(0.9, t))) + 1e-6);
            adam.Step(theta, new[] { g });
            NumericKit.AssertClose(expected, theta[0], 1e-14, $"step {t}");
        }
    }

    /// <summary>Levenberg-Marquardt on linear least squares reaches the normal equations' solution (solved by MathNet's QR).</summary>
    [Fact]
    public void GaussNewton_OnLinearLeastSquares_ReachesTheLeastSquaresSolution()
    {
        var network = new Network(Layer.Dense(3, 1));
        var random = new Random(12);
        const int samples = 20;
        var inputs = Enumerable.Range(0, samples * 3).Select(_ => random.NextDouble() - 0.5).ToArray();
        var targets = Enumerable.Range(0, samples).Select(s => (2 * inputs[3 * s]) - inputs[(3 * s) + 1] + 0.5 + (0.1 * (random.NextDouble() - 0.5))).ToArray();
        var design = Matrix<double>.Build.Dense(samples, 4, (s, j) => j < 3 ? inputs[(3 * s) + j] : 1);
        var solution = design.QR().Solve(Vector<double>.Build.DenseOfArray(targets));

        var theta = network.CreateParameters(seed: 3);
        var optimizer = new GaussNewtonOptimizer(network, Loss.SquaredError, damping: 1e-3);
        double previous = network.Loss(theta, Loss.SquaredError, inputs, targets);
        for (int k = 0; k < 6; k++)
        {
            double value = optimizer.Step(theta, inputs, targets);
            Assert.True(value <= previous, $"step {k} raised the loss from {previous} to {value}");
            previous = value;
        }

        NumericKit.AssertAllClose(solution.ToArray(), theta, 1e-9, "θ against the least-squares solution");
    }

    [Fact]
    public void GaussNewton_NeedsALossWithAHessianVectorProduct()
    {
        var network = new Network(Layer.Dense(1, 1));
        var e = Assert.Throws<ArgumentException>(() => new GaussNewtonOptimizer(network, Loss.Create("no curvature", LayerFunctions.SquaredErrorGradient)));
        Assert.Contains("no Hessian-vector product", e.Message);
    }

    [Fact]
    public void NonFiniteGradients_AreRefused_AndChangeNothing()
    {
        double[] theta = { 1, 2 };
        var adam = new AdamOptimizer(2, learningRate: 0.1);
        var e = Assert.Throws<ArgumentException>(() => adam.Step(theta, new[] { 0.5, double.NaN }));
        Assert.Contains("gradient[1] is NaN", e.Message);
        Assert.Equal(new[] { 1.0, 2 }, theta);
        Assert.Equal(0, adam.Steps);
        adam.Step(theta, new[] { 1.0, 1 });
        NumericKit.AssertClose(0.9, theta[0], 1e-8, "the first real step is a first step");
        Assert.Throws<ArgumentException>(() => new MomentumOptimizer(2, 0.1).Step(theta, new[] { double.PositiveInfinity, 0 }));
        Assert.Throws<ArgumentException>(() => new GradientDescentOptimizer(0.1).Step(theta, new[] { 0, double.NegativeInfinity }));
    }

    [Fact]
    public void Networks_PropagateNonFiniteInputs_AndGaussNewtonDoesNotStep()
    {
        var network = new Network(Layer.Dense(2, 2), Layer.Tanh(2), Layer.Dense(2, 1));
        var theta = network.CreateParameters(seed: 1);
        var before = (double[])theta.Clone();
        double[] inputs = { double.NaN, 0, 1, 1 }, targets = { 0, 1 };
        var gradient = new double[network.ParameterCount];
        Assert.True(double.IsNaN(network.Gradient(theta, Loss.SquaredError, inputs, targets, gradient)));
        Assert.Throws<ArgumentException>(() => new AdamOptimizer(network.ParameterCount).Step(theta, gradient));
        Assert.True(double.IsNaN(new GaussNewtonOptimizer(network, Loss.SquaredError).Step(theta, inputs, targets)));
        Assert.Equal(before, theta);
    }

    [Fact]
    public void BadSettingsAndLengths_AreClearErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientDescentOptimizer(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MomentumOptimizer(2, 0.1, momentum: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(2, beta2: -0.1));
        var e = Assert.Throws<ArgumentException>(() => new AdamOptimizer(2).Step(new double[3], new double[3]));
        Assert.Contains("created for 2 parameters but was given 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => new GradientDescentOptimizer(0.1).Step(new double[3], new double[2]));
        Assert.Equal("gradient", e.ParamName);
    }
}
