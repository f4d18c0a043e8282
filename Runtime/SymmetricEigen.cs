using System;
using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace SymDiff;

/// <summary>
/// Eigen-decomposition A = V·diag(λ)·Vᵀ of a small dense real symmetric matrix by the cyclic Jacobi method, on spans,
/// with no allocation.
/// </summary>
/// <remarks>
/// <para>
/// Matrices are n × n, row-major: element (i, j) is at <c>i * n + j</c>. The input is only read. The matrix must be
/// finite and symmetric to within <see cref="SymmetryTolerance"/> relative to its largest element; what is
/// decomposed is its symmetric part (A + Aᵀ)/2, so a Hessian whose two triangles differ in the last bits is
/// accepted.
/// </para>
/// <para>
/// Method: cyclic (row-by-row) Jacobi rotations in Rutishauser's stable form, each annihilating one off-diagonal
/// pair (in the first three sweeps only the pairs above a fifth of the mean off-diagonal magnitude), swept until a
/// whole sweep finds every off-diagonal element negligible in the relative sense of Demmel and Veselić:
/// |aₚq| ≤ ε·√(|aₚₚ|·|a_qq|) with ε = 2⁻⁵² (a pair with a zero diagonal element is rotated whenever aₚq ≠ 0).
/// Convergence is quadratic; 5 to 8 sweeps suffice for n ≤ 16, and more than 100 is reported as an
/// <see cref="InvalidOperationException"/>. A matrix with entries beyond 10^±150 is first scaled by a power of two
/// (exactly), so nothing overflows.
/// </para>
/// <para>
/// Accuracy: the eigenvalues have absolute errors of a small multiple of ε·‖A‖ (like any backward-stable method,
/// including MathNet's and LAPACK's tridiagonal QR), and the eigenvectors are orthonormal to a small multiple of ε.
/// More than that, for a positive definite A this stopping rule gives every eigenvalue, the tiny ones included,
/// with a small <em>relative</em> error whenever the scaled matrix D⁻¹AD⁻¹ (D = diag(√aᵢᵢ)) is well conditioned
/// (Demmel &amp; Veselić, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl. 13, 1992): a graded
/// Hessian with eigenvalues 1 and 10⁻²⁰ gets both to many digits, where a QR-based solver returns the small one
/// with an absolute error of about 10⁻¹⁶. That, and the absence of allocation, is why the curvature checks use it.
/// </para>
/// <para>
/// Speed: the cost is O(n³) per sweep, about three times the arithmetic of tridiagonal QR, so it is meant for the
/// small matrices of this library. Measured against MathNet.Numerics' symmetric EVD (Tests/SymDiff.Benchmarks,
/// <c>EigenBenchmarks</c>): faster for n = 2 (about 0.1 µs against 0.3 µs), even at n = 4 (about 1 µs), 2 to 2.6
/// times slower at n = 8 to 16 (about 10 µs and 40 µs), and with no allocation where MathNet allocates 0.7 to 7 KB
/// per call. For matrices beyond a few dozen rows use a LAPACK-backed library instead.
/// </para>
/// <para>
/// Eigenvalues are returned in ascending order, eigenvector k in column k, each normalized to unit length with
/// its largest-magnitude component positive (so the output is deterministic). For a repeated eigenvalue any
/// orthonormal basis of its eigenspace may be returned.
/// </para>
/// </remarks>
public static class SymmetricEigen
{
    /// <summary>
    /// The relative symmetry tolerance: the matrix is accepted when |aᵢⱼ − aⱼᵢ| ≤ <see cref="SymmetryTolerance"/> · maxₖₗ |aₖₗ|
    /// for every i, j (1e-8, loose enough for Hessians assembled with rounding, tight enough to catch a wrong
    /// layout or a non-symmetric matrix).
    /// </summary>
    public const double SymmetryTolerance = 1e-8;

    /// <summary>The largest supported order: n × n must fit in a span.</summary>
    public const int MaxOrder = 46340;

    /// <summary>The bound on the number of sweeps; convergence is quadratic and takes far fewer.</summary>
    private const int MaxSweeps = 100;

    /// <summary>The relative off-diagonal threshold ε = 2⁻⁵².</summary>
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>
    /// Computes all eigenvalues and eigenvectors of the symmetric n × n matrix, using a workspace on the stack
    /// (n ≤ 16) or rented from <see cref="ArrayPool{T}.Shared"/>: nothing is allocated in the steady state.
    /// </summary>
    /// <param name="matrix">The row-major n × n matrix; exactly n² elements, finite, symmetric. Only read.</param>
    /// <param name="n">The order n ≥ 0.</param>
    /// <param name="eigenvalues">Receives the n eigenvalues in ascending order; at least n elements.</param>
    /// <param name="eigenvectors">
    /// Receives the row-major n × n orthogonal matrix V whose column k (elements <c>i * n + k</c>) is the unit
    /// eigenvector of <c>eigenvalues[k]</c>; at least n² elements. It may be the same memory as
    /// <paramref name="matrix"/> (the matrix is read completely before anything is written), but it must not
    /// overlap <paramref name="eigenvalues"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or larger than <see cref="MaxOrder"/>.</exception>
    /// <exception cref="ArgumentException">
    /// A span has the wrong length, the outputs overlap, or <paramref name="matrix"/> contains NaN or infinity or is
    /// not symmetric (see <see cref="SymmetryTolerance"/>). Nothing is written before these checks.
    /// </exception>
    /// <exception cref="InvalidOperationException">The iteration did not converge (not expected to happen for finite input).</exception>
    public static void Decompose(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, Span<double> eigenvectors)
    {
        double maxAbs = ValidateInputs(matrix, n, eigenvalues, eigenvectors, wantVectors: true);
        int size = n * n;
        using var scratch = new ScratchBuffer(stackalloc double[ScratchBuffer.StackLength], size);
        Span<double> workspace = scratch.Span;
        Run(matrix, n, maxAbs, eigenvalues, eigenvectors, workspace.Slice(0, size), wantVectors: true);
    }

    /// <summary>
    /// Computes all eigenvalues and eigenvectors of the symmetric n × n matrix in a caller-provided workspace:
    /// this overload never allocates.
    /// </summary>
    /// <param name="matrix">The row-major n × n matrix; exactly n² elements, finite, symmetric. Only read.</param>
    /// <param name="n">The order n ≥ 0.</param>
    /// <param name="eigenvalues">Receives the n eigenvalues in ascending order; at least n elements.</param>
    /// <param name="eigenvectors">
    /// Receives the row-major n × n orthogonal matrix V whose column k (elements <c>i * n + k</c>) is the unit
    /// eigenvector of <c>eigenvalues[k]</c>; at least n² elements. It may be the same memory as
    /// <paramref name="matrix"/>, but must not overlap <paramref name="eigenvalues"/> or <paramref name="workspace"/>.
    /// </param>
    /// <param name="workspace">Scratch space of at least n² elements, overlapping none of the other spans; its contents on return are unspecified.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or larger than <see cref="MaxOrder"/>.</exception>
    /// <exception cref="ArgumentException">
    /// A span has the wrong length, spans overlap, or <paramref name="matrix"/> contains NaN or infinity or is not
    /// symmetric (see <see cref="SymmetryTolerance"/>). Nothing is written before these checks.
    /// </exception>
    /// <exception cref="InvalidOperationException">The iteration did not converge (not expected to happen for finite input).</exception>
    public static void Decompose(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, Span<double> eigenvectors, Span<double> workspace)
    {
        double maxAbs = ValidateInputs(matrix, n, eigenvalues, eigenvectors, wantVectors: true);
        ValidateWorkspace(matrix, n, eigenvalues, eigenvectors, workspace);
        Run(matrix, n, maxAbs, eigenvalues, eigenvectors, workspace.Slice(0, n * n), wantVectors: true);
    }

    /// <summary>
    /// Computes the eigenvalues (only) of the symmetric n × n matrix in a caller-provided workspace: this overload
    /// never allocates, and skips the accumulation of eigenvectors (about half the work).
    /// </summary>
    /// <param name="matrix">The row-major n × n matrix; exactly n² elements, finite, symmetric. Only read.</param>
    /// <param name="n">The order n ≥ 0.</param>
    /// <param name="eigenvalues">Receives the n eigenvalues in ascending order; at least n elements. It may overlap <paramref name="matrix"/>.</param>
    /// <param name="workspace">Scratch space of at least n² elements, overlapping none of the other spans; its contents on return are unspecified.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or larger than <see cref="MaxOrder"/>.</exception>
    /// <exception cref="ArgumentException">
    /// A span has the wrong length, spans overlap, or <paramref name="matrix"/> contains NaN or infinity or is not
    /// symmetric (see <see cref="SymmetryTolerance"/>). Nothing is written before these checks.
    /// </exception>
    /// <exception cref="InvalidOperationException">The iteration did not converge (not expected to happen for finite input).</exception>
    public static void Eigenvalues(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, Span<double> workspace)
    {
        double maxAbs = ValidateInputs(matrix, n, eigenvalues, default, wantVectors: false);
        ValidateWorkspace(matrix, n, eigenvalues, default, workspace);
        Run(matrix, n, maxAbs, eigenvalues, default, workspace.Slice(0, n * n), wantVectors: false);
    }

    /// <summary>
    /// The eigenvalues of the symmetric n × n matrix, in ascending order, in a new array (the only allocation;
    /// the workspace is on the stack for n ≤ 16 and pooled otherwise).
    /// </summary>
    /// <param name="matrix">The row-major n × n matrix; exactly n² elements, finite, symmetric. Only read.</param>
    /// <param name="n">The order n ≥ 0.</param>
    /// <returns>A new array of the n eigenvalues, ascending.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or larger than <see cref="MaxOrder"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> has the wrong length, contains NaN or infinity, or is not symmetric.</exception>
    /// <exception cref="InvalidOperationException">The iteration did not converge (not expected to happen for finite input).</exception>
    public static double[] Eigenvalues(ReadOnlySpan<double> matrix, int n)
    {
        double maxAbs = ValidateMatrix(matrix, n);
        var eigenvalues = new double[n];
        int size = n * n;
        using var scratch = new ScratchBuffer(stackalloc double[ScratchBuffer.StackLength], size);
        Span<double> workspace = scratch.Span;
        Run(matrix, n, maxAbs, eigenvalues, default, workspace.Slice(0, size), wantVectors: false);

        return eigenvalues;
    }

    /// <summary>Validates n and the matrix (length, finiteness, symmetry); returns maxᵢⱼ |aᵢⱼ|.</summary>
    internal static double ValidateMatrix(ReadOnlySpan<double> matrix, int n, string matrixName = "matrix")
    {
        ValidateOrder(n);
        if (matrix.Length != n * n)
        {
            throw new ArgumentException(
                Invariant($"{matrixName} must have exactly n × n = {n * n} elements for n = {n}, but its length is {matrix.Length}."),
                matrixName);
        }

        double maxAbs = FiniteMaxAbs(matrix, n, out int bad);
        if (bad >= 0)
        {
            throw new ArgumentException(
                Invariant($"{matrixName} must be finite, but element ({bad / n}, {bad % n}) is {matrix[bad]}."),
                matrixName);
        }

        if (AsymmetryMessage(matrix, n, maxAbs) is { } message)
        {
            throw new ArgumentException(Invariant($"{matrixName} is not symmetric: {message}"), matrixName);
        }

        return maxAbs;
    }

    /// <summary>Throws unless 0 ≤ n ≤ <see cref="MaxOrder"/>.</summary>
    internal static void ValidateOrder(int n)
    {
        if (n < 0 || n > MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, Invariant($"n must be between 0 and {MaxOrder}."));
        }
    }

    /// <summary>maxᵢⱼ |aᵢⱼ|, with <paramref name="firstNonFinite"/> the index of the first NaN or infinity (or −1).</summary>
    internal static double FiniteMaxAbs(ReadOnlySpan<double> matrix, int n, out int firstNonFinite)
    {
        double maxAbs = 0;
        int size = n * n;
        for (int k = 0; k < size; k++)
        {
            double a = matrix[k];
            if (!double.IsFinite(a))
            {
                firstNonFinite = k;
                return double.NaN;
            }

            maxAbs = Math.Max(maxAbs, Math.Abs(a));
        }

        firstNonFinite = -1;
        return maxAbs;
    }

    /// <summary>Null if the finite matrix is symmetric within <see cref="SymmetryTolerance"/>, else a description of the worst pair.</summary>
    internal static string? AsymmetryMessage(ReadOnlySpan<double> matrix, int n, double maxAbs)
    {
        double allowed = SymmetryTolerance * maxAbs;
        int worstI = -1, worstJ = -1;
        double worst = allowed;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                // Halves first, so that two elements near double.MaxValue cannot overflow the difference.
                double difference = 2 * Math.Abs(0.5 * matrix[i * n + j] - 0.5 * matrix[j * n + i]);
                if (difference > worst)
                {
                    worst = difference;
                    worstI = i;
                    worstJ = j;
                }
            }
        }

        if (worstI < 0)
        {
            return null;
        }

        return Invariant(
            $"element ({worstI}, {worstJ}) is {matrix[worstI * n + worstJ]:R} but element ({worstJ}, {worstI}) is {matrix[worstJ * n + worstI]:R}; the difference {worst:G3} exceeds {SymmetryTolerance:G3} × max |aᵢⱼ| = {allowed:G3}.");
    }

    private static double ValidateInputs(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, Span<double> eigenvectors, bool wantVectors)
    {
        ValidateOrder(n);
        if (matrix.Length != n * n)
        {
            throw new ArgumentException(
                Invariant($"matrix must have exactly n × n = {n * n} elements for n = {n}, but its length is {matrix.Length}."),
                nameof(matrix));
        }

        if (eigenvalues.Length < n)
        {
            throw new ArgumentException(
                Invariant($"eigenvalues must have at least n = {n} elements, but its length is {eigenvalues.Length}."),
                nameof(eigenvalues));
        }

        if (wantVectors)
        {
            if (eigenvectors.Length < n * n)
            {
                throw new ArgumentException(
                    Invariant($"eigenvectors must have at least n × n = {n * n} elements for n = {n}, but its length is {eigenvectors.Length}."),
                    nameof(eigenvectors));
            }

            if (n > 0 && eigenvalues.Slice(0, n).Overlaps(eigenvectors.Slice(0, n * n)))
            {
                throw new ArgumentException("eigenvalues and eigenvectors must not overlap.", nameof(eigenvectors));
            }
        }

        return ValidateMatrix(matrix, n);
    }

    private static void ValidateWorkspace(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, Span<double> eigenvectors, Span<double> workspace)
    {
        int size = n * n;
        if (workspace.Length < size)
        {
            throw new ArgumentException(
                Invariant($"workspace must have at least n × n = {size} elements for n = {n}, but its length is {workspace.Length}."),
                nameof(workspace));
        }

        if (size == 0)
        {
            return;
        }

        Span<double> used = workspace.Slice(0, size);
        if (used.Overlaps(matrix) || used.Overlaps(eigenvalues.Slice(0, n)) || (!eigenvectors.IsEmpty && used.Overlaps(eigenvectors.Slice(0, size))))
        {
            throw new ArgumentException("workspace must not overlap matrix, eigenvalues or eigenvectors.", nameof(workspace));
        }
    }

    /// <summary>
    /// The algorithm proper, on validated arguments. <paramref name="a"/> is the n² workspace, of which the upper
    /// triangle holds the matrix being diagonalized; <paramref name="w"/> (the eigenvector output) accumulates Vᵀ,
    /// so that a rotation updates two contiguous rows, and is transposed at the end.
    /// </summary>
    private static void Run(ReadOnlySpan<double> matrix, int n, double maxAbs, Span<double> eigenvalues, Span<double> w, Span<double> a, bool wantVectors)
    {
        if (n == 0)
        {
            return;
        }

        // Scale by an exact power of two when the entries are extreme, so that no intermediate overflows or
        // loses precision to underflow. Entries within 10^±150 are used as they are.
        int exponent = 0;
        if (maxAbs > 0 && (maxAbs > 1e150 || maxAbs < 1e-150))
        {
            exponent = Math.ILogB(maxAbs);
        }

        // Upper triangle of a = 2^-exponent · (A + Aᵀ)/2.
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] = exponent == 0 ? matrix[i * n + i] : Math.ScaleB(matrix[i * n + i], -exponent);
            for (int j = i + 1; j < n; j++)
            {
                double upper = matrix[i * n + j];
                double lower = matrix[j * n + i];
                a[i * n + j] = exponent == 0
                    ? (upper == lower ? upper : 0.5 * (upper + lower))
                    : 0.5 * (Math.ScaleB(upper, -exponent) + Math.ScaleB(lower, -exponent));
            }
        }

        // From here on the input is no longer read, so the eigenvector output may alias it.
        if (wantVectors)
        {
            w = w.Slice(0, n * n);
            w.Clear();
            for (int i = 0; i < n; i++)
            {
                w[i * n + i] = 1;
            }
        }

        bool converged = false;
        for (int sweep = 0; sweep < MaxSweeps && !converged; sweep++)
        {
            // In the first sweeps, rotate only the larger elements (Rutishauser's threshold, as in Numerical
            // Recipes): the small ones change anyway while the large ones are annihilated.
            double threshold = 0;
            if (sweep < 3)
            {
                double offSum = 0;
                for (int p = 0; p < n - 1; p++)
                {
                    for (int q = p + 1; q < n; q++)
                    {
                        offSum += Math.Abs(a[p * n + q]);
                    }
                }

                threshold = 0.2 * offSum / ((double)n * n);
            }

            converged = true;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    double magnitude = Math.Abs(apq);
                    if (magnitude == 0)
                    {
                        continue;
                    }

                    double app = a[p * n + p];
                    double aqq = a[q * n + q];

                    // Negligible when |aₚq| ≤ ε·√(|aₚₚ||a_qq|); since √(xy) ≤ (x + y)/2, the square roots are only
                    // needed near the bound.
                    if (magnitude <= 0.5 * Epsilon * (Math.Abs(app) + Math.Abs(aqq))
                        && magnitude <= Epsilon * Math.Sqrt(Math.Abs(app)) * Math.Sqrt(Math.Abs(aqq)))
                    {
                        continue;
                    }

                    converged = false;
                    if (magnitude < threshold)
                    {
                        continue;
                    }

                    Rotate(a, w, n, p, q, apq, app, aqq, wantVectors);
                }
            }
        }

        if (!converged)
        {
            throw new InvalidOperationException(
                Invariant($"The Jacobi eigenvalue iteration did not converge in {MaxSweeps} sweeps for this {n} × {n} matrix. This is not expected for finite symmetric input; please report the matrix."));
        }

        for (int i = 0; i < n; i++)
        {
            eigenvalues[i] = exponent == 0 ? a[i * n + i] : Math.ScaleB(a[i * n + i], exponent);
        }

        SortAscending(eigenvalues.Slice(0, n), w, n, wantVectors);
        if (wantVectors)
        {
            NormalizeSignsAndTranspose(w, n);
        }
    }

    /// <summary>One Jacobi rotation in the (p, q) plane that zeroes aₚq (Rutishauser's stable formulation).</summary>
    private static void Rotate(Span<double> a, Span<double> w, int n, int p, int q, double apq, double app, double aqq, bool wantVectors)
    {
        // t = tan φ, the smaller root of t² + 2θt − 1 = 0 with θ = cot 2φ = (a_qq − aₚₚ)/(2aₚq).
        double theta = 0.5 * (aqq - app) / apq;
        double t = Math.Abs(theta) > 1e150
            ? 0.5 / theta
            : (theta >= 0 ? 1.0 : -1.0) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1);
        double s = t * c;
        double tau = s / (1 + c);
        double h = t * apq;

        a[p * n + p] = app - h;
        a[q * n + q] = aqq + h;
        a[p * n + q] = 0;

        // The upper triangle: column entries above p, the stretch between p and q, and the rows beyond q.
        for (int r = 0; r < p; r++)
        {
            double g = a[r * n + p];
            double k = a[r * n + q];
            a[r * n + p] = g - s * (k + g * tau);
            a[r * n + q] = k + s * (g - k * tau);
        }

        for (int r = p + 1; r < q; r++)
        {
            double g = a[p * n + r];
            double k = a[r * n + q];
            a[p * n + r] = g - s * (k + g * tau);
            a[r * n + q] = k + s * (g - k * tau);
        }

        if (q + 1 < n)
        {
            RotateRows(a.Slice(p * n + q + 1, n - q - 1), a.Slice(q * n + q + 1, n - q - 1), s, tau);
        }

        if (wantVectors)
        {
            RotateRows(w.Slice(p * n, n), w.Slice(q * n, n), s, tau);
        }
    }

    /// <summary>(x, y) ← (x − s(y + τx), y + s(x − τy)) elementwise, vectorized.</summary>
    private static void RotateRows(Span<double> x, Span<double> y, double s, double tau)
    {
        int length = x.Length;
        y = y.Slice(0, length);
        int r = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<double>.Count)
        {
            var sv = new Vector<double>(s);
            var tv = new Vector<double>(tau);
            Span<Vector<double>> xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            Span<Vector<double>> yv = MemoryMarshal.Cast<double, Vector<double>>(y);
            for (int i = 0; i < xv.Length && i < yv.Length; i++)
            {
                Vector<double> g = xv[i];
                Vector<double> k = yv[i];
                xv[i] = g - sv * (k + g * tv);
                yv[i] = k + sv * (g - k * tv);
            }

            r = xv.Length * Vector<double>.Count;
        }

        for (; r < length; r++)
        {
            double g = x[r];
            double k = y[r];
            x[r] = g - s * (k + g * tau);
            y[r] = k + s * (g - k * tau);
        }
    }

    /// <summary>Selection sort of the eigenvalues, swapping the rows of Vᵀ along (n swaps at most).</summary>
    private static void SortAscending(Span<double> values, Span<double> w, int n, bool wantVectors)
    {
        for (int k = 0; k < n - 1; k++)
        {
            int smallest = k;
            for (int i = k + 1; i < n; i++)
            {
                if (values[i] < values[smallest])
                {
                    smallest = i;
                }
            }

            if (smallest == k)
            {
                continue;
            }

            (values[k], values[smallest]) = (values[smallest], values[k]);
            if (wantVectors)
            {
                Span<double> row = w.Slice(k * n, n);
                Span<double> other = w.Slice(smallest * n, n);
                for (int r = 0; r < n; r++)
                {
                    (row[r], other[r]) = (other[r], row[r]);
                }
            }
        }
    }

    /// <summary>
    /// Makes the largest-magnitude component of every eigenvector (row of Vᵀ; the first such component on a tie)
    /// positive, then transposes in place so that eigenvector k is column k.
    /// </summary>
    private static void NormalizeSignsAndTranspose(Span<double> w, int n)
    {
        for (int k = 0; k < n; k++)
        {
            Span<double> row = w.Slice(k * n, n);
            int largest = 0;
            for (int r = 1; r < n; r++)
            {
                if (Math.Abs(row[r]) > Math.Abs(row[largest]))
                {
                    largest = r;
                }
            }

            if (row[largest] < 0)
            {
                for (int r = 0; r < n; r++)
                {
                    row[r] = -row[r];
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                (w[i * n + j], w[j * n + i]) = (w[j * n + i], w[i * n + j]);
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
