using System;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>The loss of document 000, problem 5.e; the generator adds <c>LGradient</c>, <c>LHessian</c> and <c>LFunction</c>.</summary>
public static partial class LogTargetFunctions
{
    /// <summary>L = ½(log y − log t)² with y = 1 + e^z, z = w₀ + w₁x + w₂x² (x and t are data, differentiated too).</summary>
    [Differentiable]
    public static double L(double w0, double w1, double w2, double x, double t)
    {
        double z = w0 + w1 * x + w2 * x * x;
        double y = 1 + Math.Exp(z);
        double error = Math.Log(y) - Math.Log(t);
        return 0.5 * error * error;
    }
}

/// <summary>
/// Document 000, problem 5.e: z = w₀ + w₁x + w₂x², y = 1 + e^z, L = ½(log y − log t)². The generated ∂L/∂w₂
/// against the document's ∂L/∂w₂ = (1/y)(log y − log t)·e^z·x² at several points, and a gradient check.
/// </summary>
public sealed class LogTargetRegressionProblem : IProblem
{
    /// <inheritdoc />
    public string Title => "Document 000 §5.e · z = w₀ + w₁x + w₂x², y = 1 + eᶻ, L = ½(log y − log t)²: ∂L/∂w₂";

    /// <inheritdoc />
    public void Run(Report report)
    {
        report.Text("The document: ∂L/∂w₂ = ∂L/∂y · ∂y/∂z · ∂z/∂w₂ = (1/y)(log y − log t) · e^z · x².");
        var table = report.Table("Generated ∂L/∂w₂ (gradient entry 2 of L(w₀, w₁, w₂, x, t)) vs the document's formula", "document");
        Span<double> gradient = stackalloc double[5];
        foreach (var (w0, w1, w2, x, t) in new[]
        {
            (0.1, -0.2, 0.3, 1.5, 2.0),
            (1.0, 0.5, -0.25, -2.0, 0.5),
            (-0.5, 0.3, 0.1, 3.0, 4.0),
            (2.0, -1.0, 0.5, 0.7, 10.0),
        })
        {
            LogTargetFunctions.LGradient(w0, w1, w2, x, t, gradient);
            double z = w0 + w1 * x + w2 * x * x;
            double y = 1 + Math.Exp(z);
            double document = 1 / y * (Math.Log(y) - Math.Log(t)) * Math.Exp(z) * x * x;
            table.Check(Invariant($"∂L/∂w₂ at w = ({w0}, {w1}, {w2}), x = {x}, t = {t}"), gradient[2], document, 1e-13 * Math.Max(1, Math.Abs(document)));
        }

        table.Print();

        var check = GradientCheck.Check(LogTargetFunctions.LFunction, new[] { 0.1, -0.2, 0.3, 1.5, 2.0 });
        report.Table("GradientCheck of all 5 gradient and 25 Hessian entries at the first point", "required")
            .Verify("worst relative error", check.Passes(1e-8), Report.Error(Math.Max(check.WorstGradientError, check.WorstHessianError ?? 0)), "≤ 1E-8",
                check.WorstEntry is { } worst ? "worst entry " + worst.Name : "")
            .Print();
        report.Text("");
        report.Text("The document's formula is right. Since e^z / y = e^z / (1 + e^z) = σ(z), it is also σ(z)(log y − log t)x²,");
        report.Text("and ∂L/∂w₀, ∂L/∂w₁ follow with x² replaced by 1 and x.");
    }
}
