using System;
using BenchmarkDotNet.Attributes;
using SymDiff.Learning;

namespace SymDiff.Benchmarks;

/// <summary>
/// One training step of the spiral MLP (2-64-64-3 leaky ReLU, softmax cross-entropy, batch 128): the gradient by
/// the runtime's <see cref="Network"/> (each layer's backward pass generated from its forward pass) or by
/// hand-written backpropagation (the baseline), then the same Adam update. Targets: within 1.3× of the baseline,
/// 0 B per step after warm-up.
/// </summary>
[MemoryDiagnoser]
public class SpiralTrainingStepBenchmarks
{
    private SpiralTrainingStep step = null!;
    private SpiralTrainingStep.HandWritten hand = null!;
    private double[] parameters = Array.Empty<double>();
    private double[] gradient = Array.Empty<double>();
    private AdamOptimizer adam = null!;

    /// <summary>Checks the baseline, then builds the network, the batch and the buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (!SpiralTrainingStep.Verify(Console.Out))
        {
            throw new InvalidOperationException("The hand-written backpropagation disagrees with the network's.");
        }

        step = SpiralTrainingStep.Create();
        hand = new SpiralTrainingStep.HandWritten();
        parameters = (double[])step.Parameters.Clone();
        gradient = new double[step.Network.ParameterCount];
        adam = new AdamOptimizer(gradient.Length, learningRate: 1e-6); // tiny steps: the point stays put while timing
    }

    /// <summary>The runtime's network: generated backward passes chained by the runtime.</summary>
    [Benchmark]
    public double Network()
    {
        double loss = step.Network.Gradient(parameters, Loss.SoftmaxCrossEntropy, step.InputBatch, step.Targets, gradient);
        adam.Step(parameters, gradient);
        return loss;
    }

    /// <summary>Hand-written backpropagation (baseline).</summary>
    [Benchmark(Baseline = true)]
    public double HandWritten()
    {
        double loss = hand.Gradient(parameters, step.InputBatch, step.Targets, gradient);
        adam.Step(parameters, gradient);
        return loss;
    }
}
