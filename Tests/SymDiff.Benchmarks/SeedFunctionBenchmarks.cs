using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace SymDiff.Benchmarks;

/// <summary>
/// The seed function f(x, y) = (x² + σ(y)) / (3x + y − σ(x)) at (1, 0): its value, and its gradient and Hessian
/// computed by the generated code, by hand-written code (the baselines) and by central finite differences; and its
/// Hessian-vector product along (0.6, −0.8), generated, hand-written, and the central difference of the hand-written
/// gradient along v (<see cref="CentralDifferences.HessianVectorProduct"/>). Ratios are within a category: "Gradient"
/// against <see cref="HandWrittenGradient"/>, "Hessian" against <see cref="HandWrittenHessian"/>, "HVP" against
/// <see cref="HandWrittenHessianVectorProduct"/>.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SeedFunctionBenchmarks
{
    // The hand-written gradient as a function of the vector (x, y), for the finite differences; a static lambda is
    // cached by the compiler, so passing it allocates nothing.
    private static readonly ObjectiveGradient HandWrittenGradientOfVector = static (p, g) => HandWritten.Gradient(p[0], p[1], g);

    // Fields, not constants, so that the JIT cannot fold the point into the code.
    private double x = 1;
    private double y = 0;
    private readonly double[] point = { 1, 0 };
    private readonly double[] vector = { 0.6, -0.8 };

    // Preallocated outputs: nothing allocates per call.
    private readonly double[] gradient = new double[2];
    private readonly double[] hessian = new double[4];
    private readonly double[] product = new double[2];
    private readonly double[] work = new double[4];

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

    /// <summary>The generated FHessianVectorProduct.</summary>
    [Benchmark, BenchmarkCategory("HVP")]
    public double GeneratedHessianVectorProduct() => SeedFunction.FHessianVectorProduct(x, y, vector, product);

    /// <summary>The hand-written analytic H·v (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("HVP")]
    public double HandWrittenHessianVectorProduct() => HandWritten.HessianVectorProduct(x, y, vector, product);

    /// <summary>The central difference of the hand-written gradient along v: 2 gradient evaluations.</summary>
    [Benchmark, BenchmarkCategory("HVP")]
    public double FiniteDifferenceHessianVectorProduct() =>
        CentralDifferences.HessianVectorProduct(HandWrittenGradientOfVector, point, vector, work, product);
}
