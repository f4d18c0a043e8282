using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace SymDiff;

/// <summary>The second-order classification of a point by the eigenvalues of the Hessian there.</summary>
/// <remarks>
/// With λ₁ ≤ … ≤ λₙ the Hessian's eigenvalues and τ the absolute curvature tolerance (see
/// <see cref="Curvature.Classify(IDifferentiableFunction, ReadOnlySpan{double}, double, double)"/>):
/// a saddle needs λ₁ &lt; −τ and λₙ &gt; τ, a minimum λ₁ &gt; τ, a maximum λₙ &lt; −τ; anything else is degenerate.
/// </remarks>
public enum CriticalPointKind
{
    /// <summary>The gradient is not (numerically) zero: the point is not a critical point.</summary>
    NotCritical,

    /// <summary>A strict local minimum: every Hessian eigenvalue is greater than the tolerance (the Hessian is positive definite).</summary>
    Minimum,

    /// <summary>A strict local maximum: every Hessian eigenvalue is less than minus the tolerance (the Hessian is negative definite).</summary>
    Maximum,

    /// <summary>A saddle point: the Hessian has an eigenvalue less than minus the tolerance and one greater than the tolerance.</summary>
    Saddle,

    /// <summary>
    /// The second-order test is inconclusive: some eigenvalue is within the tolerance of zero and the others all
    /// have one sign (or are zero too), so higher derivatives decide (x⁴ + y² at the origin is a minimum, x³ + y²
    /// a saddle, and both are degenerate here). A zero-dimensional function is degenerate too.
    /// </summary>
    Degenerate,
}

/// <summary>
/// The result of <see cref="Curvature.CheckPositiveSemidefinite(ReadOnlySpan{double}, int, double)"/>: whether a
/// symmetric matrix is positive semidefinite or definite to within a tolerance, its eigenvalues, and, when it is not
/// positive semidefinite, a witness direction of negative curvature.
/// </summary>
/// <remarks>
/// With λ₁ ≤ … ≤ λₙ the eigenvalues, ‖H‖ = max(|λ₁|, |λₙ|) the spectral norm and
/// τ = <see cref="Tolerance"/> = relativeTolerance × max(1, ‖H‖):
/// the matrix is positive semidefinite when λ₁ ≥ −τ and positive definite when λ₁ &gt; τ. (So for ‖H‖ ≤ 1 the
/// tolerance is absolute, equal to relativeTolerance: a matrix such as 10⁻¹²·I is reported as semidefinite but not
/// definite with the default 10⁻¹⁰. Scale such a matrix, or pass a smaller tolerance, to test its definiteness.)
/// </remarks>
public sealed class PositiveSemidefiniteCheck
{
    private readonly double[] eigenvalues;
    private readonly double[]? witness;

    internal PositiveSemidefiniteCheck(double[] eigenvalues, double relativeTolerance, double tolerance, double[]? witness, double witnessCurvature)
    {
        this.eigenvalues = eigenvalues;
        this.witness = witness;
        Eigenvalues = Array.AsReadOnly(eigenvalues);
        Witness = witness is null ? null : Array.AsReadOnly(witness);
        WitnessCurvature = witness is null ? null : witnessCurvature;
        RelativeTolerance = relativeTolerance;
        Tolerance = tolerance;
        SmallestEigenvalue = eigenvalues.Length == 0 ? double.PositiveInfinity : eigenvalues[0];
        LargestEigenvalue = eigenvalues.Length == 0 ? double.NegativeInfinity : eigenvalues[^1];
        Norm = eigenvalues.Length == 0 ? 0 : Math.Max(Math.Abs(SmallestEigenvalue), Math.Abs(LargestEigenvalue));
        IsPositiveSemidefinite = SmallestEigenvalue >= -tolerance;
        IsPositiveDefinite = SmallestEigenvalue > tolerance;
    }

    /// <summary>The order n of the matrix.</summary>
    public int Dimension => eigenvalues.Length;

    /// <summary>True when the smallest eigenvalue is at least −<see cref="Tolerance"/>.</summary>
    public bool IsPositiveSemidefinite { get; }

    /// <summary>True when the smallest eigenvalue is greater than <see cref="Tolerance"/> (numerically nonsingular and positive definite).</summary>
    public bool IsPositiveDefinite { get; }

    /// <summary>The smallest eigenvalue λ₁ (+∞ for a 0 × 0 matrix, which is vacuously positive definite).</summary>
    public double SmallestEigenvalue { get; }

    /// <summary>The largest eigenvalue λₙ (−∞ for a 0 × 0 matrix).</summary>
    public double LargestEigenvalue { get; }

    /// <summary>The spectral norm ‖H‖₂ = max(|λ₁|, |λₙ|) (0 for a 0 × 0 matrix).</summary>
    public double Norm { get; }

    /// <summary>The relative tolerance the check was made with.</summary>
    public double RelativeTolerance { get; }

    /// <summary>The absolute tolerance τ = <see cref="RelativeTolerance"/> × max(1, <see cref="Norm"/>) that the smallest eigenvalue is compared with.</summary>
    public double Tolerance { get; }

    /// <summary>All eigenvalues, in ascending order.</summary>
    public IReadOnlyList<double> Eigenvalues { get; }

    /// <summary>
    /// Null when the matrix is positive semidefinite; otherwise a unit vector v with vᵀHv &lt; 0 (the eigenvector of
    /// the smallest eigenvalue, so vᵀHv = λ₁ &lt; −τ): a direction of negative curvature.
    /// </summary>
    public IReadOnlyList<double>? Witness { get; }

    /// <summary>vᵀHv for the <see cref="Witness"/> v, computed directly from the matrix (null when there is no witness).</summary>
    public double? WitnessCurvature { get; }

    /// <summary>A one-line, culture-invariant summary, for example
    /// <c>not positive semidefinite: smallest eigenvalue -1 &lt; -3.0E-10 (tolerance); witness v = (0.707107, -0.707107) with vᵀHv = -1; eigenvalues (-1, 3)</c>
    /// (eigenvalues and vectors with 6 significant digits; the tolerance, like every small error or tolerance in the
    /// runtime's reports, with two, as 3.0E-10).</summary>
    /// <returns>The summary, one line.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (IsPositiveDefinite)
        {
            text.Append("positive definite: smallest eigenvalue ").Append(CurvatureText.Number(SmallestEigenvalue))
                .Append(" > ").Append(ReportText.Error(Tolerance)).Append(" (tolerance)");
        }
        else if (IsPositiveSemidefinite)
        {
            text.Append("positive semidefinite, singular to within the tolerance: smallest eigenvalue ").Append(CurvatureText.Number(SmallestEigenvalue))
                .Append(" in [-").Append(ReportText.Error(Tolerance)).Append(", ").Append(ReportText.Error(Tolerance)).Append("] (tolerance)");
        }
        else
        {
            text.Append("not positive semidefinite: smallest eigenvalue ").Append(CurvatureText.Number(SmallestEigenvalue))
                .Append(" < -").Append(ReportText.Error(Tolerance)).Append(" (tolerance); witness v = ")
                .Append(CurvatureText.Vector(witness!)).Append(" with vᵀHv = ").Append(CurvatureText.Number(WitnessCurvature!.Value));
        }

        return text.Append("; eigenvalues ").Append(CurvatureText.Vector(eigenvalues)).ToString();
    }
}

/// <summary>
/// The result of <see cref="Curvature.Classify(IDifferentiableFunction, ReadOnlySpan{double}, double, double)"/>: a
/// point, the function's value, gradient and Hessian there, and its classification.
/// </summary>
public sealed class CriticalPoint
{
    private readonly double[] point;
    private readonly double[] eigenvalues;
    private readonly IReadOnlyList<string> parameterNames;

    internal CriticalPoint(
        CriticalPointKind kind,
        double[] point,
        IReadOnlyList<string> parameterNames,
        double value,
        double[] gradient,
        double gradientNorm,
        double gradientTolerance,
        double[] hessian,
        double[] eigenvalues,
        double tolerance)
    {
        this.point = point;
        this.eigenvalues = eigenvalues;
        this.parameterNames = parameterNames;
        Kind = kind;
        Point = Array.AsReadOnly(point);
        ParameterNames = parameterNames;
        Value = value;
        Gradient = Array.AsReadOnly(gradient);
        GradientNorm = gradientNorm;
        GradientTolerance = gradientTolerance;
        Hessian = Array.AsReadOnly(hessian);
        Eigenvalues = Array.AsReadOnly(eigenvalues);
        Tolerance = tolerance;
    }

    /// <summary>The classification: <see cref="CriticalPointKind.NotCritical"/> when ‖∇f‖∞ &gt; <see cref="GradientTolerance"/>, otherwise by the Hessian's eigenvalues.</summary>
    public CriticalPointKind Kind { get; }

    /// <summary>The point x (a copy).</summary>
    public IReadOnlyList<double> Point { get; }

    /// <summary>The function's parameter names (or x[0], x[1], … when it does not provide them as expected).</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>f(x), as returned by <see cref="IDifferentiableFunction.Hessian"/>.</summary>
    public double Value { get; }

    /// <summary>∇f(x).</summary>
    public IReadOnlyList<double> Gradient { get; }

    /// <summary>
    /// The infinity norm ‖∇f(x)‖∞ = max |∂f/∂xᵢ|, the norm of <see cref="OptimizationResult.GradientNorm"/> and
    /// <see cref="OptimizationOptions.GradientTolerance"/>.
    /// </summary>
    public double GradientNorm { get; }

    /// <summary>The absolute tolerance on <see cref="GradientNorm"/> (the infinity norm) the point was classified with.</summary>
    public double GradientTolerance { get; }

    /// <summary>The Hessian ∇²f(x), row-major n × n.</summary>
    public IReadOnlyList<double> Hessian { get; }

    /// <summary>The Hessian's eigenvalues in ascending order (computed whether or not the point is critical).</summary>
    public IReadOnlyList<double> Eigenvalues { get; }

    /// <summary>The absolute curvature tolerance τ = relativeTolerance × max(1, ‖∇²f(x)‖₂): eigenvalues in [−τ, τ] count as zero.</summary>
    public double Tolerance { get; }

    /// <summary>A one-line, culture-invariant summary, for example
    /// <c>saddle point at (x1 = -0.354356, x2 = -0.265767): f = 0.0732243, ‖∇f‖∞ = 0, Hessian eigenvalues (-2.40326, 5.40553)</c>,
    /// or, for a point that is not critical, <c>…, ‖∇f‖∞ = 1.9E+1 &gt; 1.0E-8, …</c> (coordinates, values and eigenvalues
    /// with 6 significant digits; the gradient norm and its tolerance, like every small error or tolerance in the
    /// runtime's reports, with two, as 8.9E-16, or 0).</summary>
    /// <returns>The summary, one line.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Kind switch
        {
            CriticalPointKind.Minimum => "local minimum",
            CriticalPointKind.Maximum => "local maximum",
            CriticalPointKind.Saddle => "saddle point",
            CriticalPointKind.Degenerate => "degenerate critical point",
            _ => "not a critical point",
        });
        text.Append(" at (");
        for (int i = 0; i < point.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(parameterNames[i]).Append(" = ").Append(CurvatureText.Number(point[i]));
        }

        text.Append("): f = ").Append(CurvatureText.Number(Value)).Append(", ‖∇f‖∞ = ").Append(ReportText.Error(GradientNorm));
        if (Kind == CriticalPointKind.NotCritical)
        {
            text.Append(" > ").Append(ReportText.Error(GradientTolerance));
        }

        return text.Append(", Hessian eigenvalues ").Append(CurvatureText.Vector(eigenvalues)).ToString();
    }
}

/// <summary>Culture-invariant formatting of the values in the curvature results (errors and tolerances: <see cref="ReportText"/>).</summary>
internal static class CurvatureText
{
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Vector(ReadOnlySpan<double> values)
    {
        var text = new StringBuilder("(");
        for (int i = 0; i < values.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(Number(values[i]));
        }

        return text.Append(')').ToString();
    }
}
