using System;
using System.Linq;
using SymDiff.Learning;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// The mean-only layer of document 001, Q2c, and the loss of the checked brief's test; the generator adds
/// <c>MeanCenteredJacobian</c>, <c>MeanCenteredVectorJacobianProduct</c> and <c>TestLossGradient</c>.
/// </summary>
public static partial class BatchNormalizationFunctions
{
    /// <summary>yᵢ = γ(xᵢ − x̄) + β with x̄ = (1/n)Σⱼ xⱼ: the document's layer, without variance and without ε.</summary>
    /// <param name="x">The batch of one feature, n values; differentiable.</param>
    /// <param name="gamma">γ; constant.</param>
    /// <param name="beta">β; constant.</param>
    /// <param name="y">Receives the n outputs.</param>
    [Differentiable]
    public static void MeanCentered(ReadOnlySpan<double> x, [Constant] double gamma, [Constant] double beta, [Result] Span<double> y)
    {
        int n = x.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += x[i];
        }

        double mean = sum / n;
        for (int i = 0; i < n; i++)
        {
            y[i] = (gamma * (x[i] - mean)) + beta;
        }
    }

    /// <summary>L(y) = Σᵢ ½(yᵢ − tᵢ)² + 0.1·Σᵢ yᵢ³, the brief's test loss (c4.py): ∂L/∂yᵢ = yᵢ − tᵢ + 0.3yᵢ².</summary>
    /// <param name="y">The layer's outputs; differentiable.</param>
    /// <param name="t">The targets; data.</param>
    [Differentiable]
    public static double TestLoss(ReadOnlySpan<double> y, [Constant] ReadOnlySpan<double> t)
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += (0.5 * (y[i] - t[i]) * (y[i] - t[i])) + (0.1 * y[i] * y[i] * y[i]);
        }

        return sum;
    }
}

/// <summary>
/// Document 001, Q2c/d: the backward pass of batch normalisation. Checks the generated Jacobian of the document's
/// mean-only layer against γ(δᵢⱼ − 1/n) (the document's two cases), its generated VJP against γ(gᵢ − ḡ), the limit
/// n → ∞, and the VJP of the runtime's full <see cref="LayerFunctions.BatchNormalization"/> against
/// (γ/(Ns))(Ngᵢ − Σg − x̂ᵢΣgx̂).
/// </summary>
public sealed class BatchNormalizationProblem : IProblem
{
    /// <summary>The seed of the batches in part (b).</summary>
    private const int Seed = 1002;

    private const double Gamma = 1.7, Beta = 0.3;

    // The checked brief's batch and targets (c4.py: Python's random.seed(1), gauss(0, 2) and gauss(0, 1)), to 17 digits.
    private static readonly double[] X = { 2.5763695063109258, 2.898891217399542, 0.13267161787652382, -1.5290873019432636, -2.184346430208283 };
    private static readonly double[] T = { 0.03133451683171687, -1.022103170010873, -1.4368294451025299, 0.19931197648375384, 0.13337460465860485 };

    /// <inheritdoc />
    public string Title => "Document 001 Q2c/d · batch normalisation backward: ∂L/∂xᵢ = γ(gᵢ − ḡ), and with the variance";

    /// <inheritdoc />
    public void Run(Report report)
    {
        int n = X.Length;
        report.Text("Q2c's layer is yᵢ = γ(xᵢ − x̄) + β (mean only); g = ∂L/∂y. Its Jacobian is ∂yⱼ/∂xᵢ = γ(δᵢⱼ − 1/n), so");
        report.Text("∂L/∂xᵢ = Σⱼ gⱼ γ(δᵢⱼ − 1/n) = γ(gᵢ − ḡ). The document (L.44): \"∂L/∂xᵢ = γ(1 − 1/n) if i = j, γ(−1/n) if i ≠ j\".");
        report.Text(Invariant($"The brief's test (c4.py): n = {n}, γ = {Gamma}, β = {Beta}, L = Σ½(yᵢ − tᵢ)² + 0.1Σyᵢ³,"));
        report.Text("x = " + VectorChecks.ShortVector(X) + ", t = " + VectorChecks.ShortVector(T));
        report.Text("(printed to 12 digits; the sample uses Python's doubles to 17).");

        var y = new double[n];
        var jacobian = new double[n * n];
        BatchNormalizationFunctions.MeanCenteredJacobian(X, Gamma, Beta, y, jacobian);
        var g = new double[n];
        BatchNormalizationFunctions.TestLossGradient(y, T, g);
        var dx = new double[n];
        BatchNormalizationFunctions.MeanCenteredVectorJacobianProduct(X, Gamma, Beta, new double[n], g, dx);
        double gMean = g.Average();
        var contracted = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Sum(j => g[j] * jacobian[(j * n) + i])).ToArray();
        var diagonal = Enumerable.Range(0, n).Select(i => jacobian[(i * n) + i]).ToArray();
        var offDiagonal = Enumerable.Range(0, n * n).Where(k => k / n != k % n).Select(k => jacobian[k]).ToArray();

        report.Table("(a) Mean-only layer: generated Jacobian and VJP vs the formulas and the brief", "expected")
            .CheckEntries("∂yᵢ/∂xᵢ (Jacobian)", diagonal, Enumerable.Repeat(Gamma * (1 - (1.0 / n)), n).ToArray(), 1e-15, VectorChecks.VectorEntry,
                "the document's \"i = j\" case, γ(1 − 1/n)")
            .CheckEntries("∂yⱼ/∂xᵢ, i ≠ j (Jacobian)", offDiagonal, Enumerable.Repeat(-Gamma / n, offDiagonal.Length).ToArray(), 1e-15, i => "",
                "the document's \"i ≠ j\" case, −γ/n")
            .CheckEntries("g = ∂L/∂y (TestLossGradient)", g, y.Zip(T, (yi, ti) => yi - ti + (0.3 * yi * yi)).ToArray(), 1e-14, VectorChecks.VectorEntry,
                "yᵢ − tᵢ + 0.3yᵢ²")
            .CheckEntries("∂L/∂x (VectorJacobianProduct)", dx, g.Select(gi => Gamma * (gi - gMean)).ToArray(), 1e-13, VectorChecks.VectorEntry, "γ(gᵢ − ḡ)")
            .CheckEntries("Σⱼ gⱼ ∂yⱼ/∂xᵢ (Jacobian)", contracted, dx, 1e-13, VectorChecks.VectorEntry, "the contraction the document leaves out = the VJP")
            .Check("Σᵢ ∂L/∂xᵢ", dx.Sum(), 0, 1e-13, "shifting the whole batch changes nothing")
            .CheckDocument("∂L/∂x₁", dx[0], "7.52237", "brief (finite differences)")
            .CheckDocument("∂L/∂x₂", dx[1], "12.655592")
            .CheckDocument("∂L/∂x₃", dx[2], "-5.343167")
            .CheckDocument("∂L/∂x₄", dx[3], "-8.51529")
            .CheckDocument("∂L/∂x₅", dx[4], "-6.319505")
            .Print();
        report.DocumentError(
            "001 Q2c L.44: \"∂L/∂xᵢ = γ(1 − 1/n) if i = j; γ(−1/n) if i ≠ j\" are the Jacobian entries ∂yⱼ/∂xᵢ (checked above), not",
            "∂L/∂xᵢ: the sum over j with ∂L/∂yⱼ (written at L.42) is never taken. Correct: ∂L/∂xᵢ = γ(gᵢ − (1/n)Σⱼ gⱼ),",
            Invariant($"here ∂L/∂x₁ = {Report.Short(dx[0])}, where the document's expression gives {Report.Short(Gamma * (1 - (1.0 / n)))}."));

        Limit(report);
        Full(report);
    }

    /// <summary>(b) L = Σⱼ yⱼ, g ≡ 1: the gradient is 0 for every n, not ∂L/∂yᵢ = 1.</summary>
    private static void Limit(Report report)
    {
        var random = new Random(Seed);
        var table = report.Table(Invariant($"(b) L = Σⱼ yⱼ (g ≡ 1), x uniform in [−3, 3] from System.Random({Seed}): generated VJP vs γ(gᵢ − ḡ) = 0"), "γ(gᵢ − ḡ)");
        foreach (int n in new[] { 1, 10, 10000 })
        {
            double[] x = VectorChecks.Uniform(random, n, -3, 3);
            var dx = new double[n];
            BatchNormalizationFunctions.MeanCenteredVectorJacobianProduct(x, Gamma, Beta, new double[n], Enumerable.Repeat(1.0, n).ToArray(), dx);
            table.CheckEntries(Invariant($"n = {n}: ∂L/∂x"), dx, new double[n], 1e-12, VectorChecks.VectorEntry,
                n == 1 ? "y₁ = β: the document's n = 1 answer, 0, is right" : "the document's n → ∞ limit says ∂L/∂yᵢ = 1");
        }

        table.Print();
        report.DocumentError(
            "001 Q2d L.62: as n → ∞, \"∂L/∂xᵢ ≈ ∂L/∂yᵢ\". Each off-diagonal entry −γ/n tends to 0, but there are n − 1 of them:",
            "∂L/∂xᵢ = γ(gᵢ − ḡ) for every n, and ḡ need not vanish (L = Σy: 0 for n = 10 and 10⁴, not 1). At most ∂L/∂xᵢ → γ∂L/∂yᵢ",
            "when ḡ → 0; the document also drops γ. Its n = 1 line \"i ≠ j: −γ\" is a case that cannot occur.");
    }

    /// <summary>(c) The runtime's full batch normalisation: its generated VJP against the closed form.</summary>
    private static void Full(Report report)
    {
        int n = X.Length;
        double mu = X.Average();
        double variance = X.Sum(xi => (xi - mu) * (xi - mu)) / n;
        double s = Math.Sqrt(variance + LayerFunctions.BatchNormEpsilon);
        double[] xHat = X.Select(xi => (xi - mu) / s).ToArray();

        double[] parameters = { Gamma, Beta };
        var y = new double[n];
        LayerFunctions.BatchNormalization(parameters, X, y, n, 1);
        var g = new double[n];
        BatchNormalizationFunctions.TestLossGradient(y, T, g);
        var gradient = new double[2 + n];
        var yOfProduct = new double[n];
        LayerFunctions.BatchNormalizationVectorJacobianProduct(parameters, X, yOfProduct, n, 1, g, gradient);
        double sumG = g.Sum(), sumGx = g.Zip(xHat, (gi, xi) => gi * xi).Sum();
        double[] expected = g.Select((gi, i) => Gamma / (n * s) * ((n * gi) - sumG - (xHat[i] * sumGx))).ToArray();
        double[] dx = gradient[2..];

        report.Text("");
        report.Text("(c) Full batch normalisation, as Q2a describes it: LayerFunctions.BatchNormalization (one feature, N = 5), biased");
        report.Text(Invariant($"σ² = (1/N)Σ(x − μ)², s = √(σ² + ε), ε = {LayerFunctions.BatchNormEpsilon}, x̂ = (x − μ)/s, y = γx̂ + β; g = ∂L/∂y of the test loss."));
        report.Text(Invariant($"μ = {Report.Short(mu)}, σ² = {Report.Short(variance)}. With ∂x̂ᵢ/∂xₖ = (δᵢₖ − 1/N − x̂ᵢx̂ₖ/N)/s (exact with ε):"));
        report.Text("∂L/∂xᵢ = (γ/(Ns))(Ngᵢ − Σg − x̂ᵢΣgx̂), ∂L/∂γ = Σgx̂, ∂L/∂β = Σg.");
        report.Table("(c) BatchNormalizationVectorJacobianProduct (gradient over γ, β, then x) vs the closed form and the brief", "expected")
            .CheckEntries("y", yOfProduct, xHat.Select(xi => (Gamma * xi) + Beta).ToArray(), 1e-14, VectorChecks.VectorEntry, "γx̂ + β")
            .CheckEntries("∂L/∂x", dx, expected, 1e-13, VectorChecks.VectorEntry, "(γ/(Ns))(Ngᵢ − Σg − x̂ᵢΣgx̂)")
            .Check("∂L/∂γ", gradient[0], sumGx, 1e-13, "Σgx̂")
            .Check("∂L/∂β", gradient[1], sumG, 1e-13, "Σg")
            .Check("Σᵢ ∂L/∂xᵢ", dx.Sum(), 0, 1e-13, "shift invariance")
            .CheckDocument("∂L/∂x₁", dx[0], "-0.569768", "brief (finite differences)")
            .CheckDocument("∂L/∂x₂", dx[1], "0.504721")
            .CheckDocument("∂L/∂x₃", dx[2], "0.166309")
            .CheckDocument("∂L/∂x₄", dx[3], "-0.363841")
            .CheckDocument("∂L/∂x₅", dx[4], "0.262578")
            .Print();

        var listing = report.Listing("Full BN: the generated ∂L/∂x and the mean-only answer γ(gᵢ − ḡ) applied to it", "i", "x̂ᵢ", "gᵢ", "generated ∂L/∂xᵢ", "γ(gᵢ − ḡ)");
        for (int i = 0; i < n; i++)
        {
            listing.Row(Invariant($"{i + 1}"), Report.Short(xHat[i]), Report.Short(g[i]), Report.Short(dx[i]), Report.Short(Gamma * (g[i] - (sumG / n))));
        }

        listing.Print();
        report.DocumentError(
            "001 Q2c vs Q2a: Q2a describes full batch normalisation (zero mean, unit variance, then scale and shift), but Q2c",
            "differentiates a mean-only layer: no σ, no ε. Its answer is the special case s = 1 without the term −x̂ᵢΣgx̂; for the full",
            "layer it is wrong (listing above). Correct, with the biased σ²: ∂L/∂xᵢ = (γ/(N√(σ² + ε)))(Ngᵢ − Σg − x̂ᵢΣgx̂).");
    }
}
