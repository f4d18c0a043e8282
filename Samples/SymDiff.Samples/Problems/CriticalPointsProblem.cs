using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>The function of document 002, §2.1; the generator adds <c>FGradient</c>, <c>FHessian</c> and <c>FFunction</c>.</summary>
public static partial class CriticalPointFunctions
{
    /// <summary>f(x₁, x₂) = 3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂².</summary>
    [Differentiable]
    public static double F(double x1, double x2) =>
        3 * x1 * x1 - 3 * x1 * x2 + 4 * x1 * x1 * x1 + x1 * x1 * x1 * x1 + 2 * x2 * x2;
}

/// <summary>
/// Document 002, §2.1: the critical points of f = 3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂², found by
/// <see cref="Newton.FindCriticalPoint(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/> (pure Newton
/// steps, which also converge to saddle points) from a grid of starts, deduplicated, and classified by the
/// eigenvalues of the generated Hessian; checked against the closed forms.
/// </summary>
public sealed class CriticalPointsProblem : IProblem
{
    private static readonly double Root21 = Math.Sqrt(21);

    /// <inheritdoc />
    public string Title => "Document 002 §2.1 · critical points of f = 3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂²";

    /// <inheritdoc />
    public void Run(Report report)
    {
        var f = CriticalPointFunctions.FFunction;
        report.Text("∇f = 0 gives x₂ = 3x₁/4 and x₁(4x₁² + 12x₁ + 15/4) = 0, so x₁ ∈ {0, (−6 ± √21)/4}.");
        report.Text("With a = ∂²f/∂x₁² = 6 + 24x₁ + 12x₁², the Hessian is [[a, −3], [−3, 4]], with eigenvalues");
        report.Text("(a + 4)/2 ± √(((a − 4)/2)² + 9); at the roots a = 6, 51/4 − 3√21 and 51/4 + 3√21.");

        // The default options: FindCriticalPoint ends with a polishing Newton step, so every run is exact to rounding.
        var options = NewtonOptions.Default;
        var found = new List<CriticalPoint>();
        var listing = report.Listing("Newton.FindCriticalPoint from a grid of starts", "start", "status", "steps", "x1", "x2");
        foreach (double s1 in new[] { -3.0, -2, -1, 0, 1 })
        {
            foreach (double s2 in new[] { -2.0, 0, 2 })
            {
                var result = Newton.FindCriticalPoint(f, new[] { s1, s2 }, options);
                listing.Row(Invariant($"({s1}, {s2})"), result.Status.ToString(), result.Iterations.ToString(CultureInfo.InvariantCulture),
                    Report.Short(result.Solution[0]), Report.Short(result.Solution[1]));
                if (result.Converged && !found.Any(p => Distance(p.Point, result.Solution) < 1e-6))
                {
                    found.Add(Curvature.Classify(f, result.Solution));
                }
            }
        }

        listing.Print();
        found.Sort((p, q) => q.Point[0].CompareTo(p.Point[0]));
        report.Text("");
        report.Text(Invariant($"{found.Count} distinct critical points (starts that reach the same point within 1e-6 are merged):"));
        foreach (var point in found)
        {
            report.Text("  " + point);
        }

        CheckPoint(report, found, "P₁ = (0, 0)", 0, CriticalPointKind.Minimum, "1.838", "8.162");
        CheckPoint(report, found, "P₂ = (−3/2 + √21/4, −9/8 + 3√21/16)", (-6 + Root21) / 4, CriticalPointKind.Saddle, "-2.403", "5.406");
        CheckPoint(report, found, "P₃ = (−3/2 − √21/4, −9/8 − 3√21/16)", (-6 - Root21) / 4, CriticalPointKind.Minimum, "3.607", "26.891");

        double typo = 3.0 / 16 * (-Root21 - 6);
        Span<double> gradient = stackalloc double[2];
        CriticalPointFunctions.FGradient(typo, typo, gradient);
        report.Text("");
        report.DocumentError(
            "it calls all three points \"saddle points\"; they are critical (stationary) points, and only P₂",
            "is a saddle (its own second-derivative test then says so).");
        report.DocumentError(
            "its list gives the third point as (3/16(−√21 − 6), 3/16(−√21 − 6)); its x₁ is 1/4(−√21 − 6) ≈ " + Report.Short((-6 - Root21) / 4) + ".",
            Invariant($"At the point as printed, ∇f = ({Report.Short(gradient[0])}, {Report.Short(gradient[1])}) ≠ 0. The classification line has it right."));
        report.DocumentError("it calls ∇f = 0 a linear system; it is nonlinear (cubic in x₁), which is why Newton needs several starts.");
    }

    /// <summary>Checks one expected critical point: found, at its closed form, with the expected eigenvalues and kind.</summary>
    private static void CheckPoint(Report report, List<CriticalPoint> found, string name, double x1, CriticalPointKind kind, string lambda1, string lambda2)
    {
        double x2 = 0.75 * x1;
        double a = 6 + 24 * x1 + 12 * x1 * x1;
        double mean = (a + 4) / 2, radius = Math.Sqrt((a - 4) / 2 * ((a - 4) / 2) + 9);
        var point = found.FirstOrDefault(p => Distance(p.Point, new[] { x1, x2 }) < 1e-9);
        var table = report.Table(name + ": closed form and the stated eigenvalues (3 decimals)", "expected");
        table.Verify("found from the grid", point is not null, point is null ? "no" : "yes", "yes");
        if (point is null)
        {
            table.Print();
            return;
        }

        double determinant = point.Hessian[0] * point.Hessian[3] - point.Hessian[1] * point.Hessian[2];
        table.Check("x₁", point.Point[0], x1, 1e-12)
            .Check("x₂", point.Point[1], x2, 1e-12, "x₂ = 3x₁/4")
            .Check("λ₁", point.Eigenvalues[0], mean - radius, 1e-11, "closed form")
            .Check("λ₂", point.Eigenvalues[1], mean + radius, 1e-11, "closed form")
            .CheckDocument("λ₁", point.Eigenvalues[0], lambda1)
            .CheckDocument("λ₂", point.Eigenvalues[1], lambda2)
            .Verify("D = f₁₁f₂₂ − f₁₂²", Math.Sign(determinant) == (kind == CriticalPointKind.Saddle ? -1 : 1),
                Report.Short(determinant), kind == CriticalPointKind.Saddle ? "< 0" : "> 0", "the document's test")
            .Verify("kind", point.Kind == kind, point.Kind.ToString(), kind.ToString())
            .Print();
    }

    private static double Distance(IReadOnlyList<double> p, IReadOnlyList<double> q) =>
        Math.Max(Math.Abs(p[0] - q[0]), Math.Abs(p[1] - q[1]));
}
