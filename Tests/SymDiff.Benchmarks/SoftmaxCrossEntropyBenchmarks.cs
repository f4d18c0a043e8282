using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace SymDiff.Benchmarks;

/// <summary>
/// Softmax cross-entropy over n classes: its value, and its gradient and Hessian-vector product computed by the
/// generated code and by hand-written code (the baselines). Ratios are within a category: "SoftmaxCE-Gradient"
/// against <see cref="HandWrittenGradient"/> (the objective's own cost is <see cref="Value"/>), "SoftmaxCE-HVP"
/// against <see cref="HandWrittenHessianVectorProduct"/>. Targets: generated gradient ≤ 5× the value and ≤ 1.5× the
/// hand-written gradient; 0 B per call (the caller provides the output buffers).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SoftmaxCrossEntropyBenchmarks
{
    private double[] logits = Array.Empty<double>();
    private double[] vector = Array.Empty<double>();
    private int label;

    // Preallocated outputs: nothing allocates per call.
    private double[] gradient = Array.Empty<double>();
    private double[] product = Array.Empty<double>();

    /// <summary>The number of classes n.</summary>
    [Params(10, 1000)]
    public int N { get; set; }

    /// <summary>Random logits in [−3, 3] (fixed seed); checks the baselines before they are timed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ArrayVerification.ThrowIfWrong();
        var problem = SoftmaxCrossEntropyProblem.Create(N, seed: 1000 + N);
        logits = problem.Logits;
        vector = problem.Vector;
        label = problem.Label;
        gradient = new double[N];
        product = new double[N];
    }

    /// <summary>The user's <see cref="SoftmaxCrossEntropy.Loss"/>: the cost of one evaluation.</summary>
    [Benchmark, BenchmarkCategory("SoftmaxCE-Gradient")]
    public double Value() => SoftmaxCrossEntropy.Loss(logits, label);

    /// <summary>The generated LossGradient.</summary>
    [Benchmark, BenchmarkCategory("SoftmaxCE-Gradient")]
    public double GeneratedGradient() => SoftmaxCrossEntropy.LossGradient(logits, label, gradient);

    /// <summary>The hand-written gradient softmax(z) − e_label (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("SoftmaxCE-Gradient")]
    public double HandWrittenGradient() => HandWrittenSoftmaxCrossEntropy.Gradient(logits, label, gradient);

    /// <summary>The generated LossHessianVectorProduct.</summary>
    [Benchmark, BenchmarkCategory("SoftmaxCE-HVP")]
    public double GeneratedHessianVectorProduct() => SoftmaxCrossEntropy.LossHessianVectorProduct(logits, label, vector, product);

    /// <summary>The hand-written O(n) product H·v = p ⊙ v − p (pᵀv) (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("SoftmaxCE-HVP")]
    public double HandWrittenHessianVectorProduct() => HandWrittenSoftmaxCrossEntropy.HessianVectorProduct(logits, label, vector, product);
}
