using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SymDiff;

/// <summary>One checked derivative: a gradient entry ∂f/∂xᵢ or a Hessian entry ∂²f/∂xᵢ∂xⱼ.</summary>
public sealed class GradientCheckEntry
{
    internal GradientCheckEntry(string name, int row, int column, double analytic, double numeric, double numericErrorEstimate, double scale)
    {
        Name = name;
        Row = row;
        Column = column;
        Analytic = analytic;
        Numeric = numeric;
        NumericErrorEstimate = numericErrorEstimate;
        AbsoluteError = Math.Abs(analytic - numeric);
        RelativeError = Relative(analytic, numeric, scale);
    }

    /// <summary>The entry's name built from the parameter names: <c>∂f/∂x</c>, <c>∂²f/∂x²</c>, <c>∂²f/∂x∂y</c>.</summary>
    public string Name { get; }

    /// <summary>The parameter index i (the gradient entry, or the Hessian row).</summary>
    public int Row { get; }

    /// <summary>The Hessian column j, or −1 for a gradient entry.</summary>
    public int Column { get; }

    /// <summary>True for a Hessian entry, false for a gradient entry.</summary>
    public bool IsHessianEntry => Column >= 0;

    /// <summary>The value the function computed (its gradient or Hessian).</summary>
    public double Analytic { get; }

    /// <summary>The finite-difference estimate (NaN when no finite difference could be formed).</summary>
    public double Numeric { get; }

    /// <summary>Ridders' estimate of the absolute error of <see cref="Numeric"/> (+∞ when unknown). A discrepancy of this size is finite-difference noise, not a bug.</summary>
    public double NumericErrorEstimate { get; }

    /// <summary>|analytic − numeric|.</summary>
    public double AbsoluteError { get; }

    /// <summary>
    /// The relative error |a − n| / max(|a|, |n|, 10⁻³·S), with a the analytic and n the numeric value; 0 when a = n
    /// (both zero included), +∞ when either is NaN or infinite. The scale S is, for a gradient entry, the largest
    /// |numeric| gradient entry, and for the Hessian entry (i, j), √(RᵢRⱼ) with Rᵢ the largest |numeric| entry in
    /// row i of the Hessian (so each entry is measured against its own parameters' scale).
    /// </summary>
    /// <remarks>
    /// The plain |a − n| / max(|a|, |n|) is the natural measure for an entry of normal size, but it is about 1 for an
    /// entry that is zero analytically and 10⁻¹⁴ numerically (rounding noise). The floor 10⁻³·S measures such small
    /// entries against the size of their neighbours instead, and keeps the measure invariant under scaling f (unlike
    /// a floor of 1, which would let a wrong factor of 2 pass in a function of size 10⁻¹⁰). The price: an entry more
    /// than a thousand times smaller than its scale has its error understated by that ratio, and where all
    /// derivatives of a kind vanish (the gradient at a critical point) S itself is noise and the relative errors are
    /// about 1; use <see cref="GradientCheckReport.Passes(double, double)"/> with an absolute tolerance there.
    /// </remarks>
    public double RelativeError { get; }

    /// <summary>
    /// One culture-invariant line: name, analytic and numeric value (15 significant digits) and relative error (two,
    /// as in every report of the runtime), for example
    /// <c>∂f/∂x: analytic 0.064645413765523, numeric 0.0646454137655145, relative error 1.3E-13</c>.
    /// </summary>
    /// <returns>The line.</returns>
    public override string ToString() =>
        Name + ": analytic " + GradientCheckReport.Number(Analytic).TrimStart() + ", numeric " + GradientCheckReport.Number(Numeric).TrimStart()
        + ", relative error " + GradientCheckReport.Error(RelativeError);

    private static double Relative(double analytic, double numeric, double scale)
    {
        if (!double.IsFinite(analytic) || !double.IsFinite(numeric))
        {
            return double.PositiveInfinity;
        }

        if (analytic == numeric)
        {
            return 0;
        }

        double denominator = Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), 1e-3 * scale);
        return Math.Abs(analytic - numeric) / denominator;
    }
}

/// <summary>
/// The result of <see cref="GradientCheck.Check(IDifferentiableFunction, ReadOnlySpan{double}, bool)"/>: every
/// gradient (and Hessian) entry with its analytic and numeric value and relative error, and the worst errors.
/// <see cref="ToString"/> prints an aligned table.
/// </summary>
public sealed class GradientCheckReport
{
    private readonly GradientCheckEntry[] gradientEntries;
    private readonly GradientCheckEntry[] hessianEntries;
    private readonly double[] point;

    internal GradientCheckReport(double[] point, IReadOnlyList<string> parameterNames, double value, GradientCheckEntry[] gradientEntries, GradientCheckEntry[] hessianEntries, bool includesHessian)
    {
        this.point = point;
        this.gradientEntries = gradientEntries;
        this.hessianEntries = hessianEntries;
        Point = Array.AsReadOnly(point);
        ParameterNames = parameterNames;
        Value = value;
        GradientEntries = Array.AsReadOnly(gradientEntries);
        HessianEntries = Array.AsReadOnly(hessianEntries);
        IncludesHessian = includesHessian;
        WorstGradientError = Worst(gradientEntries)?.RelativeError ?? 0;
        WorstHessianError = includesHessian ? Worst(hessianEntries)?.RelativeError ?? 0 : null;
        GradientCheckEntry? worstGradient = Worst(gradientEntries);
        GradientCheckEntry? worstHessian = Worst(hessianEntries);
        WorstEntry = worstHessian is null || (worstGradient is not null && !(worstHessian.RelativeError > worstGradient.RelativeError))
            ? worstGradient
            : worstHessian;
    }

    /// <summary>The point x (a copy).</summary>
    public IReadOnlyList<double> Point { get; }

    /// <summary>The parameter names used in the entry names (x[0], x[1], … when the function does not provide them).</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>f(x), as returned by <see cref="IDifferentiableFunction.Hessian"/> (or by <see cref="IDifferentiableFunction.Gradient"/> when the Hessian is not checked).</summary>
    public double Value { get; }

    /// <summary>The gradient entries ∂f/∂xᵢ, in parameter order.</summary>
    public IReadOnlyList<GradientCheckEntry> GradientEntries { get; }

    /// <summary>The Hessian entries ∂²f/∂xᵢ∂xⱼ in row-major order (all n², both triangles); empty when the Hessian was not checked.</summary>
    public IReadOnlyList<GradientCheckEntry> HessianEntries { get; }

    /// <summary>Whether the Hessian was checked.</summary>
    public bool IncludesHessian { get; }

    /// <summary>The largest <see cref="GradientCheckEntry.RelativeError"/> among the gradient entries (0 for n = 0; +∞ if any entry is not finite).</summary>
    public double WorstGradientError { get; }

    /// <summary>The largest <see cref="GradientCheckEntry.RelativeError"/> among the Hessian entries, or null when the Hessian was not checked.</summary>
    public double? WorstHessianError { get; }

    /// <summary>The entry with the largest relative error (null for n = 0).</summary>
    public GradientCheckEntry? WorstEntry { get; }

    /// <summary>
    /// True when every checked entry has a relative error of at most <paramref name="tolerance"/> (see
    /// <see cref="GradientCheckEntry.RelativeError"/>). Correct derivatives of a smooth function are typically
    /// within 10⁻⁹; wrong ones are off by order 1.
    /// </summary>
    /// <param name="tolerance">The relative tolerance, ≥ 0 (default 10⁻⁶).</param>
    /// <returns>Whether the analytic derivatives agree with the finite differences.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is negative or NaN.</exception>
    public bool Passes(double tolerance = 1e-6)
    {
        if (!(tolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must be non-negative.");
        }

        return Passes(tolerance, 0);
    }

    /// <summary>
    /// True when every checked entry has a relative error of at most <paramref name="relativeTolerance"/> or an
    /// absolute error of at most <paramref name="absoluteTolerance"/> (as in numpy's <c>allclose</c>). The absolute
    /// tolerance is what makes a check at a critical point meaningful, where the gradient is zero and its numeric
    /// estimate rounding noise.
    /// </summary>
    /// <param name="relativeTolerance">The relative tolerance, ≥ 0.</param>
    /// <param name="absoluteTolerance">The absolute tolerance, ≥ 0, in the units of the derivatives.</param>
    /// <returns>Whether the analytic derivatives agree with the finite differences.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative or NaN.</exception>
    public bool Passes(double relativeTolerance, double absoluteTolerance)
    {
        if (!(relativeTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "relativeTolerance must be non-negative.");
        }

        if (!(absoluteTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(absoluteTolerance), absoluteTolerance, "absoluteTolerance must be non-negative.");
        }

        foreach (GradientCheckEntry entry in gradientEntries)
        {
            if (!(entry.RelativeError <= relativeTolerance || entry.AbsoluteError <= absoluteTolerance))
            {
                return false;
            }
        }

        foreach (GradientCheckEntry entry in hessianEntries)
        {
            if (!(entry.RelativeError <= relativeTolerance || entry.AbsoluteError <= absoluteTolerance))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An aligned table of all entries, with a heading naming the point and a closing line with the worst errors:
    /// <code>
    /// gradient check at (x = 1, y = 0), f = 0.661101245661201
    /// entry      analytic             numeric              abs. error  rel. error  FD error est.
    /// ∂f/∂x       0.064645413765523    0.0646454137655145  8.5E-15     1.3E-13     2.0E-14
    /// …
    /// worst relative error: gradient 1.3E-13 (∂f/∂x), Hessian 4.1E-11 (∂²f/∂y²)
    /// </code>
    /// Culture-invariant: the point and f round-trip, the table's values have 15 significant digits, and errors two
    /// in exponent form (1.3E-13, or 0 for an exact match), the style of every report of the runtime. Lines are
    /// separated by '\n' (on every platform), with no newline after the last.
    /// </summary>
    /// <returns>The table.</returns>
    public override string ToString()
    {
        var text = new StringBuilder("gradient check at (");
        for (int i = 0; i < point.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(ParameterNames[i]).Append(" = ").Append(point[i].ToString("R", CultureInfo.InvariantCulture));
        }

        text.Append("), f = ").Append(Value.ToString("R", CultureInfo.InvariantCulture)).Append(ReportText.NewLine);

        var rows = new List<string[]> { new[] { "entry", "analytic", "numeric", "abs. error", "rel. error", "FD error est." } };
        foreach (GradientCheckEntry entry in gradientEntries)
        {
            rows.Add(Row(entry));
        }

        foreach (GradientCheckEntry entry in hessianEntries)
        {
            rows.Add(Row(entry));
        }

        var widths = new int[rows[0].Length];
        foreach (string[] row in rows)
        {
            for (int c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        foreach (string[] row in rows)
        {
            for (int c = 0; c < row.Length; c++)
            {
                text.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            text.Append(ReportText.NewLine);
        }

        text.Append("worst relative error: gradient ").Append(Error(WorstGradientError));
        if (Worst(gradientEntries) is { } worstGradient)
        {
            text.Append(" (").Append(worstGradient.Name).Append(')');
        }

        if (IncludesHessian)
        {
            text.Append(", Hessian ").Append(Error(WorstHessianError ?? 0));
            if (Worst(hessianEntries) is { } worstHessian)
            {
                text.Append(" (").Append(worstHessian.Name).Append(')');
            }
        }
        else
        {
            text.Append("; Hessian not checked");
        }

        return text.ToString();
    }

    /// <summary>A number for the table: 15 significant digits, non-negative numbers with a leading space so signs align.</summary>
    internal static string Number(double value)
    {
        string text = value.ToString("G15", CultureInfo.InvariantCulture);
        return value >= 0 || double.IsNaN(value) ? " " + text : text;
    }

    /// <summary>An error for the table: two significant digits in exponent form (<see cref="ReportText.Error"/>).</summary>
    internal static string Error(double value) => ReportText.Error(value);

    private static string[] Row(GradientCheckEntry entry) => new[]
    {
        entry.Name, Number(entry.Analytic), Number(entry.Numeric), Error(entry.AbsoluteError), Error(entry.RelativeError), Error(entry.NumericErrorEstimate),
    };

    /// <summary>The entry with the largest relative error (the first on a tie), or null if there are none.</summary>
    private static GradientCheckEntry? Worst(GradientCheckEntry[] entries)
    {
        GradientCheckEntry? worst = null;
        foreach (GradientCheckEntry entry in entries)
        {
            if (worst is null || entry.RelativeError > worst.RelativeError)
            {
                worst = entry;
            }
        }

        return worst;
    }
}
