using System;
using System.Linq;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// Negative log-likelihoods and log-posterior of a Gaussian for the fixed sample x = (2, 3, 5, 7, 8), written out
/// term by term (the generator has no arrays or loops yet).
/// </summary>
public static partial class GaussianFunctions
{
    /// <summary>The known variance σ² of the MAP problem (document 000, 1.c).</summary>
    public const double KnownVariance = 4;

    /// <summary>The variance γ² of the zero-mean Gaussian prior on μ (document 000, 1.c).</summary>
    public const double PriorVariance = 1;

    /// <summary>The sample, for the closed forms (the [Differentiable] methods spell it out).</summary>
    public static readonly double[] Sample = { 2, 3, 5, 7, 8 };

    /// <summary>Σᵢ (xᵢ − μ)² over the sample.</summary>
    [Differentiable]
    public static double SumOfSquares(double mu) =>
        (2 - mu) * (2 - mu) + (3 - mu) * (3 - mu) + (5 - mu) * (5 - mu) + (7 - mu) * (7 - mu) + (8 - mu) * (8 - mu);

    /// <summary>−log L(μ, σ) with s = log σ: n·s + Σ(xᵢ − μ)²·e^(−2s)/2 + (n/2)·log 2π; s is unconstrained.</summary>
    [Differentiable]
    public static double NegativeLogLikelihood(double mu, double logSigma) =>
        5 * logSigma + 0.5 * SumOfSquares(mu) * Math.Exp(-2 * logSigma) + 2.5 * Math.Log(2 * Math.PI);

    /// <summary>−log L(μ, σ²) in the document's parameters: (n/2)·log(2πσ²) + Σ(xᵢ − μ)² / 2σ².</summary>
    [Differentiable]
    public static double NegativeLogLikelihoodOfVariance(double mu, double variance) =>
        2.5 * Math.Log(2 * Math.PI * variance) + SumOfSquares(mu) / (2 * variance);

    /// <summary>−log p(μ | x) up to a constant, σ² known, prior μ ~ N(0, γ²): Σ(xᵢ − μ)² / 2σ² + μ² / 2γ².</summary>
    [Differentiable]
    public static double NegativeLogPosterior(double mu) =>
        SumOfSquares(mu) / (2 * KnownVariance) + mu * mu / (2 * PriorVariance);
}

/// <summary>
/// Document 000, 1.b and 1.c: the maximum-likelihood estimate of a Gaussian's (μ, σ) by Newton's method on the
/// negative log-likelihood in (μ, log σ), against the closed form (sample mean, biased variance (1/n)Σ(x − μ̂)²);
/// the bias E[σ̂²] = (n − 1)/n·σ² computed exactly by enumerating all samples of a small population; and the MAP
/// estimate of μ with a Gaussian prior against γ²Σx / (γ²n + σ²).
/// </summary>
public sealed class GaussianEstimationProblem : IProblem
{
    /// <inheritdoc />
    public string Title => "Document 000 §1.b–1.c · Gaussian maximum likelihood and MAP by Newton's method";

    /// <inheritdoc />
    public void Run(Report report)
    {
        double[] x = GaussianFunctions.Sample;
        int n = x.Length;
        double mean = x.Average();
        double variance = x.Sum(v => (v - mean) * (v - mean)) / n;
        report.Text("Sample x = (2, 3, 5, 7, 8): x̄ = 5, (1/n)Σ(xᵢ − x̄)² = 26/5. Newton on −log L(μ, s), s = log σ, from (0, 0).");

        var f = GaussianFunctions.NegativeLogLikelihoodFunction;
        var fit = Newton.Minimize(f, new double[] { 0, 0 });
        report.Iterates("Newton.Minimize of −log L(μ, log σ)", f, fit);
        double muHat = fit.Solution[0], varianceHat = Math.Exp(2 * fit.Solution[1]);
        var optimum = Curvature.Classify(f, fit.Solution);
        report.Table("Maximum likelihood: Newton vs the closed form", "closed form")
            .Verify("status", fit.Converged, fit.Status.ToString(), "converged")
            .Check("μ̂", muHat, mean, 1e-12, "sample mean", "5")
            .Check("σ̂² = e^(2s)", varianceHat, variance, 1e-12, "(1/n)Σ(xᵢ − x̄)², biased", "26/5")
            .Check("∂²/∂μ²", optimum.Hessian[0], n / variance, 1e-12, "n/σ̂²: the Fisher information")
            .Check("∂²/∂μ∂s", optimum.Hessian[1], 0, 1e-12)
            .Check("∂²/∂s²", optimum.Hessian[3], 2 * n, 1e-12, "2n")
            .Verify("kind", optimum.Kind == CriticalPointKind.Minimum, optimum.Kind.ToString(), "Minimum")
            .Print();

        DocumentFormulas(report, x);
        Bias(report);
        Map(report, x);
    }

    /// <summary>The document's ∂ℓ/∂μ and ∂ℓ/∂σ² (ℓ = log L) against the generated gradient, away from the optimum; and Newton in (μ, σ²).</summary>
    private static void DocumentFormulas(Report report, double[] x)
    {
        const double mu = 4, variance = 3;
        Span<double> gradient = stackalloc double[2];
        GaussianFunctions.NegativeLogLikelihoodOfVarianceGradient(mu, variance, gradient);
        double squares = x.Sum(v => (v - mu) * (v - mu));
        var fit = Newton.Minimize(GaussianFunctions.NegativeLogLikelihoodOfVarianceFunction, new double[] { 0, 1 });
        report.Table(Invariant($"The document's derivatives of ℓ = log L at (μ, σ²) = ({mu}, {variance}), and Newton in (μ, σ²) from (0, 1)"), "document")
            .Check("∂ℓ/∂μ", -gradient[0], x.Sum(v => v - mu) / variance, 1e-12, "(1/σ²)Σ(xᵢ − μ): right")
            .Check("∂ℓ/∂σ²", -gradient[1], -x.Length / (2 * variance) + squares / (2 * variance * variance), 1e-12, "−n/2σ² + Σ(xᵢ − μ)²/2σ⁴: right")
            .Check("Newton: μ̂", fit.Solution[0], 5, 1e-12, Invariant($"{fit.Iterations} iterations, {fit.Status}"))
            .Check("Newton: σ̂²", fit.Solution[1], 26.0 / 5, 1e-12, "", "26/5")
            .Print();
    }

    /// <summary>
    /// E[μ̂] and E[σ̂²] over every ordered sample of size 3 drawn with replacement from the population (2, 3, 5, 7, 8)
    /// (uniform; mean 5, variance 26/5): exact expectations, no random numbers.
    /// </summary>
    private static void Bias(Report report)
    {
        double[] population = GaussianFunctions.Sample;
        const int size = 3;
        double sumMean = 0, sumBiased = 0, sumUnbiased = 0;
        int count = 0;
        foreach (double a in population)
        {
            foreach (double b in population)
            {
                foreach (double c in population)
                {
                    double m = (a + b + c) / size;
                    double squares = (a - m) * (a - m) + (b - m) * (b - m) + (c - m) * (c - m);
                    sumMean += m;
                    sumBiased += squares / size;
                    sumUnbiased += squares / (size - 1);
                    count++;
                }
            }
        }

        const double sigma2 = 26.0 / 5;
        report.Table(Invariant($"Bias: exact expectations over all {count} samples of size n = {size} from the population (2, 3, 5, 7, 8), σ² = 26/5"), "theory")
            .Check("E[μ̂]", sumMean / count, 5, 1e-12, "unbiased")
            .Check("E[σ̂²], σ̂² = (1/n)Σ(xᵢ − x̄)²", sumBiased / count, (size - 1.0) / size * sigma2, 1e-12, "(n − 1)/n·σ²: biased", "(2/3)·26/5")
            .Check("bias E[σ̂²] − σ²", sumBiased / count - sigma2, -sigma2 / size, 1e-12, "−σ²/n, as the document says", "−(26/5)/3")
            .Check("E[s²], s² = Σ(xᵢ − x̄)²/(n − 1)", sumUnbiased / count, sigma2, 1e-12, "Bessel's correction removes it", "26/5")
            .Print();
    }

    /// <summary>The MAP estimate of μ (σ² = 4 known, prior N(0, γ² = 1)) by Newton against the document's closed form.</summary>
    private static void Map(Report report, double[] x)
    {
        const double sigma2 = GaussianFunctions.KnownVariance, gamma2 = GaussianFunctions.PriorVariance;
        var fit = Newton.Minimize(GaussianFunctions.NegativeLogPosteriorFunction, new double[] { 0 });
        double closedForm = gamma2 * x.Sum() / (gamma2 * x.Length + sigma2);
        report.Table("MAP with σ² = 4 known and prior μ ~ N(0, γ² = 1): Newton on Σ(xᵢ − μ)²/2σ² + μ²/2γ² from μ = 0", "document")
            .Verify("status", fit.Converged, fit.Status.ToString(), "converged", Invariant($"{fit.Iterations} Newton step(s): the objective is quadratic"))
            .Check("μ̂_MAP", fit.Solution[0], closedForm, 1e-12, "γ²Σxᵢ / (γ²n + σ²): right", "25/9")
            .Print();
        report.Text("");
        report.Text("The prior pulls μ̂ from x̄ = 5 towards 0; as γ² → ∞ (a flat prior) μ̂_MAP → x̄, the MLE (1.a).");
        report.DocumentError(
            "1.c writes the prior density as 1/(2√(πγ²))·e^(−μ²/2γ²); the normalizer is 1/√(2πγ²) = 1/(γ√(2π)).");
        report.DocumentError(
            "1.c maximizes Σᵢ(μ/γ² + (xᵢ − μ)²/σ²), which has no maximum (it grows without bound in |μ|). The MAP",
            "estimate minimizes −log posterior = Σᵢ(xᵢ − μ)²/2σ² + μ²/2γ²: the prior term once, outside the sum, and μ²",
            "not μ. Its final μ̂ = γ²Σxᵢ/(γ²n + σ²) is nevertheless right (checked above).");
    }
}
