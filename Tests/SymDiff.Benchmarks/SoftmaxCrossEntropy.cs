using System;

namespace SymDiff.Benchmarks;

/// <summary>
/// Softmax cross-entropy of a logit vector against a class label, as a user writes it; the generator adds
/// <c>LossGradient</c>, <c>LossHessianVectorProduct</c> and <c>LossHessian</c> to this type.
/// </summary>
public static partial class SoftmaxCrossEntropy
{
    /// <summary>
    /// ℓ(z) = log Σᵢ e^(zᵢ) − z_label, evaluated as m + log Σᵢ e^(zᵢ − m) with m = maxᵢ zᵢ so that no exponential
    /// overflows. Its gradient is p − e_label and its Hessian diag(p) − p pᵀ, where p = softmax(z).
    /// </summary>
    /// <param name="z">The logits (differentiable; at least one).</param>
    /// <param name="label">The index of the true class, in [0, z.Length).</param>
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> z, int label)
    {
        int n = z.Length;
        double max = z[0];
        for (int i = 1; i < n; i++)
        {
            max = Math.Max(max, z[i]);
        }

        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += Math.Exp(z[i] - max);
        }

        return max + Math.Log(sum) - z[label];
    }
}

/// <summary>
/// Derivatives of <see cref="SoftmaxCrossEntropy.Loss"/> written by hand, as an expert would: the shifted
/// exponentials are computed once and kept in the caller's output buffer, one reciprocal of their sum normalizes
/// them, and the Hessian-vector product never forms the Hessian (H·v = p ⊙ v − p (pᵀv), O(n)); the dense Hessian
/// diag(p) − p pᵀ is filled from p directly. Nothing allocates. These are the baselines.
/// </summary>
public static class HandWrittenSoftmaxCrossEntropy
{
    /// <summary>Returns ℓ(z) and writes ∇ℓ = softmax(z) − e_label to the first z.Length entries of <paramref name="gradient"/>.</summary>
    /// <param name="z">The logits (at least one).</param>
    /// <param name="label">The index of the true class, in [0, z.Length).</param>
    /// <param name="gradient">Receives the gradient; at least z.Length long.</param>
    public static double Gradient(ReadOnlySpan<double> z, int label, Span<double> gradient)
    {
        int n = z.Length;
        Validate(z, label, gradient.Length, nameof(gradient));
        double logSumExp = Softmax(z, gradient[..n]);
        gradient[label] -= 1;
        return logSumExp - z[label];
    }

    /// <summary>
    /// Returns ℓ(z) and writes the Hessian-vector product H·v = p ⊙ v − p (pᵀv), p = softmax(z), to the first
    /// z.Length entries of <paramref name="product"/>.
    /// </summary>
    /// <param name="z">The logits (at least one).</param>
    /// <param name="label">The index of the true class, in [0, z.Length).</param>
    /// <param name="vector">The direction v; z.Length long.</param>
    /// <param name="product">Receives H·v; at least z.Length long.</param>
    public static double HessianVectorProduct(ReadOnlySpan<double> z, int label, ReadOnlySpan<double> vector, Span<double> product)
    {
        int n = z.Length;
        Validate(z, label, product.Length, nameof(product));
        if (vector.Length != n)
        {
            throw new ArgumentException("vector must be as long as z.", nameof(vector));
        }

        product = product[..n];
        double max = Max(z);
        double sum = 0;
        double dot = 0;                                   // Σ eᵢ vᵢ, so pᵀv = dot / sum
        for (int i = 0; i < n; i++)
        {
            double e = Math.Exp(z[i] - max);
            product[i] = e;
            sum += e;
            dot += e * vector[i];
        }

        double inverse = 1 / sum;
        double pv = dot * inverse;
        for (int i = 0; i < n; i++)
        {
            product[i] = product[i] * inverse * (vector[i] - pv);
        }

        return max + Math.Log(sum) - z[label];
    }

    /// <summary>
    /// Returns ℓ(z), writes ∇ℓ = p − e_label and the dense row-major n × n Hessian diag(p) − p pᵀ, p = softmax(z)
    /// (p is kept in the gradient buffer until the Hessian is filled; the Hessian is written row by row, symmetric
    /// entries computed once each).
    /// </summary>
    /// <param name="z">The logits (at least one).</param>
    /// <param name="label">The index of the true class, in [0, z.Length).</param>
    /// <param name="gradient">Receives the gradient; at least z.Length long.</param>
    /// <param name="hessian">Receives the Hessian; at least z.Length² long.</param>
    public static double Hessian(ReadOnlySpan<double> z, int label, Span<double> gradient, Span<double> hessian)
    {
        int n = z.Length;
        Validate(z, label, gradient.Length, nameof(gradient));
        if (hessian.Length < n * n)
        {
            throw new ArgumentException("hessian must have at least z.Length² elements.", nameof(hessian));
        }

        gradient = gradient[..n];
        double logSumExp = Softmax(z, gradient);
        for (int i = 0; i < n; i++)
        {
            double pi = gradient[i];
            int row = i * n;
            hessian[row + i] = pi - pi * pi;
            for (int j = i + 1; j < n; j++)
            {
                double entry = -pi * gradient[j];
                hessian[row + j] = entry;
                hessian[j * n + i] = entry;
            }
        }

        gradient[label] -= 1;
        return logSumExp - z[label];
    }

    /// <summary>Writes p = softmax(z) (the shifted exponentials, scaled by one reciprocal of their sum) and returns log Σ exp(zᵢ).</summary>
    private static double Softmax(ReadOnlySpan<double> z, Span<double> p)
    {
        double max = Max(z);
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double e = Math.Exp(z[i] - max);
            p[i] = e;
            sum += e;
        }

        double inverse = 1 / sum;
        for (int i = 0; i < z.Length; i++)
        {
            p[i] *= inverse;
        }

        return max + Math.Log(sum);
    }

    private static double Max(ReadOnlySpan<double> z)
    {
        double max = z[0];
        for (int i = 1; i < z.Length; i++)
        {
            max = z[i] > max ? z[i] : max;
        }

        return max;
    }

    private static void Validate(ReadOnlySpan<double> z, int label, int outputLength, string outputName)
    {
        if (z.IsEmpty)
        {
            throw new ArgumentException("z must not be empty.", nameof(z));
        }

        if ((uint)label >= (uint)z.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, "label must be an index of z.");
        }

        if (outputLength < z.Length)
        {
            throw new ArgumentException("The output must be at least as long as z.", outputName);
        }
    }
}
