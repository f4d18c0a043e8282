using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace SymDiff.Benchmarks;

/// <summary>
/// The Rosenbrock function in two variables, f(x, y) = (1 − x)² + 100(y − x²)², at the classic start (−1.2, 1): its
/// value, and its gradient, Hessian and Hessian-vector product computed by the generated code, by hand-written code
/// (the baselines) and by central finite differences (<see cref="CentralDifferences"/>: of f for the gradient, of the
/// hand-written gradient for the Hessian and H·v). Ratios are within a category: "Rosenbrock2-Gradient" against
/// <see cref="HandWrittenGradient"/> (the function's own cost is <see cref="Value"/>), "Rosenbrock2-Hessian" against
/// <see cref="HandWrittenHessian"/>, "Rosenbrock2-HVP" against <see cref="HandWrittenHessianVectorProduct"/>.
/// Targets: generated gradient ≤ 1.2× hand-written and ≤ 4× the value, Hessian ≤ 1.5× hand-written; 0 B per call.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Rosenbrock2Benchmarks
{
    // The finite differences see f and the hand-written gradient as functions of the vector (x, y); static lambdas
    // are cached by the compiler, so passing them allocates nothing.
    private static readonly Objective Function = static p => RosenbrockFunctions.Rosenbrock2(p[0], p[1]);
    private static readonly ObjectiveGradient HandWrittenGradientOfVector = static (p, g) => HandWrittenRosenbrock.Gradient2(p[0], p[1], g);

    // Fields, not constants, so that the JIT cannot fold the point into the code.
    private double x = -1.2;
    private double y = 1;
    private readonly double[] point = { -1.2, 1 };
    private readonly double[] vector = { 0.6, -0.8 };

    // Preallocated outputs and scratch: nothing allocates per call.
    private readonly double[] gradient = new double[2];
    private readonly double[] hessian = new double[4];
    private readonly double[] product = new double[2];
    private readonly double[] work = new double[4];

    /// <summary>Makes sure the baselines are right before they are timed.</summary>
    [GlobalSetup]
    public void Setup() => Verification.ThrowIfWrong();

    /// <summary>The plain function: the cost of one evaluation.</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock2-Gradient")]
    public double Value() => RosenbrockFunctions.Rosenbrock2(x, y);

    /// <summary>The generated Rosenbrock2Gradient.</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock2-Gradient")]
    public double GeneratedGradient() => RosenbrockFunctions.Rosenbrock2Gradient(x, y, gradient);

    /// <summary>The hand-written analytic gradient (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Rosenbrock2-Gradient")]
    public double HandWrittenGradient() => HandWrittenRosenbrock.Gradient2(x, y, gradient);

    /// <summary>Central finite differences of f: 4 evaluations (and one for the value).</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock2-Gradient")]
    public double FiniteDifferenceGradient() => CentralDifferences.Gradient(Function, point, gradient);

    /// <summary>The generated Rosenbrock2Hessian (value, gradient and Hessian).</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock2-Hessian")]
    public double GeneratedHessian() => RosenbrockFunctions.Rosenbrock2Hessian(x, y, gradient, hessian);

    /// <summary>The hand-written analytic Hessian (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Rosenbrock2-Hessian")]
    public double HandWrittenHessian() => HandWrittenRosenbrock.Hessian2(x, y, gradient, hessian);

    /// <summary>Central differences of the hand-written gradient: 5 gradient evaluations (value, gradient and Hessian).</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock2-Hessian")]
    public double FiniteDifferenceHessian() => CentralDifferences.Hessian(HandWrittenGradientOfVector, point, work, gradient, hessian);

    /// <summary>The generated Rosenbrock2HessianVectorProduct.</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock2-HVP")]
    public double GeneratedHessianVectorProduct() => RosenbrockFunctions.Rosenbrock2HessianVectorProduct(x, y, vector, product);

    /// <summary>The hand-written analytic H·v (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Rosenbrock2-HVP")]
    public double HandWrittenHessianVectorProduct() => HandWrittenRosenbrock.HessianVectorProduct2(x, y, vector, product);

    /// <summary>The central difference of the hand-written gradient along v: 2 gradient evaluations.</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock2-HVP")]
    public double FiniteDifferenceHessianVectorProduct() =>
        CentralDifferences.HessianVectorProduct(HandWrittenGradientOfVector, point, vector, work, product);
}

/// <summary>
/// The chained Rosenbrock function in n = 100 variables, f(x) = Σ_{i &lt; n−1} (1 − xᵢ)² + 100(xᵢ₊₁ − xᵢ²)², at a random
/// point in [−2, 2]ⁿ (fixed seed): its value, and its gradient, Hessian-vector product and dense Hessian computed by
/// the generated code, by hand-written code (the baselines: one pass, O(n) for the gradient and H·v, the tridiagonal
/// fill of a cleared n × n buffer for the Hessian) and by central finite differences (<see cref="CentralDifferences"/>:
/// 2n evaluations of f for the gradient, 2 of the hand-written gradient for H·v, 2n + 1 for the Hessian). Ratios are
/// within a category: "Rosenbrock100-Gradient" against <see cref="HandWrittenGradient"/> (the function's own cost is
/// <see cref="Value"/>), "Rosenbrock100-HVP" against <see cref="HandWrittenHessianVectorProduct"/>,
/// "Rosenbrock100-Hessian" against <see cref="HandWrittenHessian"/>. Targets: generated gradient ≤ 1.2× hand-written
/// and ≤ 4× the value; 0 B per call.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class RosenbrockBenchmarks
{
    /// <summary>The dimension n.</summary>
    public const int N = 100;

    // Method groups of static methods are cached by the compiler; these are created once anyway.
    private static readonly Objective Function = RosenbrockFunctions.Rosenbrock;
    private static readonly ObjectiveGradient HandWrittenGradientFunction = HandWrittenRosenbrock.Gradient;

    private double[] point = Array.Empty<double>();
    private double[] vector = Array.Empty<double>();

    // Preallocated outputs and scratch: nothing allocates per call.
    private double[] gradient = Array.Empty<double>();
    private double[] product = Array.Empty<double>();
    private double[] hessian = Array.Empty<double>();
    private double[] work = Array.Empty<double>();

    /// <summary>A random point and direction (fixed seed); checks the baselines before they are timed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ArrayVerification.ThrowIfWrong();
        (point, vector) = RosenbrockProblem.Create(N, seed: 100);
        gradient = new double[N];
        product = new double[N];
        hessian = new double[N * N];
        work = new double[2 * N];
    }

    /// <summary>The user's <see cref="RosenbrockFunctions.Rosenbrock"/>: the cost of one evaluation.</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock100-Gradient")]
    public double Value() => RosenbrockFunctions.Rosenbrock(point);

    /// <summary>The generated RosenbrockGradient.</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock100-Gradient")]
    public double GeneratedGradient() => RosenbrockFunctions.RosenbrockGradient(point, gradient);

    /// <summary>The hand-written one-pass gradient (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Rosenbrock100-Gradient")]
    public double HandWrittenGradient() => HandWrittenRosenbrock.Gradient(point, gradient);

    /// <summary>Central finite differences of f: 2n evaluations (and one for the value).</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock100-Gradient")]
    public double FiniteDifferenceGradient() => CentralDifferences.Gradient(Function, point, gradient);

    /// <summary>The generated RosenbrockHessianVectorProduct.</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock100-HVP")]
    public double GeneratedHessianVectorProduct() => RosenbrockFunctions.RosenbrockHessianVectorProduct(point, vector, product);

    /// <summary>The hand-written O(n) banded product (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Rosenbrock100-HVP")]
    public double HandWrittenHessianVectorProduct() => HandWrittenRosenbrock.HessianVectorProduct(point, vector, product);

    /// <summary>The central difference of the hand-written gradient along v: 2 gradient evaluations.</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock100-HVP")]
    public double FiniteDifferenceHessianVectorProduct() =>
        CentralDifferences.HessianVectorProduct(HandWrittenGradientFunction, point, vector, work, product);

    /// <summary>The generated RosenbrockHessian (value, gradient and the dense n × n Hessian, row by row as H·eₖ).</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock100-Hessian")]
    public double GeneratedHessian() => RosenbrockFunctions.RosenbrockHessian(point, gradient, hessian);

    /// <summary>The hand-written dense Hessian: clear the n × n buffer, fill the three diagonals (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Rosenbrock100-Hessian")]
    public double HandWrittenHessian() => HandWrittenRosenbrock.Hessian(point, gradient, hessian);

    /// <summary>Central differences of the hand-written gradient: 2n + 1 gradient evaluations.</summary>
    [Benchmark, BenchmarkCategory("Rosenbrock100-Hessian")]
    public double FiniteDifferenceHessian() => CentralDifferences.Hessian(HandWrittenGradientFunction, point, work, gradient, hessian);
}
