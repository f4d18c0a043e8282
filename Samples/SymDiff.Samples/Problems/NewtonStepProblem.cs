using System;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>The function of document 002's Newton-step exercise; the generator adds <c>GGradient</c> and <c>GHessian</c>.</summary>
public static partial class NewtonStepFunctions
{
    /// <summary>g(x, y) = 2x² + 2y² − xy − 17y·cos(0.2πx).</summary>
    [Differentiable]
    public static double G(double x, double y) => 2 * x * x + 2 * y * y - x * y - 17 * y * Math.Cos(0.2 * Math.PI * x);
}

/// <summary>
/// Document 002, one Newton step for g(x, y) = 2x² + 2y² − xy − 17y·cos(0.2πx) from (0, 0): gradient (0, −17),
/// Hessian [[4, −1], [−1, 4]], next point (17/15, 68/15). The 2 × 2 system is solved directly.
/// </summary>
public sealed class NewtonStepProblem : IProblem
{
    /// <inheritdoc />
    public string Title => "Document 002 · one Newton step: g(x, y) = 2x² + 2y² − xy − 17y·cos(0.2πx) from (0, 0)";

    /// <inheritdoc />
    public void Run(Report report)
    {
        Span<double> gradient = stackalloc double[2];
        Span<double> hessian = stackalloc double[4];
        double g0 = NewtonStepFunctions.GHessian(0, 0, gradient, hessian);

        // Newton step: solve H·d = −∇g (Cramer's rule), then p₁ = p₀ + d.
        double det = hessian[0] * hessian[3] - hessian[1] * hessian[2];
        double dx = (-gradient[0] * hessian[3] + gradient[1] * hessian[1]) / det;
        double dy = (-hessian[0] * gradient[1] + hessian[2] * gradient[0]) / det;
        report.Table("Generated gradient, Hessian and Newton step vs the document (exact values)", "document")
            .Check("∂g/∂x", gradient[0], 0, 1e-12)
            .Check("∂g/∂y", gradient[1], -17, 1e-12)
            .Check("∂²g/∂x²", hessian[0], 4, 1e-12)
            .Check("∂²g/∂x∂y", hessian[1], -1, 1e-12)
            .Check("∂²g/∂y∂x", hessian[2], -1, 1e-12)
            .Check("∂²g/∂y²", hessian[3], 4, 1e-12)
            .Check("x₁", dx, 17.0 / 15, 1e-12, "", "17/15")
            .Check("y₁", dy, 68.0 / 15, 1e-12, "", "68/15")
            .Print();
        report.Text("");
        report.Text($"g(0, 0) = {Report.Format(g0)}  →  g(x₁, y₁) = {Report.Format(NewtonStepFunctions.G(dx, dy))}");

        // Away from the origin, where the sine and cosine terms matter.
        const double x = 1, y = 2;
        double[] fdGradient = FiniteDifferences.Gradient(NewtonStepFunctions.G, x, y, 1e-6);
        NewtonStepFunctions.GHessian(x, y, gradient, hessian);
        double[] fdHessian = FiniteDifferences.HessianOfGradient(NewtonStepFunctions.GGradient, x, y, 1e-5);
        double documentGx = 4 * x + 3.4 * Math.PI * Math.Sin(0.2 * Math.PI * x) - y;
        report.Table(Invariant($"At ({x}, {y}), generated vs central differences (h = 1e-6 on g, 1e-5 on the gradient)"), "finite difference")
            .Check("∂g/∂x", gradient[0], fdGradient[0], 1e-7, Invariant($"the document's formula gives {documentGx:F6}"))
            .Check("∂g/∂y", gradient[1], fdGradient[1], 1e-7)
            .Check("∂²g/∂x²", hessian[0], fdHessian[0], 1e-7)
            .Check("∂²g/∂x∂y", hessian[1], fdHessian[1], 1e-7)
            .Check("∂²g/∂y∂x", hessian[2], fdHessian[2], 1e-7)
            .Check("∂²g/∂y²", hessian[3], fdHessian[3], 1e-7)
            .Print();
        report.Text("");
        report.Text("The document's ∂g/∂x = 4x + 3.4π·sin(0.2πx) − y drops the factor y of the sine term");
        report.Text("(it is 4x + 3.4π·y·sin(0.2πx) − y); at (0, 0) this does not matter. Its Hessian is right.");
    }
}
