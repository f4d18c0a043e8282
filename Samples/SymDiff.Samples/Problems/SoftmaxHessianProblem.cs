using System;
using System.Linq;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// Softmax followed by cross-entropy, as a function of the logits (document 001, Q7); the generator adds
/// <c>CrossEntropyGradient</c>, <c>CrossEntropyHessian</c> and <c>CrossEntropyHessianVectorProduct</c>.
/// </summary>
public static partial class SoftmaxCrossEntropyFunctions
{
    /// <summary>
    /// L(z) = −log softmax(z)ₗ = log Σᵢ e^{zᵢ} − zₗ, the cross-entropy of p = softmax(z) against the one-hot label l,
    /// in the stable log-sum-exp form m + log Σᵢ e^{zᵢ − m} − zₗ with m = maxᵢ zᵢ: no exponential overflows, and m
    /// cancels from the value and from every derivative.
    /// </summary>
    /// <param name="z">The logits, differentiable: the gradient has <c>z.Length</c> entries.</param>
    /// <param name="label">The index of the true class (0-based); constant.</param>
    [Differentiable]
    public static double CrossEntropy(ReadOnlySpan<double> z, int label)
    {
        double m = z[0];
        for (int i = 1; i < z.Length; i++)
        {
            m = Math.Max(m, z[i]);
        }

        double s = 0;
        for (int i = 0; i < z.Length; i++)
        {
            s += Math.Exp(z[i] - m);
        }

        return m + Math.Log(s) - z[label];
    }
}

/// <summary>
/// Document 001, Q7: the cross-entropy after softmax, L(z) = −log softmax(z)ₗ, has the gradient p − y (ŷ − y) and the
/// Hessian diag(p) − ppᵀ, which is positive semidefinite. Checks the generated gradient, Hessian and Hessian-vector
/// product at random logits (n = 3, 5, 10) against those formulas, and the spectrum of the generated Hessian: one
/// zero eigenvalue with the eigenvector (1, …, 1)/√n, the others positive and interlaced with the sorted pᵢ.
/// </summary>
public sealed class SoftmaxHessianProblem : IProblem
{
    /// <summary>The seed of the random logits: the output is the same on every run.</summary>
    private const int Seed = 20241;

    /// <summary>The shift added to every logit in the stability check.</summary>
    private const double Shift = 1000;

    /// <inheritdoc />
    public string Title => "Document 001 Q7 · softmax cross-entropy in the logits: ∇L = p − y, ∇²L = diag(p) − ppᵀ ⪰ 0";

    /// <inheritdoc />
    public void Run(Report report)
    {
        report.Text("L(z) = −log pₗ with p = softmax(z), y = eₗ one-hot (classes numbered from 1 below), written as");
        report.Text("m + log Σᵢ e^(zᵢ − m) − zₗ with m = maxᵢ zᵢ. The document: ∇L = ŷ − y and ∇²L = diag(ŷ) − ŷŷᵀ ⪰ 0 (ŷ = p).");
        report.Text(Invariant($"Random logits zᵢ ∈ [−3, 3] (two decimals), labels and probe vectors v from System.Random({Seed})."));

        var random = new Random(Seed);
        double[] z5 = Array.Empty<double>();
        int label5 = 0;
        foreach (int n in new[] { 3, 5, 10 })
        {
            double[] z = VectorChecks.Uniform(random, n, -3, 3);
            int label = random.Next(n);
            double[] v = VectorChecks.Uniform(random, n, -1, 1);
            CheckAt(report, z, label, v);
            if (n == 5)
            {
                (z5, label5) = (z, label);
            }
        }

        CheckShifted(report, z5, label5);
        CheckNumerically(report, z5, label5);
        Explain(report);
        ReviewDocument(report);
    }

    /// <summary>The generated value, gradient, Hessian and Hessian-vector products at z against the formulas, and the spectrum.</summary>
    private static void CheckAt(Report report, double[] z, int label, double[] v)
    {
        int n = z.Length;
        double[] p = VectorChecks.Softmax(z);
        double[] expectedGradient = p.Select((pi, i) => pi - (i == label ? 1 : 0)).ToArray();
        double[] expectedHessian = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                expectedHessian[(i * n) + j] = (i == j ? p[i] : 0) - (p[i] * p[j]);
            }
        }

        var gradient = new double[n];
        var hessian = new double[n * n];
        var gradientOnly = new double[n];
        double value = SoftmaxCrossEntropyFunctions.CrossEntropyHessian(z, label, gradient, hessian);
        double valueOfGradient = SoftmaxCrossEntropyFunctions.CrossEntropyGradient(z, label, gradientOnly);

        var ones = Enumerable.Repeat(1.0, n).ToArray();
        var nullProduct = new double[n];
        var product = new double[n];
        SoftmaxCrossEntropyFunctions.CrossEntropyHessianVectorProduct(z, label, ones, nullProduct);
        SoftmaxCrossEntropyFunctions.CrossEntropyHessianVectorProduct(z, label, v, product);
        double mean = VectorChecks.Dot(p, v);
        double variance = p.Select((pi, i) => pi * (v[i] - mean) * (v[i] - mean)).Sum();

        var eigenvalues = new double[n];
        var eigenvectors = new double[n * n];
        SymmetricEigen.Decompose(hessian, n, eigenvalues, eigenvectors);
        var psd = Curvature.CheckPositiveSemidefinite(hessian, n);
        double alignment = Math.Abs(Enumerable.Range(0, n).Sum(i => eigenvectors[i * n])) / Math.Sqrt(n); // column 0 · (1, …, 1)/√n
        double[] sorted = p.OrderBy(pi => pi).ToArray();
        int firstViolation = Enumerable.Range(1, n - 1)
            .FirstOrDefault(k => eigenvalues[k] < sorted[k - 1] - 1e-14 || eigenvalues[k] > sorted[k] + 1e-14, -1);

        report.Text("");
        report.Text(Invariant($"n = {n}, label l = {label + 1}, z = {VectorChecks.Vector(z)}"));
        report.Text("p = softmax(z) = " + VectorChecks.ShortVector(p));
        var matrixEntry = VectorChecks.MatrixEntry(n);
        report.Table(Invariant($"n = {n}: generated derivatives vs the formulas with p computed as e^zᵢ / Σe^zⱼ, and the spectrum"), "formula")
            .Check("L (CrossEntropyHessian)", value, -Math.Log(p[label]), 1e-13, "−log pₗ")
            .Check("L (CrossEntropyGradient)", valueOfGradient, -Math.Log(p[label]), 1e-13)
            .CheckEntries("∇L", gradient, expectedGradient, 1e-12, VectorChecks.VectorEntry, "p − y (Q7 a: ŷ − y)")
            .CheckEntries("∇L (CrossEntropyGradient)", gradientOnly, expectedGradient, 1e-12, VectorChecks.VectorEntry)
            .Check("Σᵢ ∂L/∂zᵢ", gradient.Sum(), 0, 1e-14, "Σpᵢ − 1: shifting all logits together changes nothing")
            .CheckEntries("∇²L", hessian, expectedHessian, 1e-12, matrixEntry, "diag(p) − ppᵀ (Q7 b)")
            .Verify("Curvature.CheckPositiveSemidefinite", psd.IsPositiveSemidefinite && !psd.IsPositiveDefinite,
                psd.IsPositiveDefinite ? "definite" : psd.IsPositiveSemidefinite ? "semidefinite" : "indefinite", "semidefinite",
                "and not definite, τ = " + Report.Error(psd.Tolerance))
            .Check("λ₁ (SymmetricEigen)", eigenvalues[0], 0, 1e-12, "singular")
            .Check("|⟨v₁, (1, …, 1)/√n⟩|", alignment, 1, 1e-12, "its eigenvector is constant")
            .Verify("λ₂ … λₙ > 0", eigenvalues.Skip(1).All(lambda => lambda > psd.Tolerance), "λ₂ = " + Report.Short(eigenvalues[1]),
                "> 0", "λ₂ ≥ minᵢ pᵢ = " + Report.Short(sorted[0]))
            .Verify("p₍ₖ₋₁₎ ≤ λₖ ≤ p₍ₖ₎, k = 2 … n", firstViolation < 0, firstViolation < 0 ? "holds" : Invariant($"fails at k = {firstViolation + 1}"),
                "holds", "interlacing with the sorted pᵢ (to 1E-14)")
            .Check("Σₖ λₖ", eigenvalues.Sum(), 1 - VectorChecks.Dot(p, p), 1e-14, "tr H = 1 − Σpᵢ²")
            .CheckEntries("H·1 (HessianVectorProduct)", nullProduct, new double[n], 1e-14, VectorChecks.VectorEntry, "p − p·Σpᵢ = 0")
            .CheckEntries("H·v (HessianVectorProduct)", product, VectorChecks.Multiply(hessian, v), 1e-14, VectorChecks.VectorEntry,
                "v = " + VectorChecks.Vector(v) + ", against the generated H times v")
            .Check("vᵀHv", VectorChecks.Dot(v, product), variance, 1e-14, "Σpᵢ(vᵢ − v̄)², the variance of v under p")
            .Print();
    }

    /// <summary>The same logits shifted by 1000: the textbook formula overflows, the generated code does not.</summary>
    private static void CheckShifted(Report report, double[] z, int label)
    {
        int n = z.Length;
        double[] shifted = z.Select(zi => zi + Shift).ToArray();
        var gradient = new double[n];
        var hessian = new double[n * n];
        var shiftedGradient = new double[n];
        var shiftedHessian = new double[n * n];
        double value = SoftmaxCrossEntropyFunctions.CrossEntropyHessian(z, label, gradient, hessian);
        double shiftedValue = SoftmaxCrossEntropyFunctions.CrossEntropyHessian(shifted, label, shiftedGradient, shiftedHessian);

        report.Text("");
        report.Text(Invariant($"The n = {n} logits shifted by {Shift}: softmax(z + c·1) = softmax(z), so L, ∇L and ∇²L are unchanged."));
        report.Text(Invariant($"The textbook e^zᵢ / Σe^zⱼ gives p₁ = {VectorChecks.Softmax(shifted)[0]} there (e^{Shift} overflows); the generated code"));
        report.Text("subtracts the maximum first.");
        report.Table(Invariant($"Generated at z + {Shift}·1 vs generated at z"), "at z")
            .Check("L", shiftedValue, value, 1e-12, "rounding of zᵢ + 1000 is ~1E-13")
            .CheckEntries("∇L", shiftedGradient, gradient, 1e-12, VectorChecks.VectorEntry)
            .CheckEntries("∇²L", shiftedHessian, hessian, 1e-12, VectorChecks.MatrixEntry(n))
            .Print();
    }

    /// <summary>A <see cref="GradientCheck"/> of the generated gradient and Hessian against finite differences of <see cref="SoftmaxCrossEntropyFunctions.CrossEntropy"/>.</summary>
    private static void CheckNumerically(Report report, double[] z, int label)
    {
        var f = new SpanFunction(
            Enumerable.Range(1, z.Length).Select(i => Invariant($"z{i}")).ToArray(),
            x => SoftmaxCrossEntropyFunctions.CrossEntropy(x, label),
            (x, g) => SoftmaxCrossEntropyFunctions.CrossEntropyGradient(x, label, g),
            (x, g, h) => SoftmaxCrossEntropyFunctions.CrossEntropyHessian(x, label, g, h));
        var check = GradientCheck.Check(f, z);
        report.Table(Invariant($"GradientCheck at the n = {z.Length} logits: all {z.Length} gradient and {z.Length * z.Length} Hessian entries"), "required")
            .Verify("worst relative error", check.Passes(1e-8), Report.Error(Math.Max(check.WorstGradientError, check.WorstHessianError ?? 0)), "≤ 1E-8",
                check.WorstEntry is { } worst ? "worst entry " + worst.Name : "")
            .Print();
    }

    /// <summary>Why the Hessian is positive semidefinite, and why exactly one direction is flat.</summary>
    private static void Explain(Report report)
    {
        report.Text("");
        report.Text("Why H = diag(p) − ppᵀ ⪰ 0: for every v,");
        report.Text("  vᵀHv = Σᵢ pᵢvᵢ² − (Σᵢ pᵢvᵢ)² = E_p[v²] − (E_p[v])² = Σᵢ pᵢ(vᵢ − v̄)² ≥ 0,  v̄ = Σᵢ pᵢvᵢ,");
        report.Text("the variance of the values vᵢ under the distribution p (pᵢ > 0, Σpᵢ = 1): checked as vᵀHv above.");
        report.Text("It is zero iff every vᵢ equals v̄, i.e. v is constant: softmax(z + c·1) = softmax(z), so L is flat along");
        report.Text("(1, …, 1) and H·1 = 0. Hence one zero eigenvalue with eigenvector (1, …, 1)/√n and n − 1 positive ones;");
        report.Text("as H is diag(p) minus a rank-one matrix, they interlace with the sorted pᵢ (so λ₂ ≥ minᵢ pᵢ > 0).");
        report.Text("So L is convex in z (Q7 c) but not strictly, and it has no minimizer: L → 0 only as zₗ − maxᵢ≠ₗ zᵢ → ∞.");
    }

    /// <summary>The document's own reasoning on Q7.</summary>
    private static void ReviewDocument(Report report)
    {
        // The document's premise alone: entries in [0, 1] that do not sum to 1.
        double[] q = { 0.9, 0.8, 0.7 };
        var matrix = new double[9];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                matrix[(i * 3) + j] = (i == j ? q[i] : 0) - (q[i] * q[j]);
            }
        }

        var counterexample = Curvature.CheckPositiveSemidefinite(matrix, 3);
        double sum = q.Sum();

        report.Text("");
        report.Text("001 Q7 a works out ∂ŷₖ/∂zᵢ only for i = k and concludes ∂L/∂z = ŷ − y; the case i ≠ k, ∂ŷₖ/∂zᵢ = −ŷₖŷᵢ,");
        report.Text("gives ∂L/∂zᵢ = ŷᵢ and is needed too. The conclusion is right (checked above); Q7 b(1), H = diag(ŷ) − ŷŷᵀ, is right.");
        report.DocumentError(
            "001 Q7 b(2) proves vᵀHv = Σŷᵢvᵢ² − (Σŷᵢvᵢ)² ≥ 0 with \"since 0 ≤ ŷᵢ ≤ 1, both terms are positive and the first",
            "term is larger than the second\". That restates the claim, and 0 ≤ ŷᵢ ≤ 1 does not imply it: q = (0.9, 0.8, 0.7)",
            Invariant($"has entries in [0, 1], yet diag(q) − qqᵀ has the eigenvalue {Report.Short(counterexample.SmallestEigenvalue)} (v = 1: Σqᵢ − (Σqᵢ)² = {Report.Short(sum)} − {Report.Short(sum * sum)} < 0)."),
            "What makes it true is Σŷᵢ = 1: (Σŷᵢvᵢ)² ≤ Σŷᵢ · Σŷᵢvᵢ² = Σŷᵢvᵢ² by Cauchy–Schwarz (the variance above). Nor is the",
            "first term always larger: the two are equal for every constant v (H·1 = 0, checked above).");
    }
}
