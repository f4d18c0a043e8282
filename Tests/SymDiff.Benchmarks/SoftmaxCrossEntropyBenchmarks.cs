using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace SymDiff.Benchmarks;

/// <summary>
/// Softmax cross-entropy over n classes: its value, and its gradient and Hessian-vector product computed by the
/// generated code and by hand-written code (the baselines), and the gradient by central finite differences (2n
/// evaluations of the loss, <see cref="CentralDifferences.Gradient"/>). Ratios are within a category:
/// "SoftmaxCE-Gradient" against <see cref="HandWrittenGradient"/> (the objective's own cost is <see cref="Value"/>),
/// "SoftmaxCE-HVP" against <see cref="HandWrittenHessianVectorProduct"/>. Targets: generated gradient ≤ 5× the value
/// and ≤ 1.5× the hand-written gradient; 0 B per call (the caller provides the output buffers). The dense Hessian is
/// in <see cref="SoftmaxCrossEntropyHessianBenchmarks"/> (n = 10 only).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SoftmaxCrossEntropyBenchmarks
{
    private double[] logits = Array.Empty<double>();
    private double[] vector = Array.Empty<double>();
    private int label;
    private Objective loss = static _ => 0;

    // Preallocated outputs: nothing allocates per call.
    private double[] gradient = Array.Empty<double>();
    private double[] product = Array.Empty<double>();
    private double[] point = Array.Empty<double>();

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
        point = (double[])logits.Clone();
        int fixedLabel = label;
        loss = z => SoftmaxCrossEntropy.Loss(z, fixedLabel);   // created once here, not per call
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

    /// <summary>Central finite differences of the loss: 2n evaluations (and one for the value).</summary>
    [Benchmark, BenchmarkCategory("SoftmaxCE-Gradient")]
    public double FiniteDifferenceGradient() => CentralDifferences.Gradient(loss, point, gradient);

    /// <summary>The generated LossHessianVectorProduct.</summary>
    [Benchmark, BenchmarkCategory("SoftmaxCE-HVP")]
    public double GeneratedHessianVectorProduct() => SoftmaxCrossEntropy.LossHessianVectorProduct(logits, label, vector, product);

    /// <summary>The hand-written O(n) product H·v = p ⊙ v − p (pᵀv) (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("SoftmaxCE-HVP")]
    public double HandWrittenHessianVectorProduct() => HandWrittenSoftmaxCrossEntropy.HessianVectorProduct(logits, label, vector, product);
}

/// <summary>
/// The dense Hessian of softmax cross-entropy over n = 10 classes (random logits in [−3, 3], fixed seed): the generated
/// LossHessian (the gradient, then the Hessian row by row as H·eₖ), the hand-written diag(p) − p pᵀ (baseline), and
/// central differences of the hand-written gradient (<see cref="CentralDifferences.Hessian"/>: 2n + 1 gradient
/// evaluations). Target: generated within 1.5× hand-written for n ≤ 16; 0 B per call.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SoftmaxCrossEntropyHessianBenchmarks
{
    /// <summary>The number of classes n.</summary>
    public const int N = 10;

    private double[] logits = Array.Empty<double>();
    private int label;
    private ObjectiveGradient handWrittenGradient = static (_, _) => 0;

    // Preallocated outputs and scratch: nothing allocates per call.
    private readonly double[] gradient = new double[N];
    private readonly double[] hessian = new double[N * N];
    private readonly double[] work = new double[2 * N];

    /// <summary>Random logits in [−3, 3] (the seed of <see cref="SoftmaxCrossEntropyBenchmarks"/> at n = 10); checks the baselines first.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ArrayVerification.ThrowIfWrong();
        var problem = SoftmaxCrossEntropyProblem.Create(N, seed: 1000 + N);
        logits = problem.Logits;
        label = problem.Label;
        int fixedLabel = label;
        handWrittenGradient = (z, g) => HandWrittenSoftmaxCrossEntropy.Gradient(z, fixedLabel, g);   // created once here
    }

    /// <summary>The generated LossHessian (value, gradient and Hessian).</summary>
    [Benchmark, BenchmarkCategory("SoftmaxCE-Hessian")]
    public double GeneratedHessian() => SoftmaxCrossEntropy.LossHessian(logits, label, gradient, hessian);

    /// <summary>The hand-written diag(p) − p pᵀ (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("SoftmaxCE-Hessian")]
    public double HandWrittenHessian() => HandWrittenSoftmaxCrossEntropy.Hessian(logits, label, gradient, hessian);

    /// <summary>Central differences of the hand-written gradient: 2n + 1 gradient evaluations.</summary>
    [Benchmark, BenchmarkCategory("SoftmaxCE-Hessian")]
    public double FiniteDifferenceHessian() => CentralDifferences.Hessian(handWrittenGradient, logits, work, gradient, hessian);
}
