using System;
using System.Linq;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// A single sigmoid neuron ŷ = σ(wx + b) on the fixed data set x = (−2, −1, 0, 1, 2, 3), y = (0, 0, 1, 0, 1, 1)
/// (not linearly separable, so the unregularized loss has a finite minimum), written out term by term.
/// </summary>
public static partial class NeuronFunctions
{
    /// <summary>The L2 weight λ (the penalty is λ/2·w²; the bias is not penalized, as in document 002 §3.1).</summary>
    public const double Lambda = 0.5;

    /// <summary>The inputs, for the documents' formulas (the [Differentiable] methods spell them out).</summary>
    public static readonly double[] Inputs = { -2, -1, 0, 1, 2, 3 };

    /// <summary>The labels.</summary>
    public static readonly double[] Labels = { 0, 0, 1, 0, 1, 1 };

    /// <summary>
    /// The cross-entropy of one example, −y·log σ(z) − (1 − y)·log(1 − σ(z)) with z = wx + b, in the equal and
    /// numerically stable form softplus(z) − y·z (since −log σ(z) = softplus(−z) = softplus(z) − z).
    /// </summary>
    [Differentiable]
    public static double CrossEntropy(double w, double b, double x, double y) => SymMath.Softplus(w * x + b) - y * (w * x + b);

    /// <summary>E(w, b) = Σₙ cross-entropy over the data set (document 001, Q1).</summary>
    [Differentiable]
    public static double E(double w, double b) =>
        CrossEntropy(w, b, -2, 0) + CrossEntropy(w, b, -1, 0) + CrossEntropy(w, b, 0, 1)
        + CrossEntropy(w, b, 1, 0) + CrossEntropy(w, b, 2, 1) + CrossEntropy(w, b, 3, 1);

    /// <summary>E(w, b) + λ/2·w².</summary>
    [Differentiable]
    public static double RegularizedE(double w, double b) => E(w, b) + 0.5 * Lambda * w * w;

    /// <summary>Document 002 §3.1 for one example: L_reg = ½(σ(wx + b) − t)² + λ/2·w².</summary>
    [Differentiable]
    public static double SquaredErrorL2(double w, double b, double x, double t) =>
        0.5 * SymMath.Square(SymMath.Sigmoid(w * x + b) - t) + 0.5 * Lambda * w * w;
}

/// <summary>
/// Documents 001 (Q1) and 002 (§3.1): a sigmoid neuron with cross-entropy, with and without L2, fitted by Newton's
/// method; the generated gradient against the documents' formulas, a <see cref="GradientCheck"/> report, the Hessian
/// against Σσ(1 − σ)·(x, 1)(x, 1)ᵀ, and the optimality conditions at the fits.
/// </summary>
public sealed class SigmoidNeuronProblem : IProblem
{
    private static readonly double[] X = NeuronFunctions.Inputs;
    private static readonly double[] Y = NeuronFunctions.Labels;

    /// <inheritdoc />
    public string Title => "Documents 001 Q1 and 002 §3.1 · a sigmoid neuron with cross-entropy (and L2) fitted by Newton";

    /// <inheritdoc />
    public void Run(Report report)
    {
        report.Text("Data x = (−2, −1, 0, 1, 2, 3), y = (0, 0, 1, 0, 1, 1); ŷ = σ(wx + b);");
        report.Text("E(w, b) = −Σ[yₙ·log ŷₙ + (1 − yₙ)·log(1 − ŷₙ)], E_reg = E + λ/2·w² with λ = 0.5.");

        var table = report.Table("001 Q1's gradient Σ(ŷₙ − yₙ)(xₙ, 1) and the Hessian Σŷₙ(1 − ŷₙ)(xₙ, 1)(xₙ, 1)ᵀ vs generated", "formula");
        Span<double> gradient = stackalloc double[2];
        Span<double> hessian = stackalloc double[4];
        foreach (var (w, b) in new[] { (0.0, 0.0), (0.8, -0.3) })
        {
            double e = NeuronFunctions.EHessian(w, b, gradient, hessian);
            string at = Invariant($" at ({w}, {b})");
            double[] p = X.Select(x => Sigmoid(w * x + b)).ToArray();
            table.Check("E" + at, e, -Enumerable.Range(0, X.Length).Sum(n => Y[n] * Math.Log(p[n]) + (1 - Y[n]) * Math.Log(1 - p[n])), 1e-12, "the log form")
                .Check("∂E/∂w" + at, gradient[0], Sum(n => (p[n] - Y[n]) * X[n]), 1e-12)
                .Check("∂E/∂b" + at, gradient[1], Sum(n => p[n] - Y[n]), 1e-12)
                .Check("∂²E/∂w²" + at, hessian[0], Sum(n => p[n] * (1 - p[n]) * X[n] * X[n]), 1e-12)
                .Check("∂²E/∂w∂b" + at, hessian[1], Sum(n => p[n] * (1 - p[n]) * X[n]), 1e-12)
                .Check("∂²E/∂b²" + at, hessian[3], Sum(n => p[n] * (1 - p[n])), 1e-12);
        }

        table.Print();

        var check = GradientCheck.Check(NeuronFunctions.EFunction, new[] { 0.8, -0.3 });
        report.Text("");
        foreach (string line in check.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            report.Text("  " + line);
        }

        report.Table("GradientCheck (Ridders-extrapolated central differences)", "required")
            .Verify("worst relative error", check.Passes(1e-8), Report.Error(Math.Max(check.WorstGradientError, check.WorstHessianError ?? 0)), "≤ 1E-8")
            .Print();

        Fits(report);
        SquaredError(report);
    }

    /// <summary>Newton fits of E and E_reg from (0, 0), and their first-order conditions.</summary>
    private static void Fits(Report report)
    {
        var plain = Newton.Minimize(NeuronFunctions.EFunction, new double[] { 0, 0 });
        var regularized = Newton.Minimize(NeuronFunctions.RegularizedEFunction, new double[] { 0, 0 });
        report.Iterates("Newton.Minimize of E_reg from (0, 0)", NeuronFunctions.RegularizedEFunction, regularized);

        double[] p = X.Select(x => Sigmoid(plain.Solution[0] * x + plain.Solution[1])).ToArray();
        double[] q = X.Select(x => Sigmoid(regularized.Solution[0] * x + regularized.Solution[1])).ToArray();
        double w = regularized.Solution[0];
        var plainKind = Curvature.Classify(NeuronFunctions.EFunction, plain.Solution).Kind;
        report.Table("The fits and their first-order conditions", "expected")
            .Verify("E: status", plain.Converged, plain.Status.ToString(), "converged",
                Invariant($"{plain.Iterations} iterations to {OptimizationTables.Point(NeuronFunctions.EFunction, plain.Solution)}"))
            .Check("E: Σŷₙ", p.Sum(), Y.Sum(), 1e-10, "Σ(ŷₙ − yₙ) = 0: mean prediction = mean label")
            .Check("E: Σ(ŷₙ − yₙ)xₙ", Sum(n => (p[n] - Y[n]) * X[n]), 0, 1e-10)
            .Verify("E: kind", plainKind == CriticalPointKind.Minimum, plainKind.ToString(), "Minimum", "convex: a unique minimum (data not separable)")
            .Verify("E_reg: status", regularized.Converged, regularized.Status.ToString(), "converged",
                Invariant($"{regularized.Iterations} iterations to {OptimizationTables.Point(NeuronFunctions.RegularizedEFunction, regularized.Solution)}"))
            .Check("E_reg: Σ(ŷₙ − yₙ)", Sum(n => q[n] - Y[n]), 0, 1e-10, "the bias is not penalized")
            .Check("E_reg: Σ(ŷₙ − yₙ)xₙ + λw", Sum(n => (q[n] - Y[n]) * X[n]) + NeuronFunctions.Lambda * w, 0, 1e-10)
            .Verify("E_reg: |w| < |w| of E", Math.Abs(w) < Math.Abs(plain.Solution[0]), Report.Short(w), "< " + Report.Short(plain.Solution[0]), "L2 shrinks the weight")
            .Print();
        report.Text("");
        report.DocumentError(
            "001 Q1 sets Σₙ yₙ/ŷₙ − (1 − yₙ)/(1 − ŷₙ) = 0 and concludes ŷ(x) = Σₙ yₙ. The chain-rule factor",
            "∂ŷₙ/∂(w, b) = ŷₙ(1 − ŷₙ)(xₙ, 1) is missing (and the sign: ∂E/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ)); with it the",
            "conditions are Σ(ŷₙ − yₙ) = 0 and Σ(ŷₙ − yₙ)xₙ = 0 (checked above). A probability equal to a count is no",
            "solution. Its update rule uses the right gradient Σ(ŷₙ − yₙ)(xₙ, 1), checked above.");
        report.DocumentError(
            "001 Q1: convexity does not guarantee a unique minimum. E is convex but not strictly, and on linearly",
            "separable data it has no minimum at all (E → 0 as |w| → ∞). Here the data are not separable; the L2 term",
            "makes E_reg strictly convex.");
        report.DocumentError(
            "000 3.b proves convexity from one entry, σ(1 − σ)x_j² ≥ 0 (and drops the sum). Convexity needs the whole",
            "Hessian (1/m)Σσ(1 − σ)xxᵀ to be positive semidefinite; it is, as a sum of rank-one xxᵀ ≥ 0 (entries checked above).");
    }

    /// <summary>Document 002 §3.1's derivatives of ½(σ(z) − t)² + λ/2·w² against the generated gradient.</summary>
    private static void SquaredError(Report report)
    {
        var table = report.Table("002 §3.1: ∂L_reg/∂w = (y − t)σ(z)(1 − σ(z))x + λw, ∂L_reg/∂b = (y − t)σ(z)(1 − σ(z)), y = σ(z)", "document");
        Span<double> gradient = stackalloc double[4];
        foreach (var (w, b, x, t) in new[] { (0.8, -0.3, 1.5, 1.0), (-1.2, 0.4, -2.0, 0.0) })
        {
            NeuronFunctions.SquaredErrorL2Gradient(w, b, x, t, gradient);
            double y = Sigmoid(w * x + b);
            string at = Invariant($" at (w, b, x, t) = ({w}, {b}, {x}, {t})");
            table.Check("∂L_reg/∂w" + at, gradient[0], (y - t) * y * (1 - y) * x + NeuronFunctions.Lambda * w, 1e-14)
                .Check("∂L_reg/∂b" + at, gradient[1], (y - t) * y * (1 - y), 1e-14);
        }

        table.Print();
        report.Text("");
        report.Text("The document does not state its loss; its derivatives are those of L = ½(y − t)², R = ½w² (∂R/∂w = w),");
        report.Text("and with those they are right.");
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Sum(Func<int, double> term) => Enumerable.Range(0, X.Length).Sum(term);
}
