using System;
using System.Linq;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// Document 000, problems 2.c and 2.d: gradient descent with the optimal step of the second-order model,
/// α = gᵀg / gᵀHg, against Newton's update x − H⁻¹g, on the function of document 002 §2.1
/// (<see cref="CriticalPointFunctions.F"/>) from the same start. Shows both paths and the first α against its
/// closed form.
/// </summary>
public sealed class GradientDescentProblem : IProblem
{
    /// <inheritdoc />
    public string Title => "Document 000 §2.c–2.d · gradient descent with α = gᵀg / gᵀHg vs Newton's method";

    /// <inheritdoc />
    public void Run(Report report)
    {
        var f = CriticalPointFunctions.FFunction;
        double[] start = { 1, 1 };
        report.Text("f = 3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂² (document 002 §2.1), from (1, 1). There by hand:");
        report.Text("g = (6x₁ − 3x₂ + 12x₁² + 4x₁³, 4x₂ − 3x₁) = (19, 1), H = [[6 + 24x₁ + 12x₁², −3], [−3, 4]] = [[42, −3], [−3, 4]],");
        report.Text("so gᵀg = 362, gᵀHg = 42·361 − 2·3·19 + 4 = 15052 and α = 362/15052 = 181/7526.");

        var gradient = new double[2];
        var hessian = new double[4];
        f.Hessian(start, gradient, hessian);
        double alpha = GradientDescent.OptimalStepSize(gradient, hessian);
        var descent = GradientDescent.Minimize(f, start);
        var newton = Newton.Minimize(f, start);
        const double exactAlpha = 181.0 / 7526;

        report.Table("The first gradient-descent step vs the closed form", "closed form")
            .Check("gᵀg", gradient.Sum(g => g * g), 362, 0)
            .Check("gᵀHg", QuadraticForm(gradient, hessian), 15052, 0)
            .Check("α = OptimalStepSize(g, H)", alpha, exactAlpha, 1e-16, "", "181/7526")
            .Check("x₁ after one step", descent.Iterates[1][0], 1 - 19 * exactAlpha, 1e-15, "1 − 19α: the runtime accepted the full α")
            .Check("x₂ after one step", descent.Iterates[1][1], 1 - exactAlpha, 1e-15, "1 − α")
            .Print();

        report.Iterates("Gradient descent (GradientDescent.Minimize): first and last iterates", f, descent, head: 6, tail: 3);
        report.Iterates("Newton's method (Newton.Minimize): every iterate", f, newton);

        // Near the minimum f is nearly quadratic with Hessian [[6, −3], [−3, 4]], eigenvalues 5 ± √10: steepest descent
        // with exact steps reduces f − f* by at most ((κ − 1)/(κ + 1))² = (√10/5)² = 2/5 per step (Kantorovich).
        double kappa = (5 + Math.Sqrt(10)) / (5 - Math.Sqrt(10));
        double bound = Math.Pow((kappa - 1) / (kappa + 1), 2);
        int k = descent.Values.Count - 4;
        double rate = descent.Values[k + 1] / descent.Values[k];
        report.Table("Both runs", "expected")
            .Verify("gradient descent", descent.Converged, descent.Status.ToString(), "converged")
            .Verify("Newton", newton.Converged, newton.Status.ToString(), "converged")
            .Check("gradient descent: x₁", descent.Solution[0], 0, 1e-9, "the minimum (0, 0) of §2.1")
            .Check("gradient descent: x₂", descent.Solution[1], 0, 1e-9)
            .Check("Newton: x₁", newton.Solution[0], 0, 1e-12)
            .Check("Newton: x₂", newton.Solution[1], 0, 1e-12)
            .Verify("iterations", newton.Iterations < descent.Iterations,
                Invariant($"Newton {newton.Iterations}, descent {descent.Iterations}"), "Newton fewer")
            .Verify(Invariant($"descent: f ratio at step {k + 1}"), rate <= bound, Report.Short(rate),
                "≤ 2/5", Invariant($"Kantorovich bound ((κ − 1)/(κ + 1))², κ = {kappa:F4}"))
            .Print();
        report.Text("");
        report.Text("Gradient descent converges linearly (f − f* shrinks by a roughly constant factor per step, within the");
        report.Text("bound set by the condition number κ of the Hessian); Newton's method converges quadratically.");
        report.DocumentError(
            "2.d writes Newton's update as x − g(x)/H(x), a division by a matrix; the update is x − H⁻¹g,",
            "computed by solving H·p = −g (Newton.Step), never by forming H⁻¹.");
        report.DocumentError(
            "2.c's model has a stray δ (−αgᵀg + α²/2·δgᵀHg); with δx = −αg it is f − αgᵀg + ½α²gᵀHg, minimized at",
            "α = gᵀg / gᵀHg as it concludes. 2.a: the second-order model drops terms of degree 3 and higher, not \"after degree 3\".");
    }

    private static double QuadraticForm(double[] v, double[] m) =>
        v[0] * (m[0] * v[0] + m[1] * v[1]) + v[1] * (m[2] * v[0] + m[3] * v[1]);
}
