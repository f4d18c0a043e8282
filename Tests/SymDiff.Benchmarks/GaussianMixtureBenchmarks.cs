using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace SymDiff.Benchmarks;

/// <summary>
/// The ADBench Gaussian-mixture log-likelihood with its Wishart prior, d = 2, K = 5, N = 1000 (30 parameters, fixed
/// random points): its value, and its gradient computed by the generated code, by hand-written code (the baseline) and
/// by central finite differences over the 6K parameters (<see cref="CentralDifferences.Gradient"/>: 12K = 60
/// evaluations of the objective, a few milliseconds). Targets: generated gradient ≤ 5× <see cref="Value"/> and ≤ 1.5× <see cref="HandWrittenGradient"/>;
/// 0 B per call (the caller provides the gradient buffer).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class GaussianMixtureBenchmarks
{
    /// <summary>The number of components K.</summary>
    public const int Components = 5;

    /// <summary>The number of points N.</summary>
    public const int SampleCount = 1000;

    private double[] alphas = Array.Empty<double>();
    private double[] means = Array.Empty<double>();
    private double[] icf = Array.Empty<double>();
    private double[] points = Array.Empty<double>();
    private int sampleCount;
    private double wishartGamma;
    private int wishartM;
    private Objective flatLogLikelihood = static _ => 0;

    // Preallocated outputs: nothing allocates per call.
    private double[] gradient = Array.Empty<double>();
    private double[] parameters = Array.Empty<double>();

    /// <summary>Random parameters and points (fixed seed), ADBench's prior γ = 1, m = 0; checks the baselines first.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ArrayVerification.ThrowIfWrong();
        var problem = GaussianMixtureProblem.Create(Components, SampleCount, seed: 7);
        (alphas, means, icf, points, sampleCount, wishartGamma, wishartM) = problem;
        gradient = new double[problem.ParameterCount];
        parameters = FlatParameters(problem);
        flatLogLikelihood = FlatObjective(problem);   // created once here, not per call
    }

    /// <summary>The user's <see cref="GaussianMixture.LogLikelihood"/>: the cost of one evaluation.</summary>
    [Benchmark, BenchmarkCategory("GMM-Gradient")]
    public double Value() => GaussianMixture.LogLikelihood(alphas, means, icf, points, sampleCount, wishartGamma, wishartM);

    /// <summary>The generated LogLikelihoodGradient.</summary>
    [Benchmark, BenchmarkCategory("GMM-Gradient")]
    public double GeneratedGradient() =>
        GaussianMixture.LogLikelihoodGradient(alphas, means, icf, points, sampleCount, wishartGamma, wishartM, gradient);

    /// <summary>The hand-written gradient (baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("GMM-Gradient")]
    public double HandWrittenGradient() =>
        HandWrittenGaussianMixture.Gradient(alphas, means, icf, points, sampleCount, wishartGamma, wishartM, gradient);

    /// <summary>Central finite differences of the objective over θ = (alphas, means, icf): 12K evaluations (and one for the value).</summary>
    [Benchmark, BenchmarkCategory("GMM-Gradient")]
    public double FiniteDifferenceGradient() => CentralDifferences.Gradient(flatLogLikelihood, parameters, gradient);

    /// <summary>θ = (alphas, means, icf), the order of the gradient: a new array.</summary>
    /// <param name="problem">The instance.</param>
    public static double[] FlatParameters(GaussianMixtureProblem problem) => [.. problem.Alphas, .. problem.Means, .. problem.Icf];

    /// <summary>The objective as a function of θ = (alphas, means, icf), the instance's points and prior fixed.</summary>
    /// <param name="problem">The instance.</param>
    public static Objective FlatObjective(GaussianMixtureProblem problem)
    {
        var (alphas, _, _, points, sampleCount, gamma, m) = problem;
        int k = alphas.Length;
        return theta => GaussianMixture.LogLikelihood(
            theta[..k], theta.Slice(k, 2 * k), theta.Slice(3 * k, 3 * k), points, sampleCount, gamma, m);
    }
}
