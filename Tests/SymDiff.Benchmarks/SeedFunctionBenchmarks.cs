using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace SymDiff.Benchmarks;

/// <summary>
/// The seed function f(x, y) = (x² + σ(y)) / (3x + y − σ(x)) at (1, 0): its value, and its gradient and Hessian
/// computed by the generated code, by hand-written code (the baselines) and by central finite differences.
/// Ratios are within a category: "Gradient" against <see cref="HandWrittenGradient"/>, "Hessian" against
/// <see cref="HandWrittenHessian"/>.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SeedFunctionBenchmarks
{
    // Fields, not constants, so that the JIT cannot fold the point into the code.
    private double x = 1;
    private double y = 0;

    // Preallocated outputs: nothing allocates per call.
    private readonly double[] gradient = new double[2];
    private readonly double[] hessian = new double[4];

    /// <summary>Makes sure the baselines are right before they are timed.</summary>
    [GlobalSetup]
    public void Setup() => Verification.ThrowIfWrong();

    /// <summary>The plain function F: the cost of one evaluation.</summary>
    [Benchmark, BenchmarkCategory("Gradient")]
    public double Value() => SeedFunction.F(x, y);

    /// <summary>The generated FGradient.</summary>
    [Benchmark, BenchmarkCategory("Gradient")]
    public double GeneratedGradient() => SeedFunction.FGradient(x, y, gradient);

    /// <summary>The hand-written analytic gradient (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Gradient")]
    public double HandWrittenGradient() => HandWritten.Gradient(x, y, gradient);

    /// <summary>Central finite differences: 4 evaluations of F (and one for the value).</summary>
    [Benchmark, BenchmarkCategory("Gradient")]
    public double FiniteDifferenceGradient() => FiniteDifference.Gradient(x, y, gradient);

    /// <summary>The generated FHessian (value, gradient and Hessian).</summary>
    [Benchmark, BenchmarkCategory("Hessian")]
    public double GeneratedHessian() => SeedFunction.FHessian(x, y, gradient, hessian);

    /// <summary>The hand-written analytic Hessian (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Hessian")]
    public double HandWrittenHessian() => HandWritten.Hessian(x, y, gradient, hessian);

    /// <summary>The 9-point central stencil of F (value, gradient and Hessian).</summary>
    [Benchmark, BenchmarkCategory("Hessian")]
    public double FiniteDifferenceHessian() => FiniteDifference.Hessian(x, y, gradient, hessian);
}
