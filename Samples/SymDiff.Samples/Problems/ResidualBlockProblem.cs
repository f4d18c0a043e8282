using System;
using System.Linq;
using SymDiff.Learning;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// The scalar residual block of document 003, Q2, with its loss l = ½(y − 0.5)²; the generator adds
/// <c>TanhLossGradient</c> and <c>SigmoidLossGradient</c>, whose gradients are ordered (x, w, b, v, c).
/// </summary>
public static partial class ResidualBlockFunctions
{
    /// <summary>z = wx + b, h = tanh(z) + x, r = vh + c, y = tanh(r) + h, l = ½(y − 0.5)²: φ = tanh.</summary>
    [Differentiable]
    public static double TanhLoss(double x, double w, double b, double v, double c)
    {
        double h = Math.Tanh((w * x) + b) + x;
        double y = Math.Tanh((v * h) + c) + h;
        return 0.5 * (y - 0.5) * (y - 0.5);
    }

    /// <summary>The same block with φ = σ, the logistic sigmoid.</summary>
    [Differentiable]
    public static double SigmoidLoss(double x, double w, double b, double v, double c)
    {
        double h = SymMath.Sigmoid((w * x) + b) + x;
        double y = SymMath.Sigmoid((v * h) + c) + h;
        return 0.5 * (y - 0.5) * (y - 0.5);
    }
}

/// <summary>
/// Document 003, Q2: backpropagation through the residual block z = wx + b, h = φ(z) + x, r = vh + c, y = φ(r) + h.
/// Checks the generated gradients (φ = tanh and σ) against the closed forms ∂l/∂v = l_y φ'(r) h, ∂l/∂c = l_y φ'(r),
/// ∂l/∂w = l_y (1 + vφ'(r)) φ'(z) x, ∂l/∂b = l_y (1 + vφ'(r)) φ'(z) and against the checked brief's numbers; then the
/// runtime's vector block <see cref="LayerFunctions.Residual"/> (φ = ReLU) against the vector rules.
/// </summary>
public sealed class ResidualBlockProblem : IProblem
{
    /// <summary>The seed of the vector block's random parameters, input and cotangent.</summary>
    private const int Seed = 3017;

    /// <summary>The point of the checked brief: x, w, b, v, c.</summary>
    private static readonly double[] Point = { 0.7, 1.3, -0.2, -0.8, 0.4 };

    /// <inheritdoc />
    public string Title => "Document 003 Q2 · residual block: ∂l/∂w, ∂l/∂b, ∂l/∂v, ∂l/∂c";

    /// <inheritdoc />
    public void Run(Report report)
    {
        report.Text("z = wx + b, h = φ(z) + x, r = vh + c, y = φ(r) + h, l = ½(y − 0.5)². The surviving text never defines φ");
        report.Text("(it was in a lost figure), so the sample picks φ = tanh, and repeats with φ = σ. l_y = y − 0.5, and the");
        report.Text("gradient reaching h is δh = l_y (1 + vφ'(r)): through the skip y = … + h and through r = vh + c.");
        report.Text(Invariant($"At the brief's point (x, w, b, v, c) = {VectorChecks.Vector(Point)}:"));

        var tanh = Scalar(report, "tanh", ResidualBlockFunctions.TanhLossGradient, Math.Tanh, t => 1 - (Math.Tanh(t) * Math.Tanh(t)),
            new[] { "0.21210527", "0.16182881", "0.04851580", "0.06930828" });
        Scalar(report, "σ", ResidualBlockFunctions.SigmoidLossGradient, SymMath.Sigmoid, t => SymMath.Sigmoid(t) * (1 - SymMath.Sigmoid(t)),
            new[] { "0.36597473", "0.26705664", "0.15303243", "0.21861776" });

        report.Text("");
        report.Text("The document's ∂l/∂v (L.85) = l_y φ'(r) h is right, although the step before it reads \"[φ'(r) + ∂y/∂r]\".");
        report.DocumentError(
            "003 Q2 L.85: the intermediate \"[φ'(r) + ∂y/∂r]\" is garbled; ∂y/∂r is φ'(r) itself (the boxed ∂l/∂v is right).");
        report.DocumentError(
            "003 Q2 L.89 and L.105: ∂l/∂c = l_y φ'(v) and ∂l/∂w = l_y φ'(z) x [φ'(v)·v + I] use v both for the weight and for the",
            "pre-activation. They are right only if φ'(v) means φ'(r) = φ'(vh + c): ∂l/∂c = l_y φ'(r), ∂l/∂w = l_y (1 + vφ'(r)) φ'(z) x.",
            Invariant($"Read literally (φ' at the weight v = −0.8), ∂l/∂c would be {Report.Short(tanh.LiteralC)} instead of {Report.Short(tanh.C)} (tanh)."));
        report.DocumentError(
            "003 Q2 L.123: ∂l/∂b = l_y φ'(z)[φ'(x)·V + I] evaluates φ' at the input x and writes V for v; correct is",
            Invariant($"l_y φ'(z)(1 + vφ'(r)): {Report.Short(tanh.B)}, not the document's {Report.Short(tanh.LiteralB)} (tanh; checked above)."),
            "The skip-path chain at L.117, dl/dy·dy/dz·dz/dh·dh/db, is in the wrong order (dy/dh·dh/dz·dz/db); its value l_y φ'(z) is right.");

        Vector(report);
    }

    /// <summary>The closed forms at <see cref="Point"/>, and the document's literal ∂l/∂b and ∂l/∂c.</summary>
    private readonly record struct Rules(double B, double C, double LiteralB, double LiteralC);

    /// <summary>The generated value and gradient of one loss against the closed forms and the brief's numbers.</summary>
    private static Rules Scalar(Report report, string phiName, Func<double, double, double, double, double, Span<double>, double> lossGradient,
        Func<double, double> phi, Func<double, double> dphi, string[] brief)
    {
        var (x, w, b, v, c) = (Point[0], Point[1], Point[2], Point[3], Point[4]);
        double z = (w * x) + b, h = phi(z) + x, r = (v * h) + c, y = phi(r) + h, ly = y - 0.5;
        double deltaH = ly * (1 + (v * dphi(r)));
        var gradient = new double[5];
        double l = lossGradient(x, w, b, v, c, gradient);
        double literalB = ly * dphi(z) * ((dphi(x) * v) + 1);

        report.Text("");
        report.Text(Invariant($"φ = {phiName}: z = {Report.Short(z)}, h = {Report.Short(h)}, r = {Report.Short(r)}, y = {Report.Short(y)}, l_y = {Report.Short(ly)}"));
        report.Table(Invariant($"φ = {phiName}: generated ({(phiName == "σ" ? "Sigmoid" : "Tanh")}LossGradient) vs the closed forms"), "closed form")
            .Check("l", l, 0.5 * ly * ly, 1e-15)
            .Check("∂l/∂v", gradient[3], ly * dphi(r) * h, 1e-15, "l_y φ'(r) h")
            .Check("∂l/∂c", gradient[4], ly * dphi(r), 1e-15, "l_y φ'(r)")
            .Check("∂l/∂w", gradient[1], deltaH * dphi(z) * x, 1e-15, "l_y (1 + vφ'(r)) φ'(z) x")
            .Check("∂l/∂b", gradient[2], deltaH * dphi(z), 1e-15, "l_y (1 + vφ'(r)) φ'(z)")
            .Check("∂l/∂x (not asked)", gradient[0], deltaH * (1 + (w * dphi(z))), 1e-15, "δh (1 + wφ'(z))")
            .Check("∂l/∂b − document (L.123)", gradient[2] - literalB, ly * dphi(z) * v * (dphi(r) - dphi(x)), 1e-15,
                Invariant($"l_y φ'(z) v (φ'(r) − φ'(x)): the document's ∂l/∂b is {Report.Short(literalB)}"))
            .Print();
        report.Table(Invariant($"φ = {phiName}: generated vs the checked brief (c3.py, finite differences agree to 8 digits)"), "brief")
            .CheckDocument("∂l/∂v", gradient[3], brief[0])
            .CheckDocument("∂l/∂c", gradient[4], brief[1])
            .CheckDocument("∂l/∂w", gradient[1], brief[2])
            .CheckDocument("∂l/∂b", gradient[2], brief[3])
            .Print();
        return new Rules(gradient[2], gradient[4], literalB, ly * dphi(v));
    }

    /// <summary>The runtime's vector block with φ = ReLU: its generated VJP against the vector rules.</summary>
    private static void Vector(Report report)
    {
        const int n = 3;
        var random = new Random(Seed);
        double[] parameters = VectorChecks.Uniform(random, (2 * n * n) + (2 * n), -1, 1);
        double[] x = VectorChecks.Uniform(random, n, -1, 1);
        double[] g = VectorChecks.Uniform(random, n, -1, 1);
        var (W, bias, V, c) = (parameters[..(n * n)], parameters[(n * n)..((n * n) + n)], parameters[((n * n) + n)..((2 * n * n) + n)], parameters[((2 * n * n) + n)..]);

        // The forward pass and the vector rules, written out.
        double[] z = Add(VectorChecks.Multiply(W, x), bias);
        double[] h = z.Select((zi, i) => Math.Max(zi, 0) + x[i]).ToArray();
        double[] r = Add(VectorChecks.Multiply(V, h), c);
        double[] yExpected = r.Select((ri, i) => Math.Max(ri, 0) + h[i]).ToArray();
        double[] deltaR = r.Select((ri, i) => ri > 0 ? g[i] : 0).ToArray();
        double[] deltaH = Add(g, VectorChecks.Multiply(Transpose(V, n), deltaR));
        double[] deltaZ = z.Select((zi, i) => zi > 0 ? deltaH[i] : 0).ToArray();
        double[] dx = Add(deltaH, VectorChecks.Multiply(Transpose(W, n), deltaZ));
        double[] expected = Outer(deltaZ, x).Concat(deltaZ).Concat(Outer(deltaR, h)).Concat(deltaR).Concat(dx).ToArray();

        var y = new double[n];
        var gradient = new double[parameters.Length + n];
        LayerFunctions.ResidualVectorJacobianProduct(parameters, x, y, g, gradient);

        double kink = z.Concat(r).Min(Math.Abs);
        int active = z.Concat(r).Count(a => a > 0);
        int p = n * n;
        report.Text("");
        report.Text(Invariant($"Vector form: LayerFunctions.Residual, h = ReLU(Wx + b) + x, y = ReLU(Vh + c) + h, n = {n}, 2n² + 2n = {parameters.Length}"));
        report.Text(Invariant($"parameters (W, b, V, c), input x and cotangent g = ∂l/∂y uniform in [−1, 1] (two decimals), System.Random({Seed}):"));
        report.Text(Invariant($"W = {VectorChecks.Matrix(W, n)}, b = {VectorChecks.Vector(bias)}, x = {VectorChecks.Vector(x)},"));
        report.Text(Invariant($"V = {VectorChecks.Matrix(V, n)}, c = {VectorChecks.Vector(c)}, g = {VectorChecks.Vector(g)}."));
        report.Text("Rules: δr = φ'(r)⊙g, ∂V = δr hᵀ, ∂c = δr, δh = g + Vᵀδr, δz = φ'(z)⊙δh, ∂W = δz xᵀ, ∂b = δz, ∂x = δh + Wᵀδz;");
        report.Text("the document's scalar factor [φ'(v)·v + I] becomes the matrix I + Vᵀ diag(φ'(r)).");
        report.Table("ResidualVectorJacobianProduct (gradient over W, b, V, c, then x) vs the vector rules", "rule")
            .Verify("min |zᵢ|, |rᵢ|", kink > 0.1, Report.Short(kink), "> 0.1", Invariant($"away from the ReLU kinks; {active} of {2 * n} units active"))
            .CheckEntries("y", y, yExpected, 1e-15, VectorChecks.VectorEntry, "ReLU(r) + h")
            .CheckEntries("∂l/∂W", gradient.AsSpan(0, p), expected.AsSpan(0, p), 1e-15, VectorChecks.MatrixEntry(n), "δz xᵀ")
            .CheckEntries("∂l/∂b", gradient.AsSpan(p, n), expected.AsSpan(p, n), 1e-15, VectorChecks.VectorEntry, "δz")
            .CheckEntries("∂l/∂V", gradient.AsSpan(p + n, p), expected.AsSpan(p + n, p), 1e-15, VectorChecks.MatrixEntry(n), "δr hᵀ")
            .CheckEntries("∂l/∂c", gradient.AsSpan((2 * p) + n, n), expected.AsSpan((2 * p) + n, n), 1e-15, VectorChecks.VectorEntry, "δr")
            .CheckEntries("∂l/∂x", gradient.AsSpan((2 * p) + (2 * n), n), expected.AsSpan((2 * p) + (2 * n), n), 1e-15, VectorChecks.VectorEntry, "δh + Wᵀδz")
            .Print();
    }

    private static double[] Add(double[] a, double[] b) => a.Select((ai, i) => ai + b[i]).ToArray();

    private static double[] Outer(double[] a, double[] b) => a.SelectMany(ai => b.Select(bj => ai * bj)).ToArray();

    private static double[] Transpose(double[] a, int n) => Enumerable.Range(0, n * n).Select(k => a[((k % n) * n) + (k / n)]).ToArray();
}
