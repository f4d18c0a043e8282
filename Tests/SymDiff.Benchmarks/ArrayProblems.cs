using System;

namespace SymDiff.Benchmarks;

/// <summary>A softmax cross-entropy instance: logits, a label and a direction for Hessian-vector products.</summary>
/// <param name="Logits">The logits z.</param>
/// <param name="Label">The true class, in [0, z.Length).</param>
/// <param name="Vector">A direction v, as long as z.</param>
public sealed record SoftmaxCrossEntropyProblem(double[] Logits, int Label, double[] Vector)
{
    /// <summary>Logits uniform in [−scale, scale], v uniform in [−1, 1], label n/3; fixed by <paramref name="seed"/>.</summary>
    /// <param name="n">The number of classes.</param>
    /// <param name="seed">The seed of the random numbers.</param>
    /// <param name="scale">The half-width of the logits' range (beyond ~709, e^z overflows without the max shift).</param>
    public static SoftmaxCrossEntropyProblem Create(int n, int seed, double scale = 3)
    {
        var random = new Random(seed);
        return new SoftmaxCrossEntropyProblem(ArrayProblems.Uniform(random, n, -scale, scale), n / 3, ArrayProblems.Uniform(random, n, -1, 1));
    }
}

/// <summary>A 2-layer perceptron instance: weights (the variables), and one sample with its target (data).</summary>
/// <param name="W1">Hidden weights, h × d row-major.</param>
/// <param name="B1">Hidden biases (h).</param>
/// <param name="W2">Output weights (h).</param>
/// <param name="B2">Output bias.</param>
/// <param name="Input">The sample x (d).</param>
/// <param name="Target">The target t.</param>
public sealed record TwoLayerPerceptronProblem(double[] W1, double[] B1, double[] W2, double B2, double[] Input, double Target)
{
    /// <summary>The length of the gradient: h·d + 2h + 1.</summary>
    public int ParameterCount => W1.Length + B1.Length + W2.Length + 1;

    /// <summary>
    /// Weights uniform in ±1/√fan-in (w1 ±1/√d, w2 ±1/√h, biases ±0.1), x uniform in [−1, 1], t in [−1, 1]; fixed by
    /// <paramref name="seed"/>.
    /// </summary>
    /// <param name="inputs">The input size d.</param>
    /// <param name="hidden">The number of hidden units h.</param>
    /// <param name="seed">The seed of the random numbers.</param>
    public static TwoLayerPerceptronProblem Create(int inputs, int hidden, int seed)
    {
        var random = new Random(seed);
        double w1Scale = 1 / Math.Sqrt(inputs);
        double w2Scale = 1 / Math.Sqrt(hidden);
        return new TwoLayerPerceptronProblem(
            ArrayProblems.Uniform(random, hidden * inputs, -w1Scale, w1Scale),
            ArrayProblems.Uniform(random, hidden, -0.1, 0.1),
            ArrayProblems.Uniform(random, hidden, -w2Scale, w2Scale),
            0.2 * random.NextDouble() - 0.1,
            ArrayProblems.Uniform(random, inputs, -1, 1),
            2 * random.NextDouble() - 1);
    }
}

/// <summary>An ADBench GMM instance in d = 2: parameters (the variables), points and Wishart prior (data).</summary>
/// <param name="Alphas">Unnormalized log mixture weights (K).</param>
/// <param name="Means">Component means, K × 2 row-major.</param>
/// <param name="Icf">Inverse covariance factors, K × 3: (log q₀, log q₁, l) per component.</param>
/// <param name="Points">The data, N × 2 row-major.</param>
/// <param name="SampleCount">The number of points N.</param>
/// <param name="WishartGamma">The Wishart prior's γ.</param>
/// <param name="WishartM">The Wishart prior's m.</param>
public sealed record GaussianMixtureProblem(
    double[] Alphas, double[] Means, double[] Icf, double[] Points, int SampleCount, double WishartGamma, int WishartM)
{
    /// <summary>The length of the gradient: 6K.</summary>
    public int ParameterCount => Alphas.Length + Means.Length + Icf.Length;

    /// <summary>
    /// alphas uniform in [−1, 1], means in [−2, 2]², log-diagonals and lower entries in [−½, ½], points in [−3, 3]²;
    /// fixed by <paramref name="seed"/>. ADBench's prior is γ = 1, m = 0.
    /// </summary>
    /// <param name="components">The number of components K.</param>
    /// <param name="sampleCount">The number of points N.</param>
    /// <param name="seed">The seed of the random numbers.</param>
    /// <param name="wishartGamma">The Wishart prior's γ.</param>
    /// <param name="wishartM">The Wishart prior's m.</param>
    public static GaussianMixtureProblem Create(int components, int sampleCount, int seed, double wishartGamma = 1, int wishartM = 0)
    {
        var random = new Random(seed);
        return new GaussianMixtureProblem(
            ArrayProblems.Uniform(random, components, -1, 1),
            ArrayProblems.Uniform(random, components * GaussianMixture.Dimension, -2, 2),
            ArrayProblems.Uniform(random, components * GaussianMixture.IcfSize, -0.5, 0.5),
            ArrayProblems.Uniform(random, sampleCount * GaussianMixture.Dimension, -3, 3),
            sampleCount,
            wishartGamma,
            wishartM);
    }
}

/// <summary>Helpers for the array problems.</summary>
public static class ArrayProblems
{
    /// <summary>Returns <paramref name="length"/> numbers drawn uniformly from [low, high).</summary>
    /// <param name="random">The source of random numbers.</param>
    /// <param name="length">How many numbers.</param>
    /// <param name="low">The lower end of the range.</param>
    /// <param name="high">The upper end of the range.</param>
    public static double[] Uniform(Random random, int length, double low, double high)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = low + (high - low) * random.NextDouble();
        }

        return values;
    }
}
