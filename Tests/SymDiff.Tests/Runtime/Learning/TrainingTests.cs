using System;
using System.Linq;
using SymDiff.Learning;
using Xunit;

namespace SymDiff.Tests.Runtime.Learning;

/// <summary>Training from fixed seeds reaches the logic gates' truth tables exactly (classification at σ = ½).</summary>
public class TrainingTests
{
    private static readonly double[] Inputs = { 0, 0, 0, 1, 1, 0, 1, 1 };

    private static int[] Classify(Network network, double[] theta)
    {
        var outputs = new double[4];
        network.Predict(theta, Inputs, outputs);
        return outputs.Select(z => z > 0 ? 1 : 0).ToArray();
    }

    private static double Train(Network network, double[] theta, IOptimizer optimizer, double[] targets, int steps)
    {
        var gradient = new double[network.ParameterCount];
        double loss = 0;
        for (int k = 0; k < steps; k++)
        {
            loss = network.Gradient(theta, Loss.SigmoidCrossEntropy, Inputs, targets, gradient);
            optimizer.Step(theta, gradient);
        }

        return loss;
    }

    [Theory]
    [InlineData("AND", new[] { 0.0, 0, 0, 1 })]
    [InlineData("OR", new[] { 0.0, 1, 1, 1 })]
    [InlineData("NAND", new[] { 1.0, 1, 1, 0 })]
    [InlineData("NOR", new[] { 1.0, 0, 0, 0 })]
    public void ASingleNeuron_LearnsALinearlySeparableGate(string gate, double[] truth)
    {
        var network = new Network(Layer.Dense(2, 1));
        var theta = network.CreateParameters(seed: 5);
        double loss = Train(network, theta, new GradientDescentOptimizer(2.0), truth, 500);
        Assert.True(loss < 0.05, $"{gate}: loss {loss}");
        Assert.Equal(truth.Select(t => (int)t), Classify(network, theta));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TwoLayers_LearnXor_WithAdam(int seed)
    {
        double[] xor = { 0, 1, 1, 0 };
        var network = new Network(Layer.Dense(2, 4), Layer.Tanh(4), Layer.Dense(4, 1));
        var theta = network.CreateParameters(seed);
        double loss = Train(network, theta, new AdamOptimizer(network.ParameterCount, learningRate: 0.05), xor, 500);
        Assert.True(loss < 0.01, $"seed {seed}: loss {loss}");
        Assert.Equal(new[] { 0, 1, 1, 0 }, Classify(network, theta));
    }

    [Fact]
    public void TwoLayers_LearnXor_WithMomentumAndWithGaussNewton()
    {
        double[] xor = { 0, 1, 1, 0 };
        var network = new Network(Layer.Dense(2, 4), Layer.Tanh(4), Layer.Dense(4, 1));
        var theta = network.CreateParameters(seed: 2);
        double loss = Train(network, theta, new MomentumOptimizer(network.ParameterCount, learningRate: 0.1, momentum: 0.9), xor, 1000);
        Assert.True(loss < 0.01, $"momentum: loss {loss}");
        Assert.Equal(new[] { 0, 1, 1, 0 }, Classify(network, theta));

        theta = network.CreateParameters(seed: 2);
        var levenbergMarquardt = new GaussNewtonOptimizer(network, Loss.SigmoidCrossEntropy);
        for (int k = 0; k < 20; k++)
        {
            loss = levenbergMarquardt.Step(theta, Inputs, xor);
        }

        Assert.True(loss < 1e-3, $"Gauss-Newton: loss {loss}");
        Assert.Equal(new[] { 0, 1, 1, 0 }, Classify(network, theta));
    }
}
