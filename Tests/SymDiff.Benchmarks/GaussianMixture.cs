using System;
using System.Buffers;

namespace SymDiff.Benchmarks;

/// <summary>
/// The Gaussian-mixture objective of ADBench (microsoft/ADBench, <c>src/cpp/shared/gmm.h</c>, <c>gmm_objective</c>)
/// for points in d = 2 dimensions, as a user writes it; the generator adds <c>LogLikelihoodGradient</c> (and
/// <c>LogLikelihoodHessianVectorProduct</c>, <c>LogLikelihoodHessian</c>) to this type. The gradient vector runs over
/// alphas (K), means (K × 2) and icf (K × 3), in that order: 6K entries.
/// </summary>
/// <remarks>
/// <para>Parameters, in ADBench's layout: alphas αₖ are the unnormalized log mixture weights; means μₖ are K × d
/// row-major; icf holds, per component, first the logs of the diagonal of the lower-triangular inverse covariance
/// factor Qₖ, then its strictly lower entries column-wise; for d = 2 that is (log q₀, log q₁, l), Qₖ = [[q₀, 0], [l, q₁]].</para>
/// <para>The objective is Σᵢ logsumexpₖ(αₖ + log det Qₖ − ½‖Qₖ(xᵢ − μₖ)‖²) − N·logsumexp(α) − N·d/2·log 2π plus the
/// log Wishart prior Σₖ [½γ²‖Qₖ‖²_F − m·log det Qₖ] − K·n·d·(log γ − ½ log 2), n = d + m + 1. ADBench also adds the
/// constant K·log Γ_d(n/2), which is left out here (.NET has no log-gamma and it depends on no parameter); the value
/// differs from ADBench's by it, the gradient is ADBench's.</para>
/// <para>Dimension 2 is written out (it is the benchmark's case): for general d, Qₖ(xᵢ − μₖ) needs either a temporary
/// vector per point and component, which a [Differentiable] loop cannot declare, or the integer arithmetic of ADBench's
/// column-wise triangular packing in every index. K and N are free.</para>
/// </remarks>
public static partial class GaussianMixture
{
    /// <summary>The dimension d of the points, fixed by the formulation.</summary>
    public const int Dimension = 2;

    /// <summary>The number of icf entries per component, d(d + 1)/2.</summary>
    public const int IcfSize = 3;

    /// <summary>The ADBench GMM log-likelihood with its Wishart prior (up to the constant K·log Γ_d(n/2)), d = 2.</summary>
    /// <param name="alphas">The unnormalized log mixture weights (K).</param>
    /// <param name="means">The component means, K × 2 row-major.</param>
    /// <param name="icf">The inverse covariance factors, K × 3: (log q₀, log q₁, l) per component.</param>
    /// <param name="points">The data, N × 2 row-major (data: no gradient entry).</param>
    /// <param name="sampleCount">The number of points N.</param>
    /// <param name="wishartGamma">The Wishart prior's γ (ADBench uses 1).</param>
    /// <param name="wishartM">The Wishart prior's m (ADBench uses 0).</param>
    [Differentiable]
    public static double LogLikelihood(
        ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        [Constant] ReadOnlySpan<double> points, int sampleCount, [Constant] double wishartGamma, int wishartM)
    {
        int k = alphas.Length;

        // Per component: Q's diagonal, and αₖ + log det Qₖ (the part of every point's log term that is the same).
        Span<double> diagonal = stackalloc double[2 * k];
        Span<double> logWeight = stackalloc double[k];
        double alphaMax = alphas[0];
        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            double logDeterminant = icf[3 * c] + icf[3 * c + 1];
            double q0 = Math.Exp(icf[3 * c]);
            double q1 = Math.Exp(icf[3 * c + 1]);
            double l = icf[3 * c + 2];
            diagonal[2 * c] = q0;
            diagonal[2 * c + 1] = q1;
            logWeight[c] = alphas[c] + logDeterminant;
            prior += 0.5 * wishartGamma * wishartGamma * (q0 * q0 + q1 * q1 + l * l) - wishartM * logDeterminant;
            alphaMax = Math.Max(alphaMax, alphas[c]);
        }

        // Per point: logsumexpₖ of the components' log terms, shifted by their maximum (found in a first pass).
        double pointSum = 0;
        for (int i = 0; i < sampleCount; i++)
        {
            double x0 = points[2 * i];
            double x1 = points[2 * i + 1];
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                double u0 = x0 - means[2 * c];
                double u1 = x1 - means[2 * c + 1];
                double y0 = diagonal[2 * c] * u0;
                double y1 = diagonal[2 * c + 1] * u1 + icf[3 * c + 2] * u0;
                max = Math.Max(max, logWeight[c] - 0.5 * (y0 * y0 + y1 * y1));
            }

            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                double u0 = x0 - means[2 * c];
                double u1 = x1 - means[2 * c + 1];
                double y0 = diagonal[2 * c] * u0;
                double y1 = diagonal[2 * c + 1] * u1 + icf[3 * c + 2] * u0;
                sum += Math.Exp(logWeight[c] - 0.5 * (y0 * y0 + y1 * y1) - max);
            }

            pointSum += max + Math.Log(sum);
        }

        double alphaSum = 0;
        for (int c = 0; c < k; c++)
        {
            alphaSum += Math.Exp(alphas[c] - alphaMax);
        }

        // −N·d/2·log 2π and −K·n·d·(log γ − ½ log 2), n = d + m + 1, d = 2.
        double constant = -sampleCount * Math.Log(2 * Math.PI)
            - k * 2 * (wishartM + 3) * (Math.Log(wishartGamma) - 0.5 * Math.Log(2));
        return constant + pointSum - sampleCount * (alphaMax + Math.Log(alphaSum)) + prior;
    }
}

/// <summary>
/// The gradient of <see cref="GaussianMixture.LogLikelihood"/> written by hand, as an expert would: one forward pass
/// per point keeps each component's Qₖ(xᵢ − μₖ) and exponential, the responsibilities rᵢₖ then update six running
/// sums per component (Σr, Σr·y₀, Σr·y₁, Σr·y₀², Σr·y₁², Σr·y₁·u₀), and the gradient is assembled from them once at
/// the end. Work buffers are stack-allocated (14K doubles; pooled beyond <see cref="MaxStackComponents"/>
/// components): nothing allocates. The baseline.
/// </summary>
/// <remarks>
/// With tₖ = αₖ + log q₀ + log q₁ − ½(y₀² + y₁²), y₀ = q₀u₀, y₁ = q₁u₁ + l·u₀, u = x − μₖ and r = softmaxₖ(t):
/// ∂t/∂α = 1, ∂t/∂μ = (q₀y₀ + l·y₁, q₁y₁), ∂t/∂log q₀ = 1 − y₀², ∂t/∂log q₁ = 1 − y₁(y₁ − l·u₀), ∂t/∂l = −y₁u₀;
/// the prior adds γ²q² − m to ∂/∂log q and γ²l to ∂/∂l, and −N·logsumexp(α) adds −N·softmax(α) to ∂/∂α.
/// </remarks>
public static class HandWrittenGaussianMixture
{
    /// <summary>Up to this many components the work buffers are stack-allocated (14 doubles each).</summary>
    public const int MaxStackComponents = 128;

    /// <summary>
    /// Returns <see cref="GaussianMixture.LogLikelihood"/> and writes its gradient with respect to (alphas, means,
    /// icf), in that order, to the first 6K entries of <paramref name="gradient"/>.
    /// </summary>
    /// <param name="alphas">The unnormalized log mixture weights (K ≥ 1).</param>
    /// <param name="means">The component means, K × 2 row-major.</param>
    /// <param name="icf">The inverse covariance factors, K × 3: (log q₀, log q₁, l) per component.</param>
    /// <param name="points">The data, N × 2 row-major.</param>
    /// <param name="sampleCount">The number of points N.</param>
    /// <param name="wishartGamma">The Wishart prior's γ.</param>
    /// <param name="wishartM">The Wishart prior's m.</param>
    /// <param name="gradient">Receives the gradient; at least 6K long.</param>
    public static double Gradient(
        ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> points, int sampleCount, double wishartGamma, int wishartM, Span<double> gradient)
    {
        int k = alphas.Length;
        if (k == 0 || means.Length != 2 * k || icf.Length != 3 * k)
        {
            throw new ArgumentException("alphas must not be empty; means must be K × 2 and icf K × 3, K = alphas.Length.", nameof(alphas));
        }

        if (sampleCount < 0 || points.Length < 2 * sampleCount)
        {
            throw new ArgumentException("points must hold sampleCount × 2 values.", nameof(points));
        }

        if (gradient.Length < 6 * k)
        {
            throw new ArgumentException("gradient must have at least 6K elements.", nameof(gradient));
        }

        double[]? rented = null;
        Span<double> work = k <= MaxStackComponents
            ? stackalloc double[14 * k]
            : (rented = ArrayPool<double>.Shared.Rent(14 * k));
        try
        {
            return Gradient(alphas, means, icf, points[..(2 * sampleCount)], wishartGamma, wishartM, gradient[..(6 * k)], work[..(14 * k)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    private static double Gradient(
        ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf, ReadOnlySpan<double> points,
        double wishartGamma, int wishartM, Span<double> gradient, Span<double> work)
    {
        int k = alphas.Length;
        int sampleCount = points.Length / 2;

        // Per component, fixed: Q's entries and αₖ + log det Qₖ.
        Span<double> q0 = work[..k];
        Span<double> q1 = work.Slice(k, k);
        Span<double> lower = work.Slice(2 * k, k);
        Span<double> logWeight = work.Slice(3 * k, k);

        // Per point: each component's log term (then its exponential), y₀, y₁ and u₀.
        Span<double> term = work.Slice(4 * k, k);
        Span<double> y0 = work.Slice(5 * k, k);
        Span<double> y1 = work.Slice(6 * k, k);
        Span<double> u0 = work.Slice(7 * k, k);

        // Per component, summed over the points with the responsibilities r.
        Span<double> sumR = work.Slice(8 * k, k);
        Span<double> sumRY0 = work.Slice(9 * k, k);
        Span<double> sumRY1 = work.Slice(10 * k, k);
        Span<double> sumRY0Y0 = work.Slice(11 * k, k);
        Span<double> sumRY1Y1 = work.Slice(12 * k, k);
        Span<double> sumRY1U0 = work.Slice(13 * k, k);
        work.Slice(8 * k, 6 * k).Clear();

        double halfGammaSquared = 0.5 * wishartGamma * wishartGamma;
        double prior = 0;
        double alphaMax = alphas[0];
        for (int c = 0; c < k; c++)
        {
            double logQ0 = icf[3 * c];
            double logQ1 = icf[3 * c + 1];
            double l = icf[3 * c + 2];
            double diagonal0 = Math.Exp(logQ0);
            double diagonal1 = Math.Exp(logQ1);
            q0[c] = diagonal0;
            q1[c] = diagonal1;
            lower[c] = l;
            logWeight[c] = alphas[c] + logQ0 + logQ1;
            prior += halfGammaSquared * (diagonal0 * diagonal0 + diagonal1 * diagonal1 + l * l) - wishartM * (logQ0 + logQ1);
            alphaMax = alphas[c] > alphaMax ? alphas[c] : alphaMax;
        }

        double pointSum = 0;
        for (int i = 0; i < sampleCount; i++)
        {
            double x0 = points[2 * i];
            double x1 = points[2 * i + 1];
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                double d0 = x0 - means[2 * c];
                double d1 = x1 - means[2 * c + 1];
                double m0 = q0[c] * d0;
                double m1 = q1[c] * d1 + lower[c] * d0;
                double t = logWeight[c] - 0.5 * (m0 * m0 + m1 * m1);
                term[c] = t;
                y0[c] = m0;
                y1[c] = m1;
                u0[c] = d0;
                max = t > max ? t : max;
            }

            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                double e = Math.Exp(term[c] - max);
                term[c] = e;
                sum += e;
            }

            pointSum += max + Math.Log(sum);
            double inverse = 1 / sum;
            for (int c = 0; c < k; c++)
            {
                double r = term[c] * inverse;
                double rY0 = r * y0[c];
                double rY1 = r * y1[c];
                sumR[c] += r;
                sumRY0[c] += rY0;
                sumRY1[c] += rY1;
                sumRY0Y0[c] += rY0 * y0[c];
                sumRY1Y1[c] += rY1 * y1[c];
                sumRY1U0[c] += rY1 * u0[c];
            }
        }

        double alphaSum = 0;
        for (int c = 0; c < k; c++)
        {
            alphaSum += Math.Exp(alphas[c] - alphaMax);
        }

        // Assemble: alphas, then means, then icf.
        double gammaSquared = wishartGamma * wishartGamma;
        double weightScale = sampleCount / alphaSum;       // N·softmax(α)ₖ = weightScale·e^(αₖ − max)
        for (int c = 0; c < k; c++)
        {
            double r = sumR[c];
            double l = lower[c];
            gradient[c] = r - weightScale * Math.Exp(alphas[c] - alphaMax);
            gradient[k + 2 * c] = q0[c] * sumRY0[c] + l * sumRY1[c];
            gradient[k + 2 * c + 1] = q1[c] * sumRY1[c];
            gradient[3 * k + 3 * c] = r - sumRY0Y0[c] + gammaSquared * q0[c] * q0[c] - wishartM;
            gradient[3 * k + 3 * c + 1] = r - sumRY1Y1[c] + l * sumRY1U0[c] + gammaSquared * q1[c] * q1[c] - wishartM;
            gradient[3 * k + 3 * c + 2] = -sumRY1U0[c] + gammaSquared * l;
        }

        double constant = -sampleCount * Math.Log(2 * Math.PI)
            - k * 2 * (wishartM + 3) * (Math.Log(wishartGamma) - 0.5 * Math.Log(2));
        return constant + pointSum - sampleCount * (alphaMax + Math.Log(alphaSum)) + prior;
    }
}
