using System;
using System.Linq;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>The function of document 002's Newton-step exercise; the generator adds <c>GGradient</c>, <c>GHessian</c> and <c>GFunction</c>.</summary>
public static partial class NewtonStepFunctions
{
    /// <summary>g(x, y) = 2x² + 2y² − xy − 17y·cos(0.2πx).</summary>
    [Differentiable]
    public static double G(double x, double y) => 2 * x * x + 2 * y * y - x * y - 17 * y * Math.Cos(0.2 * Math.PI * x);
}

/// <summary>
/// Document 002, one Newton step for g(x, y) = 2x² + 2y² − xy − 17y·cos(0.2πx) from (0, 0): gradient (0, −17),
/// Hessian [[4, −1], [−1, 4]], next point (17/15, 68/15), by <see cref="Newton.Step(IDifferentiableFunction, System.ReadOnlySpan{double})"/>
/// on the generated <c>GFunction</c>; then the full damped Newton run from there, and the curvature of its limit.
/// </summary>
public sealed class NewtonStepProblem : IProblem
{
    /// <inheritdoc />
    public string Title => "Document 002 §2.2.1 · Newton's method on g(x, y) = 2x² + 2y² − xy − 17y·cos(0.2πx) from (0, 0)";

    /// <inheritdoc />
    public void Run(Report report)
    {
        Span<double> gradient = stackalloc double[2];
        Span<double> hessian = stackalloc double[4];
        double g0 = NewtonStepFunctions.GHessian(0, 0, gradient, hessian);

        // The Newton step p solves H·p = −∇g (the runtime factorizes H; the document inverts it); p₁ = p₀ + p.
        double[] start = { 0, 0 };
        double[] step = Newton.Step(NewtonStepFunctions.GFunction, start);
        double x1 = start[0] + step[0], y1 = start[1] + step[1];
        report.Text("p₁ = p₀ + Newton.Step(NewtonStepFunctions.GFunction, p₀) with p₀ = (0, 0).");
        report.Table("Generated gradient, Hessian and Newton step vs the document (exact values)", "document")
            .Check("∂g/∂x", gradient[0], 0, 1e-12)
            .Check("∂g/∂y", gradient[1], -17, 1e-12)
            .Check("∂²g/∂x²", hessian[0], 4, 1e-12)
            .Check("∂²g/∂x∂y", hessian[1], -1, 1e-12)
            .Check("∂²g/∂y∂x", hessian[2], -1, 1e-12)
            .Check("∂²g/∂y²", hessian[3], 4, 1e-12)
            .Check("x₁", x1, 17.0 / 15, 1e-12, "", "17/15")
            .Check("y₁", y1, 68.0 / 15, 1e-12, "", "68/15")
            .Print();
        report.Text("");
        report.Text($"g(0, 0) = {Report.Format(g0)}  →  g(x₁, y₁) = {Report.Format(NewtonStepFunctions.G(x1, y1))}");

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
        report.DocumentError(
            "its ∂g/∂x = 4x + 3.4π·sin(0.2πx) − y drops the factor y of the sine term: it is",
            "4x + 3.4π·y·sin(0.2πx) − y. At (0, 0) this does not matter, and its Hessian is right.");

        FullRun(report, x1, y1);
    }

    /// <summary>Damped Newton from the document's p₁ to convergence, then the curvature of the limit.</summary>
    private static void FullRun(Report report, double x1, double y1)
    {
        var g = NewtonStepFunctions.GFunction;
        var result = Newton.Minimize(g, new[] { x1, y1 });
        report.Iterates("Newton.Minimize from (17/15, 68/15): the iterates", g, result);

        var point = Curvature.Classify(g, result.Solution);
        double[] fd = FiniteDifferences.Gradient(NewtonStepFunctions.G, result.Solution[0], result.Solution[1], 1e-6);
        bool decreasing = result.Values.Zip(result.Values.Skip(1)).All(pair => pair.Second <= pair.First);
        report.Table("The limit of the run", "expected")
            .Verify("status", result.Converged, result.Status.ToString(), "converged", result.Message)
            .Check("‖∇g‖∞ (generated)", result.GradientNorm, 0, 1e-10)
            .Check("∂g/∂x (central differences)", fd[0], 0, 1e-7, "h = 1e-6: independent of the generated gradient")
            .Check("∂g/∂y (central differences)", fd[1], 0, 1e-7)
            .Verify("g decreases at every step", decreasing, decreasing ? "yes" : "no", "yes")
            .Verify("classification", point.Kind == CriticalPointKind.Minimum, point.Kind.ToString(), "Minimum",
                "Hessian eigenvalues " + string.Join(", ", point.Eigenvalues.Select(Report.Short)))
            .Print();
        report.Text("");
        report.Text("Minimum at " + OptimizationTables.Point(g, result.Solution) + Invariant($", g = {Report.Format(result.Value)}."));
        report.Text("The document stops after one step; from p₁ Newton's method converges quadratically (the");
        report.Text("gradient norm roughly squares at each step) to this local minimum.");
    }
}
