using System;
using System.Collections.Generic;
using System.Globalization;

namespace SymDiff;

/// <summary>
/// Checks the gradient and Hessian of an <see cref="IDifferentiableFunction"/> against high-accuracy finite
/// differences, the way one checks hand-derived backpropagation formulas: every entry, analytic next to numeric,
/// with its relative error.
/// </summary>
/// <remarks>
/// <para>
/// Method: Ridders' extrapolation of central differences (Ridders 1982; Numerical Recipes' <c>dfridr</c>). For each
/// parameter i, central differences (φ(x + h·eᵢ) − φ(x − h·eᵢ)) / 2h are taken for h = h₀, h₀/1.4, h₀/1.4², … (up to 10
/// steps) and extrapolated to h → 0 by a Neville tableau in h², which also yields an error estimate; the estimate
/// with the smallest error estimate is kept, and the extrapolation stops when that estimate starts to grow (rounding
/// takes over). This is done from three starting steps h₀ = 0.1·sᵢ, 0.01·sᵢ and 0.001·sᵢ, with the step scaled to
/// the parameter, sᵢ = max(|xᵢ|, 1), and per entry the result with the smallest error estimate wins. A start whose
/// central difference is not finite (a step outside the function's domain, such as log near 0) is retried with a
/// ten times smaller step. The gradient is checked by differencing <see cref="IDifferentiableFunction.Value"/>, and
/// column j of the Hessian by differencing <see cref="IDifferentiableFunction.Gradient"/> along eⱼ, so the Hessian is
/// checked against the function's own gradient (check the gradient first), entry by entry: both triangles, so an
/// asymmetric Hessian is caught too.
/// </para>
/// <para>
/// Expected accuracy: for a smooth function (analytic near x on the scale of the steps) the numeric derivatives have
/// relative errors of 10⁻¹⁰ or better, typically 10⁻¹³ to 10⁻¹⁵ (on the course's seed functions the worst gradient
/// and Hessian errors are all below 10⁻¹²), so a correct analytic derivative shows relative errors of that size and a
/// wrong one errors of order 1. The default tolerance of <see cref="GradientCheckReport.Passes(double)"/>, 10⁻⁶,
/// leaves a wide margin on both sides. The numbers are
/// less trustworthy, and a report of a large error should be read with <see cref="GradientCheckEntry.NumericErrorEstimate"/>,
/// when the function has a kink, a branch or a singularity within about 0.1·sᵢ of x, when it varies on a scale much
/// shorter than sᵢ (sin(x) at x = 10⁶), or at a point where all derivatives of a kind vanish (see
/// <see cref="GradientCheckEntry.RelativeError"/>).
/// </para>
/// <para>Cost: about 2 × 3 × 10 evaluations of f per parameter for the gradient, and as many gradient evaluations per
/// parameter for the Hessian (fewer when the extrapolation converges early): meant for tests, not inner loops.</para>
/// </remarks>
public static class GradientCheck
{
    private const double Shrink = 1.4;
    private const double Shrink2 = Shrink * Shrink;
    private const double Safe = 2.0;
    private const int Levels = 10;
    private const int DomainRetries = 12;
    private static readonly double[] StartingSteps = { 0.1, 0.01, 0.001 };

    /// <summary>
    /// Compares f's analytic gradient (and Hessian) at x with Ridders-extrapolated central differences, entry by
    /// entry.
    /// </summary>
    /// <param name="f">The function, for example a generated <c>Model.FFunction</c> or a hand-written implementation.</param>
    /// <param name="x">The point; finite, of length <see cref="IDifferentiableFunction.Dimension"/>. Choose a generic point:
    /// not a critical point, and away from kinks and branch switches.</param>
    /// <param name="includeHessian">Whether to check the Hessian too (default true).</param>
    /// <returns>The report: every entry's analytic and numeric value and relative error, and the worst errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="x"/> does not have f's dimension or is not finite, or f(x) is not finite.
    /// </exception>
    public static GradientCheckReport Check(IDifferentiableFunction f, ReadOnlySpan<double> x, bool includeHessian = true)
    {
        ArgumentNullException.ThrowIfNull(f);
        int n = f.Dimension;
        if (x.Length != n)
        {
            throw new ArgumentException(Invariant($"x must have f.Dimension = {n} elements, but its length is {x.Length}."), nameof(x));
        }

        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new ArgumentException(Invariant($"x must be finite, but x[{i}] is {x[i]}."), nameof(x));
            }
        }

        IReadOnlyList<string> names = Curvature.NamesOf(f, n);
        double[] point = x.ToArray();
        var analyticGradient = new double[n];
        double[] analyticHessian = includeHessian ? new double[n * n] : Array.Empty<double>();
        double value = includeHessian ? f.Hessian(point, analyticGradient, analyticHessian) : f.Gradient(point, analyticGradient);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException(Invariant($"f(x) is {value}: derivatives can only be checked where f is finite."), nameof(x));
        }

        var probe = new Probe(f, point);

        // Gradient: ∂f/∂xᵢ by differencing the value along eᵢ.
        var numericGradient = new double[n];
        var gradientUncertainty = new double[n];
        for (int i = 0; i < n; i++)
        {
            Estimate(probe, i, hessian: false, numericGradient.AsSpan(i, 1), gradientUncertainty.AsSpan(i, 1));
        }

        // Hessian: column j, ∂gᵢ/∂xⱼ for all i, by differencing the gradient along eⱼ.
        double[] numericHessian = includeHessian ? new double[n * n] : Array.Empty<double>();
        double[] hessianUncertainty = includeHessian ? new double[n * n] : Array.Empty<double>();
        if (includeHessian)
        {
            var column = new double[n];
            var columnUncertainty = new double[n];
            for (int j = 0; j < n; j++)
            {
                Estimate(probe, j, hessian: true, column, columnUncertainty);
                for (int i = 0; i < n; i++)
                {
                    numericHessian[i * n + j] = column[i];
                    hessianUncertainty[i * n + j] = columnUncertainty[i];
                }
            }
        }

        var gradientEntries = new GradientCheckEntry[n];
        double gradientScale = ScaleOf(numericGradient);
        for (int i = 0; i < n; i++)
        {
            gradientEntries[i] = new GradientCheckEntry(
                "∂f/∂" + names[i], i, -1, analyticGradient[i], numericGradient[i], gradientUncertainty[i], gradientScale);
        }

        var hessianEntries = new GradientCheckEntry[includeHessian ? n * n : 0];
        if (includeHessian)
        {
            // Rᵢ: the largest |numeric| entry of row i; entry (i, j) is floored by √(RᵢRⱼ), its parameters' own scale.
            var rowScale = new double[n];
            for (int i = 0; i < n; i++)
            {
                rowScale[i] = ScaleOf(numericHessian.AsSpan(i * n, n));
            }

            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    string name = i == j ? "∂²f/∂" + names[i] + "²" : "∂²f/∂" + names[i] + "∂" + names[j];
                    double scale = Math.Sqrt(rowScale[i]) * Math.Sqrt(rowScale[j]);
                    hessianEntries[i * n + j] = new GradientCheckEntry(
                        name, i, j, analyticHessian[i * n + j], numericHessian[i * n + j], hessianUncertainty[i * n + j], scale);
                }
            }
        }

        return new GradientCheckReport(point, names, value, gradientEntries, hessianEntries, includeHessian);
    }

    /// <summary>The largest finite |value|: the scale that relative errors are floored by.</summary>
    private static double ScaleOf(ReadOnlySpan<double> numeric)
    {
        double scale = 0;
        foreach (double v in numeric)
        {
            if (double.IsFinite(v))
            {
                scale = Math.Max(scale, Math.Abs(v));
            }
        }

        return scale;
    }

    /// <summary>
    /// The derivative along e_index of the value (one output) or of the gradient (n outputs), the best of Ridders
    /// runs from each starting step.
    /// </summary>
    private static void Estimate(Probe probe, int index, bool hessian, Span<double> best, Span<double> bestError)
    {
        int m = best.Length;
        best.Fill(double.NaN);
        bestError.Fill(double.PositiveInfinity);
        var estimate = new double[m];
        var error = new double[m];
        double scale = Math.Max(Math.Abs(probe.X[index]), 1.0);
        foreach (double relativeStep in StartingSteps)
        {
            Ridders(probe, index, hessian, relativeStep * scale, estimate, error);
            for (int k = 0; k < m; k++)
            {
                // Prefer a smaller error estimate; a finite estimate beats a NaN one whatever its error.
                bool better = double.IsNaN(best[k]) ? !double.IsNaN(estimate[k]) : (!double.IsNaN(estimate[k]) && error[k] < bestError[k]);
                if (better)
                {
                    best[k] = estimate[k];
                    bestError[k] = error[k];
                }
            }
        }
    }

    /// <summary>One Ridders extrapolation from step <paramref name="h"/>, per output component.</summary>
    private static void Ridders(Probe probe, int index, bool hessian, double h, double[] best, double[] bestError)
    {
        int m = best.Length;
        Array.Fill(best, double.NaN);
        Array.Fill(bestError, double.PositiveInfinity);
        var difference = new double[m];

        // A first step at which the central difference is finite (shrinking out of a nearby singularity).
        int retries = 0;
        while (!probe.CentralDifference(index, h, hessian, difference))
        {
            if (++retries > DomainRetries)
            {
                return;
            }

            h /= 10;
        }

        // previous[k * Levels + j]: row i − 1 of component k's tableau; current: row i.
        var previous = new double[m * Levels];
        var current = new double[m * Levels];
        var active = new bool[m];
        int remaining = m;
        for (int k = 0; k < m; k++)
        {
            previous[k * Levels] = difference[k];
            best[k] = difference[k];
            active[k] = true;
        }

        for (int i = 1; i < Levels && remaining > 0; i++)
        {
            h /= Shrink;
            if (!probe.CentralDifference(index, h, hessian, difference))
            {
                break;
            }

            for (int k = 0; k < m; k++)
            {
                if (!active[k])
                {
                    continue;
                }

                int row = k * Levels;
                current[row] = difference[k];
                double factor = Shrink2;
                for (int j = 1; j <= i; j++)
                {
                    current[row + j] = (current[row + j - 1] * factor - previous[row + j - 1]) / (factor - 1);
                    factor *= Shrink2;
                    double errorEstimate = Math.Max(
                        Math.Abs(current[row + j] - current[row + j - 1]),
                        Math.Abs(current[row + j] - previous[row + j - 1]));
                    if (errorEstimate <= bestError[k])
                    {
                        bestError[k] = errorEstimate;
                        best[k] = current[row + j];
                    }
                }

                // The highest-order estimate got worse by a significant factor: rounding dominates from here on.
                if (Math.Abs(current[row + i] - previous[row + i - 1]) >= Safe * bestError[k])
                {
                    active[k] = false;
                    remaining--;
                }
            }

            (previous, current) = (current, previous);
        }
    }

    /// <summary>Evaluates central differences of f's value or gradient along a coordinate.</summary>
    private sealed class Probe
    {
        private readonly IDifferentiableFunction f;
        private readonly double[] shifted;
        private readonly double[] gradientPlus;
        private readonly double[] gradientMinus;

        public Probe(IDifferentiableFunction f, double[] x)
        {
            this.f = f;
            X = x;
            shifted = (double[])x.Clone();
            gradientPlus = new double[x.Length];
            gradientMinus = new double[x.Length];
        }

        public double[] X { get; }

        /// <summary>Writes the central difference(s) at step h; false if any is not finite.</summary>
        public bool CentralDifference(int index, double h, bool hessian, double[] output)
        {
            double center = X[index];
            double up = center + h;
            double down = center - h;
            double width = up - down; // the step actually taken, exactly representable
            if (!(width > 0))
            {
                return false;
            }

            bool finite = true;
            shifted[index] = up;
            if (hessian)
            {
                f.Gradient(shifted, gradientPlus);
                shifted[index] = down;
                f.Gradient(shifted, gradientMinus);
                for (int k = 0; k < output.Length; k++)
                {
                    output[k] = (gradientPlus[k] - gradientMinus[k]) / width;
                    finite &= double.IsFinite(output[k]);
                }
            }
            else
            {
                double plus = f.Value(shifted);
                shifted[index] = down;
                double minus = f.Value(shifted);
                output[0] = (plus - minus) / width;
                finite = double.IsFinite(output[0]);
            }

            shifted[index] = center;
            return finite;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
