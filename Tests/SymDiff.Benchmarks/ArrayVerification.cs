using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SymDiff.Benchmarks;

/// <summary>
/// The checks of the array benchmarks, run before anything is timed (and by <c>--verify</c>): on several instances of
/// each function, the hand-written baselines must agree with the generated derivatives to 1e-12, and their values with
/// the user's function to 1e-12; and the hand-written gradients must agree with central finite differences of the
/// user's function, the hand-written Hessian-vector products with central differences of the hand-written gradient
/// along v, and the hand-written dense Hessians with central differences of the hand-written gradient, to 1e-6 (the
/// finite differences are <see cref="CentralDifferences"/>, the code the benchmarks' finite-difference rows run).
/// Vectors (and matrices) are compared norm-wise: ‖a − e‖∞ / max(1, ‖e‖∞); values as |a − e| / max(1, |e|).
/// The generated methods write into buffers one entry longer than needed and filled with NaN, as the benchmarks reuse
/// their buffers: every entry must be overwritten (not accumulated into), and the extra one left alone.
/// </summary>
public static class ArrayVerification
{
    /// <summary>The tolerance between the generated and the hand-written derivatives (and values).</summary>
    public const double ExactTolerance = 1e-12;

    /// <summary>The tolerance between finite differences and the hand-written derivatives.</summary>
    public const double FiniteDifferenceTolerance = 1e-6;

    /// <summary>Runs every check, writes one line per instance, and returns whether all agree.</summary>
    /// <param name="output">Receives the report.</param>
    public static bool Run(TextWriter output)
    {
        bool ok = true;
        foreach (var (n, seed, scale) in new[] { (10, 1, 3.0), (10, 2, 1000.0), (1000, 3, 3.0), (1000, 2000, 3.0) })
        {
            ok &= CheckSoftmaxCrossEntropy(output, SoftmaxCrossEntropyProblem.Create(n, seed, scale), $"softmax CE n = {n}, seed {seed}, |z| ≤ {scale}");
        }

        foreach (int seed in new[] { 1, 2, 2024 })
        {
            var problem = TwoLayerPerceptronProblem.Create(TwoLayerPerceptronBenchmarks.Inputs, TwoLayerPerceptronBenchmarks.Hidden, seed);
            ok &= CheckTwoLayerPerceptron(output, problem, $"MLP d = {problem.Input.Length}, h = {problem.B1.Length}, seed {seed}");
        }

        foreach (var (k, sampleCount, seed, gamma, m) in new[] { (5, 1000, 7, 1.0, 0), (3, 50, 11, 0.8, 3), (5, 1000, 12, 1.3, 1) })
        {
            ok &= CheckGaussianMixture(
                output,
                GaussianMixtureProblem.Create(k, sampleCount, seed, gamma, m),
                $"GMM d = 2, K = {k}, N = {sampleCount}, seed {seed}, γ = {gamma}, m = {m}");
        }

        foreach (var (n, seed) in new[] { (1, 1), (2, 2), (3, 3), (RosenbrockBenchmarks.N, 100), (RosenbrockBenchmarks.N, 4) })
        {
            ok &= CheckRosenbrock(output, RosenbrockProblem.Create(n, seed), $"Rosenbrock n = {n}, seed {seed}");
        }

        return ok;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> if <see cref="Run"/> finds a disagreement.</summary>
    public static void ThrowIfWrong()
    {
        var log = new StringWriter();
        if (!Run(log))
        {
            throw new InvalidOperationException("The hand-written array derivatives disagree:" + Environment.NewLine + log);
        }
    }

    private static bool CheckSoftmaxCrossEntropy(TextWriter output, SoftmaxCrossEntropyProblem problem, string name)
    {
        var (z, label, v) = problem;
        int n = z.Length;
        double value = SoftmaxCrossEntropy.Loss(z, label);

        var hand = new double[n];
        var generated = Poisoned(n);
        var handProduct = new double[n];
        var generatedProduct = Poisoned(n);
        double handValue = HandWrittenSoftmaxCrossEntropy.Gradient(z, label, hand);
        double generatedValue = SoftmaxCrossEntropy.LossGradient(z, label, generated);
        double handProductValue = HandWrittenSoftmaxCrossEntropy.HessianVectorProduct(z, label, v, handProduct);
        double generatedProductValue = SoftmaxCrossEntropy.LossHessianVectorProduct(z, label, v, generatedProduct);

        double valueError = Max(
            ValueError(handValue, value), ValueError(generatedValue, value),
            ValueError(handProductValue, value), ValueError(generatedProductValue, value));
        double exactError = Max(
            VectorError(generated, hand), OutsideError(generated, n), VectorError(generatedProduct, handProduct), OutsideError(generatedProduct, n));
        double gradientError = VectorError(FiniteDifferenceGradient(theta => SoftmaxCrossEntropy.Loss(theta, label), z), hand);
        ObjectiveGradient handGradient = (theta, gradient) => HandWrittenSoftmaxCrossEntropy.Gradient(theta, label, gradient);
        double productError = VectorError(FiniteDifferenceProduct(handGradient, z, v), handProduct);

        // The dense Hessian, at the size it is benchmarked at.
        double? hessianError = null;
        if (n == SoftmaxCrossEntropyHessianBenchmarks.N)
        {
            var handHessianGradient = new double[n];
            var handHessian = new double[n * n];
            var generatedHessianGradient = Poisoned(n);
            var generatedHessian = Poisoned(n * n);
            double handHessianValue = HandWrittenSoftmaxCrossEntropy.Hessian(z, label, handHessianGradient, handHessian);
            double generatedHessianValue = SoftmaxCrossEntropy.LossHessian(z, label, generatedHessianGradient, generatedHessian);
            valueError = Max(valueError, ValueError(handHessianValue, value), ValueError(generatedHessianValue, value));
            exactError = Max(
                exactError, VectorError(handHessianGradient, hand), VectorError(generatedHessianGradient, hand),
                OutsideError(generatedHessianGradient, n), VectorError(generatedHessian, handHessian), OutsideError(generatedHessian, n * n));
            hessianError = VectorError(FiniteDifferenceHessian(handGradient, z), handHessian);
        }

        return Report(output, name, valueError, exactError, gradientError, productError, hessianError);
    }

    private static bool CheckTwoLayerPerceptron(TextWriter output, TwoLayerPerceptronProblem problem, string name)
    {
        var (w1, b1, w2, b2, x, target) = problem;
        double value = TwoLayerPerceptron.Loss(w1, b1, w2, b2, x, target);

        var hand = new double[problem.ParameterCount];
        var generated = Poisoned(problem.ParameterCount);
        double handValue = HandWrittenTwoLayerPerceptron.Gradient(w1, b1, w2, b2, x, target, hand);
        double generatedValue = TwoLayerPerceptron.LossGradient(w1, b1, w2, b2, x, target, generated);

        // θ = (w1, b1, w2, b2), the order of the gradient.
        double[] parameters = w1.Concat(b1).Concat(w2).Append(b2).ToArray();
        int h = b1.Length;
        double Flat(ReadOnlySpan<double> theta) => TwoLayerPerceptron.Loss(
            theta[..w1.Length], theta.Slice(w1.Length, h), theta.Slice(w1.Length + h, h), theta[^1], x, target);

        double valueError = Math.Max(ValueError(handValue, value), ValueError(generatedValue, value));
        double exactError = Math.Max(VectorError(generated, hand), OutsideError(generated, problem.ParameterCount));
        double gradientError = VectorError(FiniteDifferenceGradient(Flat, parameters), hand);
        return Report(output, name, valueError, exactError, gradientError, productError: null);
    }

    private static bool CheckGaussianMixture(TextWriter output, GaussianMixtureProblem problem, string name)
    {
        var (alphas, means, icf, points, sampleCount, gamma, m) = problem;
        double value = GaussianMixture.LogLikelihood(alphas, means, icf, points, sampleCount, gamma, m);

        var hand = new double[problem.ParameterCount];
        var generated = Poisoned(problem.ParameterCount);
        double handValue = HandWrittenGaussianMixture.Gradient(alphas, means, icf, points, sampleCount, gamma, m, hand);
        double generatedValue = GaussianMixture.LogLikelihoodGradient(alphas, means, icf, points, sampleCount, gamma, m, generated);

        // θ = (alphas, means, icf), the order of the gradient, and the objective over it, as the benchmark has them.
        double[] parameters = GaussianMixtureBenchmarks.FlatParameters(problem);
        Objective flat = GaussianMixtureBenchmarks.FlatObjective(problem);

        double valueError = Math.Max(ValueError(handValue, value), ValueError(generatedValue, value));
        double exactError = Math.Max(VectorError(generated, hand), OutsideError(generated, problem.ParameterCount));
        double gradientError = VectorError(FiniteDifferenceGradient(flat, parameters), hand);
        return Report(output, name, valueError, exactError, gradientError, productError: null);
    }

    private static bool CheckRosenbrock(TextWriter output, RosenbrockProblem problem, string name)
    {
        var (x, v) = problem;
        int n = x.Length;
        double value = RosenbrockFunctions.Rosenbrock(x);

        var hand = new double[n];
        var generated = Poisoned(n);
        var handProduct = new double[n];
        var generatedProduct = Poisoned(n);
        var handHessianGradient = new double[n];
        var handHessian = new double[n * n];
        var generatedHessianGradient = Poisoned(n);
        var generatedHessian = Poisoned(n * n);
        double handValue = HandWrittenRosenbrock.Gradient(x, hand);
        double generatedValue = RosenbrockFunctions.RosenbrockGradient(x, generated);
        double handProductValue = HandWrittenRosenbrock.HessianVectorProduct(x, v, handProduct);
        double generatedProductValue = RosenbrockFunctions.RosenbrockHessianVectorProduct(x, v, generatedProduct);
        double handHessianValue = HandWrittenRosenbrock.Hessian(x, handHessianGradient, handHessian);
        double generatedHessianValue = RosenbrockFunctions.RosenbrockHessian(x, generatedHessianGradient, generatedHessian);

        double valueError = Max(
            ValueError(handValue, value), ValueError(generatedValue, value), ValueError(handProductValue, value),
            ValueError(generatedProductValue, value), ValueError(handHessianValue, value), ValueError(generatedHessianValue, value));
        double exactError = Max(
            VectorError(generated, hand), OutsideError(generated, n),
            VectorError(generatedProduct, handProduct), OutsideError(generatedProduct, n),
            VectorError(handHessianGradient, hand), VectorError(generatedHessianGradient, hand), OutsideError(generatedHessianGradient, n),
            VectorError(generatedHessian, handHessian), OutsideError(generatedHessian, n * n));
        if (n == 2)
        {
            // The chained function at n = 2 is the two-variable one: the array and the scalar generated code agree.
            var scalar = new double[7];
            scalar[0] = RosenbrockFunctions.Rosenbrock2Hessian(x[0], x[1], scalar.AsSpan(1, 2), scalar.AsSpan(3, 4));
            exactError = Max(
                exactError, ValueError(scalar[0], value), VectorError(scalar[1..3], hand), VectorError(scalar[3..], handHessian));
        }

        double gradientError = VectorError(FiniteDifferenceGradient(RosenbrockFunctions.Rosenbrock, x), hand);
        double productError = VectorError(FiniteDifferenceProduct(HandWrittenRosenbrock.Gradient, x, v), handProduct);
        double hessianError = VectorError(FiniteDifferenceHessian(HandWrittenRosenbrock.Gradient, x), handHessian);
        return Report(output, name, valueError, exactError, gradientError, productError, hessianError);
    }

    private static bool Report(
        TextWriter output, string name, double valueError, double exactError, double gradientError, double? productError, double? hessianError = null)
    {
        bool ok = valueError <= ExactTolerance && exactError <= ExactTolerance && gradientError <= FiniteDifferenceTolerance
            && (productError is not { } p || p <= FiniteDifferenceTolerance)
            && (hessianError is not { } h || h <= FiniteDifferenceTolerance);
        string product = productError is { } error ? string.Create(CultureInfo.InvariantCulture, $", finite-difference H·v {error:0.0E+0}") : "";
        string hessian = hessianError is { } e ? string.Create(CultureInfo.InvariantCulture, $", finite-difference Hessian {e:0.0E+0}") : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: values {valueError:0.0E+0}, hand-written vs generated {exactError:0.0E+0}, " +
            $"finite-difference gradient {gradientError:0.0E+0}{product}{hessian}  {(ok ? "✓" : "✗ DISAGREES")}"));
        return ok;
    }

    // The benchmarks' central differences of f at θ (a copy of θ is moved).
    private static double[] FiniteDifferenceGradient(Objective f, double[] theta)
    {
        var result = new double[theta.Length];
        CentralDifferences.Gradient(f, (double[])theta.Clone(), result);
        return result;
    }

    // The benchmarks' (∇f(θ + h·v) − ∇f(θ − h·v)) / 2h ≈ H·v.
    private static double[] FiniteDifferenceProduct(ObjectiveGradient gradient, double[] theta, double[] v)
    {
        var result = new double[theta.Length];
        CentralDifferences.HessianVectorProduct(gradient, theta, v, new double[2 * theta.Length], result);
        return result;
    }

    // The benchmarks' central differences of the gradient, one coordinate at a time, symmetrized.
    private static double[] FiniteDifferenceHessian(ObjectiveGradient gradient, double[] theta)
    {
        var result = new double[theta.Length * theta.Length];
        CentralDifferences.Hessian(gradient, theta, new double[2 * theta.Length], new double[theta.Length], result);
        return result;
    }

    // The value the generated methods find past the end of their output; it must still be there afterwards.
    private const double Sentinel = -7777.25;

    // An output buffer for a generated method: length + 1 entries, the first length NaN (so that an entry it adds to
    // instead of writing shows up), then the sentinel.
    private static double[] Poisoned(int length)
    {
        var buffer = new double[length + 1];
        Array.Fill(buffer, double.NaN, 0, length);
        buffer[length] = Sentinel;
        return buffer;
    }

    // 0 if the entry past the output is still the sentinel, else infinity.
    private static double OutsideError(double[] buffer, int length) =>
        buffer[length].Equals(Sentinel) ? 0 : double.PositiveInfinity;

    private static double ValueError(double actual, double expected)
    {
        double error = Math.Abs(actual - expected) / Math.Max(1, Math.Abs(expected));
        return double.IsNaN(error) ? double.PositiveInfinity : error;
    }

    private static double VectorError(double[] actual, double[] expected)
    {
        double difference = 0;
        double scale = 1;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(actual[i] - expected[i]);
            difference = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(difference, d);
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        return difference / scale;
    }

    private static double Max(params double[] values) => values.Max();
}
