using System;
using System.Linq;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// Softmax regression ŷ = softmax(Wx + b) of document 004, 2.a, for one sample; the generator adds
/// <c>LossGradient</c> (and <c>LossHessian</c>, <c>LossHessianVectorProduct</c>), and for the vector-valued
/// <see cref="Probabilities"/> <c>ProbabilitiesJacobian</c>, <c>ProbabilitiesVectorJacobianProduct</c> and
/// <c>ProbabilitiesJacobianVectorProduct</c>. The parameter vector is W (k × d, row-major: Wᵢⱼ at <c>i * d + j</c>)
/// followed by b (k entries).
/// </summary>
public static partial class SoftmaxRegressionFunctions
{
    /// <summary>The logits a = Wx + b; <see cref="Loss"/> and <see cref="Probabilities"/> call it, and the generator inlines it.</summary>
    /// <param name="w">The k × d weights W, row-major; differentiable.</param>
    /// <param name="b">The k biases; differentiable. k = <c>b.Length</c>.</param>
    /// <param name="x">The input, of length d: data.</param>
    /// <param name="a">Receives the k logits.</param>
    [Differentiable]
    public static void Logits(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [Constant] ReadOnlySpan<double> x, [Result] Span<double> a)
    {
        int d = x.Length;
        for (int i = 0; i < a.Length; i++)
        {
            double ai = b[i];
            for (int j = 0; j < d; j++)
            {
                ai += w[(i * d) + j] * x[j];
            }

            a[i] = ai;
        }
    }

    /// <summary>
    /// The cross-entropy l = −Σᵢ yᵢ log ŷᵢ of ŷ = softmax(a), a = Wx + b, written with log ŷᵢ = aᵢ − log Σₖ e^{aₖ} and
    /// the stable log-sum-exp m + log Σₖ e^{aₖ − m}, m = maxₖ aₖ: l = Σᵢ yᵢ (m + log Σₖ e^{aₖ − m} − aᵢ).
    /// </summary>
    /// <param name="w">The k × d weights W, row-major; differentiable.</param>
    /// <param name="b">The k biases; differentiable. k = <c>b.Length</c>.</param>
    /// <param name="x">The input, of length d: data.</param>
    /// <param name="y">The target distribution over the k classes (one-hot for a label): data.</param>
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [Constant] ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> y)
    {
        int k = b.Length;
        Span<double> a = stackalloc double[k];
        Logits(w, b, x, a);

        double m = a[0];
        for (int i = 1; i < k; i++)
        {
            m = Math.Max(m, a[i]);
        }

        double s = 0;
        for (int i = 0; i < k; i++)
        {
            s += Math.Exp(a[i] - m);
        }

        double logSumExp = m + Math.Log(s);
        double loss = 0;
        for (int i = 0; i < k; i++)
        {
            loss += y[i] * (logSumExp - a[i]);
        }

        return loss;
    }

    /// <summary>The class probabilities ŷ = softmax(Wx + b), each e^{aᵢ − m} / Σₖ e^{aₖ − m} with m = maxₖ aₖ.</summary>
    /// <param name="w">The k × d weights W, row-major; differentiable.</param>
    /// <param name="b">The k biases; differentiable.</param>
    /// <param name="x">The input, of length d: data.</param>
    /// <param name="p">Receives ŷ, k entries: the rows of the Jacobian.</param>
    [Differentiable]
    public static void Probabilities(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [Constant] ReadOnlySpan<double> x, [Result] Span<double> p)
    {
        int k = b.Length;
        Span<double> a = stackalloc double[k];
        Logits(w, b, x, a);

        double m = a[0];
        for (int i = 1; i < k; i++)
        {
            m = Math.Max(m, a[i]);
        }

        double s = 0;
        for (int i = 0; i < k; i++)
        {
            s += Math.Exp(a[i] - m);
        }

        for (int i = 0; i < k; i++)
        {
            p[i] = Math.Exp(a[i] - m) / s;
        }
    }
}

/// <summary>
/// Document 004, 2.a: the gradient of the softmax-regression loss l = −Σᵢ yᵢ log ŷᵢ, ŷ = softmax(Wx + b), is
/// ∂l/∂Wᵢⱼ = (ŷᵢ − yᵢ)xⱼ and ∂l/∂bᵢ = ŷᵢ − yᵢ (for Σyᵢ = 1). Checks the generated gradient against that, the
/// generated Jacobian of ŷ against ŷₖ(δₖᵢ − ŷᵢ)xⱼ, and the document's formula, which follows only the path through
/// ŷᵢ and misses ŷᵢ(1 − yᵢ)xⱼ.
/// </summary>
public sealed class SoftmaxRegressionProblem : IProblem
{
    /// <summary>The seed of the random weights and inputs: the output is the same on every run.</summary>
    private const int Seed = 4002;

    /// <inheritdoc />
    public string Title => "Document 004 §2.a · softmax regression: ∂l/∂Wᵢⱼ = (ŷᵢ − yᵢ)xⱼ";

    /// <inheritdoc />
    public void Run(Report report)
    {
        report.Text("ŷ = softmax(Wx + b), W ∈ ℝ^(k×d), b ∈ ℝᵏ, l = −Σᵢ yᵢ log ŷᵢ; W and b are differentiable, x and y are data.");
        report.Text("The document's (15): ∂l/∂Wᵢⱼ = −xⱼyᵢ(1 − ŷᵢ). The mathematics: ∂l/∂Wᵢⱼ = (ŷᵢ − yᵢ)xⱼ, ∂l/∂bᵢ = ŷᵢ − yᵢ.");
        report.Text(Invariant($"Random W ∈ [−1, 1], b ∈ [−0.5, 0.5], x ∈ [−2, 2] (two decimals) from System.Random({Seed}); classes from 1."));

        var random = new Random(Seed);
        (double[] W, double[] B, double[] X, double[] Y) Case(int k, int d, double[]? target = null)
        {
            double[] w = VectorChecks.Uniform(random, k * d, -1, 1);
            double[] b = VectorChecks.Uniform(random, k, -0.5, 0.5);
            double[] x = VectorChecks.Uniform(random, d, -2, 2);
            if (target is null)
            {
                target = new double[k];
                target[random.Next(k)] = 1;
            }

            return (w, b, x, target);
        }

        var first = Case(3, 4);
        CheckAt(report, first.W, first.B, first.X, first.Y, listEntries: true);
        var second = Case(4, 3);
        CheckAt(report, second.W, second.B, second.X, second.Y, listEntries: false);
        var soft = Case(3, 4, new[] { 0.2, 0.5, 0.3 });
        CheckAt(report, soft.W, soft.B, soft.X, soft.Y, listEntries: false);

        int weights = first.W.Length, inputs = first.X.Length, size = weights + first.B.Length;
        var names = Enumerable.Range(0, weights).Select(e => Invariant($"W{(e / inputs) + 1}{(e % inputs) + 1}"))
            .Concat(Enumerable.Range(1, first.B.Length).Select(i => Invariant($"b{i}"))).ToArray();
        var loss = new SpanFunction(names,
            v => SoftmaxRegressionFunctions.Loss(v[..weights], v[weights..], first.X, first.Y),
            (v, g) => SoftmaxRegressionFunctions.LossGradient(v[..weights], v[weights..], first.X, first.Y, g));
        var check = GradientCheck.Check(loss, first.W.Concat(first.B).ToArray(), includeHessian: false);
        report.Table(Invariant($"GradientCheck of all {size} gradient entries at the first sample"), "required")
            .Verify("worst relative error", check.Passes(1e-8), Report.Error(check.WorstGradientError), "≤ 1E-8",
                check.WorstEntry is { } worst ? "worst entry " + worst.Name : "")
            .Print();

        report.Text("");
        report.DocumentError(
            "004 2.a, (9): ∂l/∂Wᵢⱼ = ∂l/∂ŷᵢ · ∂ŷᵢ/∂Wᵢⱼ follows only the path through ŷᵢ. But Wᵢⱼ moves aᵢ = (Wx + b)ᵢ, which is in",
            "the denominator Σₖe^aₖ of every ŷₖ: ∂ŷₖ/∂Wᵢⱼ = ŷₖ(δₖᵢ − ŷᵢ)xⱼ (the Jacobian above; its (14) is the k = i entry only),",
            "so ∂l/∂Wᵢⱼ = Σₖ (−yₖ/ŷₖ)·ŷₖ(δₖᵢ − ŷᵢ)xⱼ = (ŷᵢΣₖyₖ − yᵢ)xⱼ = (ŷᵢ − yᵢ)xⱼ. Its (15), −xⱼyᵢ(1 − ŷᵢ), misses ŷᵢ(1 − yᵢ)xⱼ",
            "(checked above): for a one-hot y it is right on the true class's row and 0 on every other row, where the gradient",
            "is ŷᵢxⱼ, so gradient descent with it would never change the other classes' weights. (13) and the line before (15)",
            "also write Wᵢᵢ for Wᵢⱼ.");
    }

    /// <summary>The generated loss gradient, Jacobian and vector-Jacobian product at one sample against the formulas and the document.</summary>
    private static void CheckAt(Report report, double[] w, double[] b, double[] x, double[] y, bool listEntries)
    {
        int k = b.Length, d = x.Length, size = (k * d) + k;
        double[] logits = VectorChecks.Multiply(w, x).Zip(b, (a, bi) => a + bi).ToArray();
        double[] p = VectorChecks.Softmax(logits);
        bool oneHot = y.All(yi => yi == 0 || yi == 1);
        int label = Array.IndexOf(y, 1.0);

        var gradient = new double[size];
        double value = SoftmaxRegressionFunctions.LossGradient(w, b, x, y, gradient);
        double[] correct = Enumerable.Range(0, size).Select(e => e < k * d ? (p[e / d] - y[e / d]) * x[e % d] : p[e - (k * d)] - y[e - (k * d)]).ToArray();
        double[] document = Enumerable.Range(0, k * d).Select(e => -x[e % d] * y[e / d] * (1 - p[e / d])).ToArray();
        double[] missing = Enumerable.Range(0, k * d).Select(e => (p[e / d] * (1 - y[e / d]) * x[e % d]) + 0.0).ToArray(); // + 0.0: no "-0" in the output
        double[] generatedMinusDocument = Enumerable.Range(0, k * d).Select(e => gradient[e] - document[e]).ToArray();

        // The Jacobian of ŷ (k rows, one column per parameter), split into the entries (14) covers and those (9) leaves out.
        var probabilities = new double[k];
        var jacobian = new double[k * size];
        SoftmaxRegressionFunctions.ProbabilitiesJacobian(w, b, x, probabilities, jacobian);
        double[] expectedJacobian = new double[k * size];
        for (int row = 0; row < k; row++)
        {
            for (int e = 0; e < size; e++)
            {
                int i = e < k * d ? e / d : e - (k * d);
                double input = e < k * d ? x[e % d] : 1;
                expectedJacobian[(row * size) + e] = p[row] * ((row == i ? 1 : 0) - p[i]) * input;
            }
        }

        var ownPath = Enumerable.Range(0, k * d).Select(e => jacobian[((e / d) * size) + e]).ToArray();
        var ownPathDocument = Enumerable.Range(0, k * d).Select(e => x[e % d] * p[e / d] * (1 - p[e / d])).ToArray();
        var otherPaths = Enumerable.Range(0, k * size).Where(c => c % size < k * d && (c % size) / d != c / size).ToArray();

        // The chain rule over every ŷₖ: Jᵀ·(∂l/∂ŷ) with the document's (11), ∂l/∂ŷₖ = −yₖ/ŷₖ.
        var cotangent = y.Zip(p, (yk, pk) => -yk / pk).ToArray();
        var chained = new double[size];
        var probabilitiesOfProduct = new double[k];
        SoftmaxRegressionFunctions.ProbabilitiesVectorJacobianProduct(w, b, x, probabilitiesOfProduct, cotangent, chained);

        report.Text("");
        report.Text(Invariant($"k = {k} classes, d = {d}: W = {VectorChecks.Matrix(w, d)}, b = {VectorChecks.Vector(b)},"));
        report.Text(Invariant($"x = {VectorChecks.Vector(x)}, y = {VectorChecks.Vector(y)}") + (oneHot ? Invariant($" (true class {label + 1})") : " (soft target)") +
            ", ŷ = " + VectorChecks.ShortVector(p));
        if (listEntries)
        {
            var listing = report.Listing("∂l/∂Wᵢⱼ entry by entry: generated, the correct formula, and the document's (15)",
                "entry", "yᵢ", "generated", "(ŷᵢ − yᵢ)xⱼ", "−xⱼyᵢ(1 − ŷᵢ)");
            for (int e = 0; e < k * d; e++)
            {
                listing.Row(Invariant($"W{(e / d) + 1}{(e % d) + 1}"), Report.Format(y[e / d]), Report.Short(gradient[e]), Report.Short(correct[e]), Report.Short(document[e]));
            }

            listing.Print();
        }

        var matrixEntry = VectorChecks.MatrixEntry(d);
        var table = report.Table(Invariant($"k = {k}, d = {d}: generated vs the formulas, with ŷ computed as e^aᵢ / Σe^aₖ"), "formula")
            .Check("l", value, -y.Zip(p, (yi, pi) => yi == 0 ? 0 : yi * Math.Log(pi)).Sum(), 1e-13, "−Σyᵢ log ŷᵢ")
            .CheckEntries("∂l/∂W", gradient.AsSpan(0, k * d), correct.AsSpan(0, k * d), 1e-13, matrixEntry, "(ŷᵢ − yᵢ)xⱼ")
            .CheckEntries("∂l/∂b", gradient.AsSpan(k * d), correct.AsSpan(k * d), 1e-13, VectorChecks.VectorEntry, "ŷᵢ − yᵢ");
        if (oneHot)
        {
            table.CheckEntries("∂l/∂W vs (15)", gradient.AsSpan(label * d, d), document.AsSpan(label * d, d), 1e-13,
                j => Invariant($"[{label + 1}, {j + 1}]"), "on the true class's row the document's (15) is right");
        }

        table.CheckEntries("∂l/∂W − (15)", generatedMinusDocument, missing, 1e-13, matrixEntry, "ŷᵢ(1 − yᵢ)xⱼ: what (15) misses")
            .CheckEntries("ŷ (ProbabilitiesJacobian)", probabilities, p, 1e-14, VectorChecks.VectorEntry)
            .CheckEntries("∂ŷ/∂(W, b)", jacobian, expectedJacobian, 1e-14, VectorChecks.MatrixEntry(size), "ŷₖ(δₖᵢ − ŷᵢ)·(xⱼ or 1)")
            .CheckEntries("∂ŷᵢ/∂Wᵢⱼ", ownPath, ownPathDocument, 1e-14, matrixEntry, "the document's (14): xⱼŷᵢ(1 − ŷᵢ), right")
            .CheckEntries("∂ŷₖ/∂Wᵢⱼ, k ≠ i", otherPaths.Select(c => jacobian[c]).ToArray(), otherPaths.Select(c => expectedJacobian[c]).ToArray(), 1e-14,
                c => Invariant($": ∂ŷ{(otherPaths[c] / size) + 1}/∂W{((otherPaths[c] % size) / d) + 1}{((otherPaths[c] % size) % d) + 1}"), Invariant($"−ŷₖŷᵢxⱼ ≠ 0, left out by (9); largest |entry| {Report.Short(otherPaths.Max(c => Math.Abs(jacobian[c])))}"))
            .CheckEntries("Jᵀ·(−y/ŷ) (VectorJacobianProduct)", chained, gradient, 1e-13, VectorChecks.VectorEntry, "the chain rule through every ŷₖ = ∇l")
            .CheckEntries("ŷ (VectorJacobianProduct)", probabilitiesOfProduct, p, 1e-14, VectorChecks.VectorEntry)
            .Print();
    }
}
