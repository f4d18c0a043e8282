using System;

namespace SymDiff.Learning;

/// <summary>
/// The forward passes of the built-in layers and losses, as <see cref="DifferentiableAttribute"/> methods: the
/// generator writes their backward passes (<c>…Backward</c>, and <c>…VectorJacobianProduct</c>), their tangents
/// (<c>…JacobianVectorProduct</c>) and, for the losses, their gradients and Hessian-vector products; the
/// <see cref="Layer"/>s and <see cref="Loss"/>es of this namespace call those. They are public so that they can be
/// read, tested and reused; a network uses them through <see cref="Layer"/> and <see cref="Loss"/>.
/// </summary>
/// <remarks>
/// Batches are row-major: sample s of a batch of vectors of size n is elements <c>s * n</c> to <c>s * n + n − 1</c>.
/// A dense layer's parameters are its m × n weights W, row-major, followed by its m biases b.
/// </remarks>
public static partial class LayerFunctions
{
    /// <summary>The slope of the leaky ReLU for negative inputs (document 001, Q3).</summary>
    public const double LeakySlope = 0.01;

    /// <summary>The ε added to the variance in batch normalisation, so that a constant feature does not divide by 0.</summary>
    public const double BatchNormEpsilon = 1e-5;

    /// <summary>The affine map y = Wx + b of every sample of a batch.</summary>
    /// <param name="parameters">W (m × n, row-major), then b (m): m·n + m values.</param>
    /// <param name="inputs">The batch of inputs, <paramref name="batch"/> × n.</param>
    /// <param name="outputs">Receives the batch of outputs, <paramref name="batch"/> × m.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="inputSize">n.</param>
    /// <param name="outputSize">m.</param>
    [Differentiable]
    public static void Dense(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, [Result] Span<double> outputs, int batch, int inputSize, int outputSize)
    {
        int n = inputSize;
        int m = outputSize;
        var biases = parameters.Slice(m * n, m);
        for (int s = 0; s < batch; s++)
        {
            var x = inputs.Slice(s * n, n);
            for (int i = 0; i < m; i++)
            {
                var row = parameters.Slice(i * n, n);
                double a = biases[i];
                for (int j = 0; j < row.Length; j++)
                {
                    a += row[j] * x[j];
                }

                outputs[(s * m) + i] = a;
            }
        }
    }

    /// <summary>max(x, 0), element by element.</summary>
    /// <param name="x">The inputs (any number: a whole batch at once).</param>
    /// <param name="y">Receives the outputs, as many as <paramref name="x"/>.</param>
    [Differentiable]
    public static void Relu(ReadOnlySpan<double> x, [Result] Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = SymMath.Relu(x[i]);
        }
    }

    /// <summary>x for x &gt; 0, else <see cref="LeakySlope"/>·x, element by element.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs.</param>
    [Differentiable]
    public static void LeakyRelu(ReadOnlySpan<double> x, [Result] Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = SymMath.LeakyRelu(x[i], LeakySlope);
        }
    }

    /// <summary>σ(x) = 1 / (1 + e^(−x)), element by element (evaluated stably).</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs.</param>
    [Differentiable]
    public static void Sigmoid(ReadOnlySpan<double> x, [Result] Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = SymMath.Sigmoid(x[i]);
        }
    }

    /// <summary>tanh(x), element by element.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs.</param>
    [Differentiable]
    public static void Tanh(ReadOnlySpan<double> x, [Result] Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Math.Tanh(x[i]);
        }
    }

    /// <summary>
    /// The residual block of document 003, Q2, for one sample of size n: h = φ(Wx + b) + x, y = φ(Vh + c) + h, with
    /// φ the ReLU.
    /// </summary>
    /// <param name="parameters">W (n × n), b (n), V (n × n), c (n): 2n² + 2n values.</param>
    /// <param name="x">The input, n values.</param>
    /// <param name="y">Receives the output, n values.</param>
    [Differentiable]
    public static void Residual(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, [Result] Span<double> y)
    {
        int n = x.Length;
        int b = n * n;
        int v = b + n;
        int c = v + (n * n);
        Span<double> h = stackalloc double[n];
        for (int i = 0; i < n; i++)
        {
            double a = parameters[b + i];
            for (int j = 0; j < n; j++)
            {
                a += parameters[(i * n) + j] * x[j];
            }

            h[i] = SymMath.Relu(a) + x[i];
        }

        for (int i = 0; i < n; i++)
        {
            double a = parameters[c + i];
            for (int j = 0; j < n; j++)
            {
                a += parameters[v + (i * n) + j] * h[j];
            }

            y[i] = SymMath.Relu(a) + h[i];
        }
    }

    /// <summary>
    /// Batch normalisation in training mode (document 001, Q2): each feature f is normalised with its batch mean μ
    /// and biased variance σ² = (1/N)Σ(x − μ)², then scaled and shifted: y = γ_f (x − μ) / √(σ² + ε) + β_f.
    /// </summary>
    /// <param name="parameters">γ (d values), then β (d values).</param>
    /// <param name="inputs">The batch, <paramref name="batch"/> × d.</param>
    /// <param name="outputs">Receives the normalised batch, <paramref name="batch"/> × d.</param>
    /// <param name="batch">N, the number of samples.</param>
    /// <param name="features">d.</param>
    [Differentiable]
    public static void BatchNormalization(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, [Result] Span<double> outputs, int batch, int features)
    {
        int d = features;
        for (int f = 0; f < d; f++)
        {
            double sum = 0;
            for (int s = 0; s < batch; s++)
            {
                sum += inputs[(s * d) + f];
            }

            double mean = sum / batch;
            double squares = 0;
            for (int s = 0; s < batch; s++)
            {
                double u = inputs[(s * d) + f] - mean;
                squares += u * u;
            }

            double scale = parameters[f] / Math.Sqrt((squares / batch) + BatchNormEpsilon);
            for (int s = 0; s < batch; s++)
            {
                outputs[(s * d) + f] = ((inputs[(s * d) + f] - mean) * scale) + parameters[d + f];
            }
        }
    }

    /// <summary>
    /// The cross-entropy −Σᵢ tᵢ log softmax(z)ᵢ of one sample, computed stably as Σᵢ tᵢ (m + log Σₖ e^(zₖ − m) − zᵢ)
    /// with m = maxₖ zₖ. Its gradient is softmax(z)·Σt − t (softmax(z) − t for a one-hot or probability target).
    /// </summary>
    /// <param name="logits">z, the network's output for the sample.</param>
    /// <param name="target">t: a one-hot vector, or any probability distribution over the classes.</param>
    /// <returns>The loss.</returns>
    [Differentiable]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, [Constant] ReadOnlySpan<double> target)
    {
        double m = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            m = Math.Max(m, logits[i]);
        }

        double s = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            s += Math.Exp(logits[i] - m);
        }

        double logSumExp = m + Math.Log(s);
        double loss = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            loss += target[i] * (logSumExp - logits[i]);
        }

        return loss;
    }

    /// <summary>½‖y − t‖² of one sample; its gradient is y − t.</summary>
    /// <param name="output">y, the network's output for the sample.</param>
    /// <param name="target">t.</param>
    /// <returns>The loss.</returns>
    [Differentiable]
    public static double SquaredError(ReadOnlySpan<double> output, [Constant] ReadOnlySpan<double> target)
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double e = output[i] - target[i];
            sum += e * e;
        }

        return 0.5 * sum;
    }

    /// <summary>
    /// The binary cross-entropy −t log σ(z) − (1 − t) log(1 − σ(z)) of each output z (a logit), summed; computed
    /// stably as softplus(z) − t·z. Its gradient is σ(z) − t.
    /// </summary>
    /// <param name="logits">z, the network's outputs for the sample (before any sigmoid).</param>
    /// <param name="target">t, each in [0, 1].</param>
    /// <returns>The loss.</returns>
    [Differentiable]
    public static double SigmoidCrossEntropy(ReadOnlySpan<double> logits, [Constant] ReadOnlySpan<double> target)
    {
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += SymMath.Softplus(logits[i]) - (target[i] * logits[i]);
        }

        return sum;
    }
}
