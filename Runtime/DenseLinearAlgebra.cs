using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymDiff;

/// <summary>
/// Small dense linear algebra on row-major n × n matrices held in spans: Cholesky, modified Cholesky (a multiple of
/// the identity added until the matrix factors), LU with partial pivoting, and the triangular solves. Nothing
/// allocates; nothing throws on numerical trouble (a factorization reports failure by returning false). Callers
/// check the lengths.
/// </summary>
internal static class DenseLinearAlgebra
{
    /// <summary>The unit roundoff of <see cref="double"/>, 2⁻⁵² (machine epsilon, not <see cref="double.Epsilon"/>).</summary>
    internal const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Nocedal and Wright's β = 10⁻³·‖A‖_F: the smallest shift tried after τ = 0 fails.</summary>
    internal const double ShiftFraction = 1e-3;

    /// <summary>The largest number of factorizations tried by <see cref="TryModifiedCholesky"/>.</summary>
    internal const int MaxShiftAttempts = 128;

    /// <summary>
    /// Factors the symmetric matrix <paramref name="a"/> = L·Lᵀ in place, reading only its lower triangle and
    /// writing L there (the strict upper triangle is left as it was). Fails, returning false, when a pivot dⱼ (the
    /// square of Lⱼⱼ) is not greater than n·ε times the diagonal entry it came from (then A is not positive definite
    /// to working precision: the criterion is unchanged by a diagonal scaling DAD), or is NaN.
    /// </summary>
    internal static bool TryCholesky(Span<double> a, int n)
    {
        double relative = n * MachineEpsilon;
        for (int j = 0; j < n; j++)
        {
            int rowJ = j * n;
            double diagonal = a[rowJ + j];
            double d = diagonal;
            for (int k = 0; k < j; k++)
            {
                d -= a[rowJ + k] * a[rowJ + k];
            }

            if (!(d > relative * diagonal) || !(d > 0) || double.IsInfinity(d))
            {
                return false;
            }

            double ljj = Math.Sqrt(d);
            a[rowJ + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                int rowI = i * n;
                double s = a[rowI + j];
                for (int k = 0; k < j; k++)
                {
                    s -= a[rowI + k] * a[rowJ + k];
                }

                a[rowI + j] = s / ljj;
            }
        }

        return true;
    }

    /// <summary>Solves L·Lᵀ·x = b in place (b becomes x), with L from <see cref="TryCholesky"/>.</summary>
    internal static void CholeskySolve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            int row = i * n;
            for (int k = 0; k < i; k++)
            {
                s -= l[row + k] * b[k];
            }

            b[i] = s / l[row + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++)
            {
                s -= l[(k * n) + i] * b[k];
            }

            b[i] = s / l[(i * n) + i];
        }
    }

    /// <summary>
    /// Cholesky with added multiple of the identity (Nocedal and Wright, Numerical Optimization, 2nd ed., Algorithm
    /// 3.3): factors A + τI = L·Lᵀ into <paramref name="l"/> for the smallest τ of the sequence
    /// τ₀ = 0 if min aᵢᵢ &gt; 0, else β − min aᵢᵢ; τₖ₊₁ = max(2τₖ, β), with β = 10⁻³·‖A‖_F (β = 1 for the zero
    /// matrix, which has no scale). A positive definite A therefore gets τ = 0 and its exact Newton step.
    /// Reads the lower triangle of <paramref name="a"/>, which must be finite; returns false only if no τ worked
    /// within <see cref="MaxShiftAttempts"/> factorizations (which needs a pathological matrix).
    /// </summary>
    internal static bool TryModifiedCholesky(ReadOnlySpan<double> a, int n, Span<double> l, out double tau)
    {
        double minDiagonal = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            minDiagonal = Math.Min(minDiagonal, a[(i * n) + i]);
        }

        double beta = ShiftFraction * FrobeniusNormLower(a, n);
        if (!(beta > 0) || double.IsInfinity(beta))
        {
            beta = beta > 0 ? double.MaxValue / 4 : 1;
        }

        tau = n == 0 || minDiagonal > 0 ? 0 : beta - minDiagonal;
        for (int attempt = 0; attempt < MaxShiftAttempts && double.IsFinite(tau); attempt++)
        {
            a.Slice(0, n * n).CopyTo(l);
            for (int i = 0; i < n; i++)
            {
                l[(i * n) + i] += tau;
            }

            if (TryCholesky(l, n))
            {
                return true;
            }

            tau = Math.Max(2 * tau, beta);
        }

        return false;
    }

    /// <summary>
    /// Copies the general matrix <paramref name="source"/> into <paramref name="a"/> and factors it there as
    /// P·A = L·U by Gaussian elimination with partial pivoting (L unit lower triangular below the diagonal, U on and
    /// above it); <paramref name="pivots"/>[k] is the original row moved to row k. Returns false, with
    /// <paramref name="failedPivot"/> set to the offending step, when the matrix is singular to working precision: a
    /// pivot |uₖₖ| at most n·ε times the largest magnitude in its original row of A (a test unchanged by scaling the
    /// rows), or NaN. <paramref name="rowScale"/> is scratch of length n.
    /// </summary>
    /// <remarks>The lengths are checked once on entry; the loops then index without bounds checks (this is the inner
    /// loop of a Newton step, where the checks doubled the cost of a 2 × 2 solve).</remarks>
    internal static bool TryLuFactor(ReadOnlySpan<double> source, Span<double> a, int n, Span<int> pivots, Span<double> rowScale, out int failedPivot)
    {
        if (n < 0 || source.Length < n * n || a.Length < n * n || pivots.Length < n || rowScale.Length < n)
        {
            throw new ArgumentException("Inconsistent buffer lengths for an LU factorization.");
        }

        ref double src = ref MemoryMarshal.GetReference(source);
        ref double lu = ref MemoryMarshal.GetReference(a);
        ref int perm = ref MemoryMarshal.GetReference(pivots);
        ref double scale = ref MemoryMarshal.GetReference(rowScale);
        for (int i = 0; i < n; i++)
        {
            double max = 0;
            int row = i * n;
            for (int j = 0; j < n; j++)
            {
                double v = Unsafe.Add(ref src, row + j);
                Unsafe.Add(ref lu, row + j) = v;
                max = Math.Max(max, Math.Abs(v));
            }

            Unsafe.Add(ref scale, i) = max;
            Unsafe.Add(ref perm, i) = i;
        }

        double relative = n * MachineEpsilon;
        for (int k = 0; k < n; k++)
        {
            int best = k;
            double bestMagnitude = Math.Abs(Unsafe.Add(ref lu, (k * n) + k));
            for (int i = k + 1; i < n; i++)
            {
                double magnitude = Math.Abs(Unsafe.Add(ref lu, (i * n) + k));
                if (magnitude > bestMagnitude)
                {
                    best = i;
                    bestMagnitude = magnitude;
                }
            }

            ref double rowK = ref Unsafe.Add(ref lu, k * n);
            if (best != k)
            {
                ref double rowBest = ref Unsafe.Add(ref lu, best * n);
                for (int j = 0; j < n; j++)
                {
                    (Unsafe.Add(ref rowK, j), Unsafe.Add(ref rowBest, j)) = (Unsafe.Add(ref rowBest, j), Unsafe.Add(ref rowK, j));
                }

                (Unsafe.Add(ref perm, k), Unsafe.Add(ref perm, best)) = (Unsafe.Add(ref perm, best), Unsafe.Add(ref perm, k));
            }

            double pivot = Unsafe.Add(ref rowK, k);
            if (!(Math.Abs(pivot) > relative * Unsafe.Add(ref scale, Unsafe.Add(ref perm, k))))
            {
                failedPivot = k;
                return false;
            }

            for (int i = k + 1; i < n; i++)
            {
                ref double rowI = ref Unsafe.Add(ref lu, i * n);
                double factor = Unsafe.Add(ref rowI, k) / pivot;
                Unsafe.Add(ref rowI, k) = factor;
                if (factor == 0)
                {
                    continue;
                }

                for (int j = k + 1; j < n; j++)
                {
                    Unsafe.Add(ref rowI, j) -= factor * Unsafe.Add(ref rowK, j);
                }
            }
        }

        failedPivot = -1;
        return true;
    }

    /// <summary>
    /// Solves A·x = <paramref name="sign"/>·b with the factors of <see cref="TryLuFactor"/>: <paramref name="b"/> is
    /// read, and the solution is written to <paramref name="x"/> (which must not overlap <paramref name="b"/>).
    /// <paramref name="sign"/> is ±1, so that the Newton system H·p = −g needs no negated copy of g.
    /// </summary>
    internal static void LuSolve(ReadOnlySpan<double> factors, int n, ReadOnlySpan<int> pivots, ReadOnlySpan<double> b, Span<double> x, double sign = 1)
    {
        if (n < 0 || factors.Length < n * n || pivots.Length < n || b.Length < n || x.Length < n)
        {
            throw new ArgumentException("Inconsistent buffer lengths for an LU solve.");
        }

        ref double lu = ref MemoryMarshal.GetReference(factors);
        ref int perm = ref MemoryMarshal.GetReference(pivots);
        ref double rhs = ref MemoryMarshal.GetReference(b);
        ref double result = ref MemoryMarshal.GetReference(x);
        for (int i = 0; i < n; i++)
        {
            int p = Unsafe.Add(ref perm, i);
            if ((uint)p >= (uint)n)
            {
                throw new ArgumentException("Invalid pivot indices for an LU solve.", nameof(pivots));
            }

            double s = sign * Unsafe.Add(ref rhs, p);
            ref double row = ref Unsafe.Add(ref lu, i * n);
            for (int k = 0; k < i; k++)
            {
                s -= Unsafe.Add(ref row, k) * Unsafe.Add(ref result, k);
            }

            Unsafe.Add(ref result, i) = s;
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double s = Unsafe.Add(ref result, i);
            ref double row = ref Unsafe.Add(ref lu, i * n);
            for (int k = i + 1; k < n; k++)
            {
                s -= Unsafe.Add(ref row, k) * Unsafe.Add(ref result, k);
            }

            Unsafe.Add(ref result, i) = s / Unsafe.Add(ref row, i);
        }
    }

    /// <summary>max |vᵢ| (0 for an empty vector; NaN if an entry is NaN).</summary>
    internal static double InfinityNorm(ReadOnlySpan<double> v)
    {
        double max = 0;
        foreach (double e in v)
        {
            if (double.IsNaN(e))
            {
                return double.NaN;
            }

            max = Math.Max(max, Math.Abs(e));
        }

        return max;
    }

    /// <summary>The Euclidean norm, scaled so that it neither overflows nor underflows for finite entries.</summary>
    internal static double TwoNorm(ReadOnlySpan<double> v)
    {
        double scale = InfinityNorm(v);
        if (scale == 0 || !double.IsFinite(scale))
        {
            return scale;
        }

        double sum = 0;
        foreach (double e in v)
        {
            double r = e / scale;
            sum += r * r;
        }

        return scale * Math.Sqrt(sum);
    }

    /// <summary>xᵀy.</summary>
    internal static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>xᵀAx for the row-major n × n matrix A (n = x.Length).</summary>
    internal static double QuadraticForm(ReadOnlySpan<double> x, ReadOnlySpan<double> a)
    {
        int n = x.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            int offset = i * n;
            for (int j = 0; j < n; j++)
            {
                row += a[offset + j] * x[j];
            }

            sum += x[i] * row;
        }

        return sum;
    }

    /// <summary>Whether every entry is finite; <paramref name="index"/> is the first that is not, or −1.</summary>
    internal static bool AllFinite(ReadOnlySpan<double> v, out int index)
    {
        for (int i = 0; i < v.Length; i++)
        {
            if (!double.IsFinite(v[i]))
            {
                index = i;
                return false;
            }
        }

        index = -1;
        return true;
    }

    /// <summary>‖A‖_F of the symmetric matrix whose lower triangle is given, without overflow.</summary>
    private static double FrobeniusNormLower(ReadOnlySpan<double> a, int n)
    {
        double scale = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                scale = Math.Max(scale, Math.Abs(a[(i * n) + j]));
            }
        }

        if (scale == 0 || !double.IsFinite(scale))
        {
            return scale;
        }

        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double r = a[(i * n) + j] / scale;
                sum += i == j ? r * r : 2 * r * r;
            }
        }

        return scale * Math.Sqrt(sum);
    }
}
