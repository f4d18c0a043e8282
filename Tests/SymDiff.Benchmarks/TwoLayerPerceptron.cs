using System;

namespace SymDiff.Benchmarks;

/// <summary>
/// The squared loss of a 2-layer perceptron (d inputs, h tanh hidden units, one linear output) on one sample, as a
/// user writes it; the generator adds <c>LossGradient</c> (and <c>LossHessianVectorProduct</c>, <c>LossHessian</c>)
/// to this type. The gradient vector runs over w1 (h·d), b1 (h), w2 (h) and b2 (1), in that order.
/// </summary>
public static partial class TwoLayerPerceptron
{
    /// <summary>
    /// ½ (ŷ − t)², where ŷ = b2 + Σⱼ w2ⱼ tanh(b1ⱼ + Σᵢ w1ⱼᵢ xᵢ).
    /// </summary>
    /// <param name="w1">The hidden layer's weights, h × d row-major (row j holds unit j's input weights).</param>
    /// <param name="b1">The hidden layer's biases; its length is the number of hidden units h.</param>
    /// <param name="w2">The output weights, h long.</param>
    /// <param name="b2">The output bias.</param>
    /// <param name="x">The input sample, d long (data: no gradient entry).</param>
    /// <param name="target">The target t (data: no gradient entry).</param>
    [Differentiable]
    public static double Loss(
        ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        [Constant] ReadOnlySpan<double> x, [Constant] double target)
    {
        int d = x.Length;
        int h = b1.Length;
        double output = b2;
        for (int j = 0; j < h; j++)
        {
            double activation = b1[j];
            for (int i = 0; i < d; i++)
            {
                activation += w1[j * d + i] * x[i];
            }

            output += w2[j] * Math.Tanh(activation);
        }

        double residual = output - target;
        return 0.5 * residual * residual;
    }
}

/// <summary>
/// The gradient of <see cref="TwoLayerPerceptron.Loss"/> written by hand, as an expert would (backpropagation): one
/// forward pass keeps each hidden unit's tanh in the gradient's w2 slots (where ∂ℓ/∂w2ⱼ = r·tanhⱼ will go), then one
/// backward pass writes every entry once. No buffer besides the caller's gradient; nothing allocates. The baseline.
/// </summary>
public static class HandWrittenTwoLayerPerceptron
{
    /// <summary>
    /// Returns ½ (ŷ − t)² and writes its gradient with respect to (w1, b1, w2, b2), in that order, to the first
    /// h·d + 2h + 1 entries of <paramref name="gradient"/>.
    /// </summary>
    /// <param name="w1">The hidden layer's weights, h × d row-major.</param>
    /// <param name="b1">The hidden layer's biases (h).</param>
    /// <param name="w2">The output weights (h).</param>
    /// <param name="b2">The output bias.</param>
    /// <param name="x">The input sample (d).</param>
    /// <param name="target">The target t.</param>
    /// <param name="gradient">Receives the gradient; at least h·d + 2h + 1 long.</param>
    public static double Gradient(
        ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        ReadOnlySpan<double> x, double target, Span<double> gradient)
    {
        int d = x.Length;
        int h = b1.Length;
        if (w1.Length != h * d || w2.Length != h)
        {
            throw new ArgumentException("w1 must be h × d and w2 h long, h = b1.Length, d = x.Length.", nameof(w1));
        }

        if (gradient.Length < h * d + 2 * h + 1)
        {
            throw new ArgumentException("gradient must have at least h·d + 2h + 1 elements.", nameof(gradient));
        }

        Span<double> gradientW1 = gradient[..(h * d)];
        Span<double> gradientB1 = gradient.Slice(h * d, h);
        Span<double> gradientW2 = gradient.Slice(h * d + h, h);

        // Forward: tanh of each hidden unit, kept in gradientW2.
        double output = b2;
        for (int j = 0; j < h; j++)
        {
            ReadOnlySpan<double> row = w1.Slice(j * d, d);
            double activation = b1[j];
            for (int i = 0; i < d; i++)
            {
                activation += row[i] * x[i];
            }

            double hidden = Math.Tanh(activation);
            gradientW2[j] = hidden;
            output += w2[j] * hidden;
        }

        // Backward: r = ∂ℓ/∂ŷ; δⱼ = r·w2ⱼ·(1 − tanhⱼ²) = ∂ℓ/∂b1ⱼ, and ∂ℓ/∂w1ⱼᵢ = δⱼ·xᵢ.
        double residual = output - target;
        for (int j = 0; j < h; j++)
        {
            double hidden = gradientW2[j];
            gradientW2[j] = residual * hidden;
            double delta = residual * w2[j] * (1 - hidden * hidden);
            gradientB1[j] = delta;
            Span<double> row = gradientW1.Slice(j * d, d);
            for (int i = 0; i < d; i++)
            {
                row[i] = delta * x[i];
            }
        }

        gradient[h * d + 2 * h] = residual;
        return 0.5 * residual * residual;
    }
}
