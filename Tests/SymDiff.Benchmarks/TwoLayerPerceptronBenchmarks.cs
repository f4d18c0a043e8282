using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace SymDiff.Benchmarks;

/// <summary>
/// The squared loss of a 2-layer tanh perceptron (d = 10 inputs, h = 32 hidden units, one output; 385 weights) on one
/// sample: its value, and its gradient computed by the generated code and by hand-written backpropagation (the
/// baseline). Targets: generated gradient ≤ 5× <see cref="Value"/> and ≤ 1.5× <see cref="HandWrittenGradient"/>;
/// 0 B per call (the caller provides the gradient buffer).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class TwoLayerPerceptronBenchmarks
{
    /// <summary>The input size d.</summary>
    public const int Inputs = 10;

    /// <summary>The number of hidden units h.</summary>
    public const int Hidden = 32;

    private double[] w1 = Array.Empty<double>();
    private double[] b1 = Array.Empty<double>();
    private double[] w2 = Array.Empty<double>();
    private double b2;
    private double[] x = Array.Empty<double>();
    private double target;

    // Preallocated output: nothing allocates per call.
    private double[] gradient = Array.Empty<double>();

    /// <summary>Random weights and sample (fixed seed); checks the baselines before they are timed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ArrayVerification.ThrowIfWrong();
        var problem = TwoLayerPerceptronProblem.Create(Inputs, Hidden, seed: 2024);
        (w1, b1, w2, b2, x, target) = problem;
        gradient = new double[problem.ParameterCount];
    }

    /// <summary>The user's <see cref="TwoLayerPerceptron.Loss"/>: the cost of one evaluation.</summary>
    [Benchmark, BenchmarkCategory("MLP-Gradient")]
    public double Value() => TwoLayerPerceptron.Loss(w1, b1, w2, b2, x, target);

    /// <summary>The generated LossGradient.</summary>
    [Benchmark, BenchmarkCategory("MLP-Gradient")]
    public double GeneratedGradient() => TwoLayerPerceptron.LossGradient(w1, b1, w2, b2, x, target, gradient);

    /// <summary>Hand-written backpropagation (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("MLP-Gradient")]
    public double HandWrittenGradient() => HandWrittenTwoLayerPerceptron.Gradient(w1, b1, w2, b2, x, target, gradient);
}
