using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace SymDiff.Benchmarks;

/// <summary>The second-order seed functions of document 002, as a user writes them; the generator adds their
/// derivatives and <c>Seed002Function</c>, <c>CriticalPoints002Function</c>.</summary>
public static partial class NewtonBenchmarkFunctions
{
    /// <summary>2x² + 2y² − xy − 17y·cos(0.2πx) (document 002, 2.2.1).</summary>
    [Differentiable]
    public static double Seed002(double x, double y) => (2 * x * x) + (2 * y * y) - (x * y) - (17 * y * Math.Cos(0.2 * Math.PI * x));

    /// <summary>3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂² (document 002, 2.1).</summary>
    [Differentiable]
    public static double CriticalPoints002(double x1, double x2) =>
        (3 * x1 * x1) - (3 * x1 * x2) + (4 * x1 * x1 * x1) + (x1 * x1 * x1 * x1) + (2 * x2 * x2);
}

/// <summary>
/// One pure Newton step (<see cref="Newton.Step(IDifferentiableFunction, ReadOnlySpan{double}, Span{double}, NewtonWorkspace)"/>,
/// with a caller-provided <see cref="NewtonWorkspace"/>) on the seed functions, against one evaluation of the generated
/// Hessian (the baseline: a step is one Hessian evaluation plus a 2 × 2 LU solve, so the ratio shows the solver's
/// overhead). The allocating convenience overload is shown for contrast. Target: 0 B per step with a workspace.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class NewtonBenchmarks
{
    // Fields, so that the JIT cannot fold the points; arrays preallocated so nothing allocates per call.
    private readonly double[] seed002Point = { 0.0, 0.0 };
    private readonly double[] criticalPoint = { -0.3, -0.3 };   // near the saddle: an indefinite Hessian
    private readonly double[] seed004Point = { 1.0, 0.0 };
    private readonly double[] gradient = new double[2];
    private readonly double[] hessian = new double[4];
    private readonly double[] step = new double[2];
    private readonly NewtonWorkspace workspace = new(2);

    /// <summary>Checks that the steps succeed (and the first is the document's) before anything is timed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (Newton.Step(NewtonBenchmarkFunctions.Seed002Function, seed002Point, step, workspace) != NewtonStepStatus.Ok
            || step[0] != 17.0 / 15.0 || step[1] != 68.0 / 15.0
            || Newton.Step(NewtonBenchmarkFunctions.CriticalPoints002Function, criticalPoint, step, workspace) != NewtonStepStatus.Ok
            || Newton.Step(SeedFunction.FFunction, seed004Point, step, workspace) != NewtonStepStatus.Ok)
        {
            throw new InvalidOperationException("A benchmarked Newton step failed or disagrees with document 002.");
        }
    }

    /// <summary>The generated Seed002Hessian (value, gradient, Hessian): the baseline.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("002 seed")]
    public double Seed002Hessian() => NewtonBenchmarkFunctions.Seed002Hessian(seed002Point[0], seed002Point[1], gradient, hessian);

    /// <summary>One Newton step on Seed002 through <see cref="IDifferentiableFunction"/>, workspace provided.</summary>
    [Benchmark, BenchmarkCategory("002 seed")]
    public NewtonStepStatus Seed002Step() => Newton.Step(NewtonBenchmarkFunctions.Seed002Function, seed002Point, step, workspace);

    /// <summary>The allocating convenience step on Seed002.</summary>
    [Benchmark, BenchmarkCategory("002 seed")]
    public double[] Seed002StepAllocating() => Newton.Step(NewtonBenchmarkFunctions.Seed002Function, seed002Point);

    /// <summary>The generated CriticalPoints002Hessian: the baseline.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("002 critical points")]
    public double CriticalPointsHessian() => NewtonBenchmarkFunctions.CriticalPoints002Hessian(criticalPoint[0], criticalPoint[1], gradient, hessian);

    /// <summary>One Newton step on CriticalPoints002 (indefinite Hessian), workspace provided.</summary>
    [Benchmark, BenchmarkCategory("002 critical points")]
    public NewtonStepStatus CriticalPointsStep() => Newton.Step(NewtonBenchmarkFunctions.CriticalPoints002Function, criticalPoint, step, workspace);

    /// <summary>The generated FHessian of document 004's f(x, y) = (x² + σ(y)) / (3x + y − σ(x)): the baseline.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("004 chain rule")]
    public double Seed004Hessian() => SeedFunction.FHessian(seed004Point[0], seed004Point[1], gradient, hessian);

    /// <summary>One Newton step on document 004's f, workspace provided.</summary>
    [Benchmark, BenchmarkCategory("004 chain rule")]
    public NewtonStepStatus Seed004Step() => Newton.Step(SeedFunction.FFunction, seed004Point, step, workspace);
}
