using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;

namespace SymDiff;

/// <summary>
/// Curvature checks on symmetric matrices and on the Hessians of <see cref="IDifferentiableFunction"/>s:
/// positive (semi)definiteness with a witness of negative curvature, and the classification of critical points as
/// minimum, maximum, saddle or degenerate.
/// </summary>
/// <remarks>
/// <para>
/// All decisions are made on the eigenvalues λ₁ ≤ … ≤ λₙ computed by <see cref="SymmetricEigen"/> (cyclic Jacobi),
/// compared with the absolute tolerance
/// <b>τ = relativeTolerance × max(1, ‖H‖₂)</b>, where ‖H‖₂ = max(|λ₁|, |λₙ|) is the spectral norm. An eigenvalue
/// in [−τ, τ] counts as zero. The floor of 1 makes τ absolute (= relativeTolerance) for matrices of norm below 1, so
/// that rounding noise of a nearly zero matrix is not mistaken for curvature; a matrix whose entries are all far
/// below 1 should be scaled before its definiteness is judged.
/// </para>
/// <para>
/// The default relativeTolerance of 10⁻¹⁰ is far above the error of the eigenvalues (a small multiple of 2⁻⁵²·‖H‖)
/// and far below curvature that matters: the softmax cross-entropy Hessian diag(p) − ppᵀ, exactly singular,
/// comes out with a smallest eigenvalue of about ±10⁻¹⁷ and is reported positive semidefinite and not definite.
/// </para>
/// <para>
/// Matrices are row-major n × n spans, only read, finite and symmetric (to within
/// <see cref="SymmetricEigen.SymmetryTolerance"/>; the symmetric part is used). <see cref="IsPositiveSemidefinite"/>
/// and <see cref="Classify(ReadOnlySpan{double}, int, double)"/> allocate nothing for n ≤ 16 (beyond that their
/// workspace comes from <see cref="ArrayPool{T}.Shared"/>); the methods returning result objects allocate those.
/// </para>
/// </remarks>
public static class Curvature
{
    /// <summary>
    /// Checks whether the symmetric matrix is positive semidefinite (λ₁ ≥ −τ) and positive definite (λ₁ &gt; τ), with
    /// τ = <paramref name="relativeTolerance"/> × max(1, ‖H‖₂), and returns the eigenvalues and, when it is not
    /// positive semidefinite, a unit witness vector v with vᵀHv &lt; 0.
    /// </summary>
    /// <param name="matrix">The row-major n × n symmetric matrix; exactly n² finite elements. Only read.</param>
    /// <param name="n">The order n ≥ 0 (a 0 × 0 matrix is vacuously positive definite).</param>
    /// <param name="relativeTolerance">The relative tolerance, finite and ≥ 0 (default 10⁻¹⁰).</param>
    /// <returns>The check, with <see cref="PositiveSemidefiniteCheck.Tolerance"/> the absolute τ used.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is out of range, or <paramref name="relativeTolerance"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> has the wrong length, contains NaN or infinity, or is not symmetric.</exception>
    public static PositiveSemidefiniteCheck CheckPositiveSemidefinite(ReadOnlySpan<double> matrix, int n, double relativeTolerance = 1e-10)
    {
        ValidateTolerance(relativeTolerance, nameof(relativeTolerance));
        SymmetricEigen.ValidateMatrix(matrix, n, nameof(matrix));

        var eigenvalues = new double[n];
        var eigenvectors = new double[n * n];
        SymmetricEigen.Decompose(matrix, n, eigenvalues, eigenvectors, new double[n * n]);

        double norm = n == 0 ? 0 : Math.Max(Math.Abs(eigenvalues[0]), Math.Abs(eigenvalues[n - 1]));
        double tolerance = AbsoluteTolerance(relativeTolerance, norm);
        double[]? witness = null;
        double witnessCurvature = double.NaN;
        if (n > 0 && eigenvalues[0] < -tolerance)
        {
            witness = new double[n];
            for (int i = 0; i < n; i++)
            {
                witness[i] = eigenvectors[i * n];
            }

            witnessCurvature = QuadraticForm(matrix, n, witness);
        }

        return new PositiveSemidefiniteCheck(eigenvalues, relativeTolerance, tolerance, witness, witnessCurvature);
    }

    /// <summary>
    /// True when the symmetric matrix is positive semidefinite: its smallest eigenvalue is at least
    /// −<paramref name="relativeTolerance"/> × max(1, ‖H‖₂). Allocates nothing for n ≤ 16.
    /// </summary>
    /// <param name="matrix">The row-major n × n symmetric matrix; exactly n² finite elements. Only read.</param>
    /// <param name="n">The order n ≥ 0.</param>
    /// <param name="relativeTolerance">The relative tolerance, finite and ≥ 0 (default 10⁻¹⁰).</param>
    /// <returns>Whether the matrix is positive semidefinite to within the tolerance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is out of range, or <paramref name="relativeTolerance"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> has the wrong length, contains NaN or infinity, or is not symmetric.</exception>
    public static bool IsPositiveSemidefinite(ReadOnlySpan<double> matrix, int n, double relativeTolerance = 1e-10)
    {
        ValidateTolerance(relativeTolerance, nameof(relativeTolerance));
        SymmetricEigen.ValidateMatrix(matrix, n, nameof(matrix));
        if (n == 0)
        {
            return true;
        }

        ExtremeEigenvalues(matrix, n, out double smallest, out double largest);
        double norm = Math.Max(Math.Abs(smallest), Math.Abs(largest));
        return smallest >= -AbsoluteTolerance(relativeTolerance, norm);
    }

    /// <summary>
    /// Classifies the point x of f by its gradient and Hessian: <see cref="CriticalPointKind.NotCritical"/> when
    /// ‖∇f(x)‖∞ = max |∂f/∂xᵢ| &gt; <paramref name="gradientTolerance"/>, otherwise minimum, maximum, saddle or
    /// degenerate by the Hessian's eigenvalues (see <see cref="Classify(ReadOnlySpan{double}, int, double)"/>).
    /// The gradient norm is the infinity norm, as in <see cref="OptimizationResult.GradientNorm"/> and
    /// <see cref="OptimizationOptions.GradientTolerance"/>, so a point an optimizer reports converged is judged by the
    /// same measure.
    /// </summary>
    /// <param name="f">The function, for example a generated <c>Model.FFunction</c>.</param>
    /// <param name="x">The point; its length must be <see cref="IDifferentiableFunction.Dimension"/>.</param>
    /// <param name="gradientTolerance">
    /// The absolute bound on the infinity norm ‖∇f(x)‖∞ for x to count as critical, finite and ≥ 0 (default 10⁻⁸).
    /// It is absolute: scale it to the magnitude of your function's gradient. A point found by Newton's method
    /// typically has ‖∇f‖∞ within a few ulps of zero.
    /// </param>
    /// <param name="relativeTolerance">The relative curvature tolerance, finite and ≥ 0 (default 10⁻¹⁰): τ = relativeTolerance × max(1, ‖∇²f(x)‖₂).</param>
    /// <returns>The classification with the value, gradient, Hessian and its eigenvalues.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="x"/> does not have f's dimension, or f's value, gradient or Hessian at x is not finite
    /// (named <paramref name="x"/>); or f's Hessian is not symmetric (named <paramref name="f"/>).
    /// </exception>
    public static CriticalPoint Classify(IDifferentiableFunction f, ReadOnlySpan<double> x, double gradientTolerance = 1e-8, double relativeTolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(f);
        ValidateTolerance(gradientTolerance, nameof(gradientTolerance));
        ValidateTolerance(relativeTolerance, nameof(relativeTolerance));
        int n = f.Dimension;
        if (x.Length != n)
        {
            throw new ArgumentException(Invariant($"x must have f.Dimension = {n} elements, but its length is {x.Length}."), nameof(x));
        }

        SymmetricEigen.ValidateOrder(n);
        var point = x.ToArray();
        var gradient = new double[n];
        var hessian = new double[n * n];
        double value = f.Hessian(x, gradient, hessian);
        IReadOnlyList<string> names = NamesOf(f, n);

        if (!double.IsFinite(value))
        {
            throw new ArgumentException(Invariant($"f({Point(names, point)}) = {value}: a point can only be classified where f is finite."), nameof(x));
        }

        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(gradient[i]))
            {
                throw new ArgumentException(Invariant($"∂f/∂{names[i]} = {gradient[i]} at {Point(names, point)}: a point can only be classified where the gradient is finite."), nameof(x));
            }
        }

        SymmetricEigen.FiniteMaxAbs(hessian, n, out int bad);
        if (bad >= 0)
        {
            throw new ArgumentException(
                Invariant($"∂²f/∂{names[bad / n]}∂{names[bad % n]} = {hessian[bad]} at {Point(names, point)}: a point can only be classified where the Hessian is finite."),
                nameof(x));
        }

        if (SymmetricEigen.AsymmetryMessage(hessian, n, MaxAbs(hessian)) is { } asymmetry)
        {
            throw new ArgumentException(Invariant($"f's Hessian at {Point(names, point)} is not symmetric, so f's implementation is wrong: {asymmetry}"), nameof(f));
        }

        var eigenvalues = SymmetricEigen.Eigenvalues(hessian, n);
        double norm = n == 0 ? 0 : Math.Max(Math.Abs(eigenvalues[0]), Math.Abs(eigenvalues[n - 1]));
        double tolerance = AbsoluteTolerance(relativeTolerance, norm);
        double gradientNorm = DenseLinearAlgebra.InfinityNorm(gradient);
        CriticalPointKind kind = gradientNorm > gradientTolerance ? CriticalPointKind.NotCritical : KindOf(eigenvalues, tolerance);
        return new CriticalPoint(kind, point, names, value, gradient, gradientNorm, gradientTolerance, hessian, eigenvalues, tolerance);
    }

    /// <summary>
    /// Classifies a critical point (a point where the gradient vanishes) by the eigenvalues λ₁ ≤ … ≤ λₙ of its
    /// symmetric Hessian, with τ = <paramref name="relativeTolerance"/> × max(1, ‖H‖₂): saddle when λ₁ &lt; −τ and
    /// λₙ &gt; τ (even if another eigenvalue is zero), minimum when λ₁ &gt; τ, maximum when λₙ &lt; −τ, degenerate
    /// otherwise (an eigenvalue in [−τ, τ] and no eigenvalues of both signs; also n = 0). Never returns
    /// <see cref="CriticalPointKind.NotCritical"/>: the gradient is not known here. Allocates nothing for n ≤ 16.
    /// </summary>
    /// <param name="hessian">The row-major n × n symmetric Hessian; exactly n² finite elements. Only read.</param>
    /// <param name="n">The order n ≥ 0.</param>
    /// <param name="relativeTolerance">The relative tolerance, finite and ≥ 0 (default 10⁻¹⁰).</param>
    /// <returns>Minimum, maximum, saddle or degenerate.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is out of range, or <paramref name="relativeTolerance"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException"><paramref name="hessian"/> has the wrong length, contains NaN or infinity, or is not symmetric.</exception>
    public static CriticalPointKind Classify(ReadOnlySpan<double> hessian, int n, double relativeTolerance = 1e-10)
    {
        ValidateTolerance(relativeTolerance, nameof(relativeTolerance));
        SymmetricEigen.ValidateMatrix(hessian, n, nameof(hessian));
        if (n == 0)
        {
            return CriticalPointKind.Degenerate;
        }

        int size = n * n + n;
        using var scratch = new ScratchBuffer(stackalloc double[ScratchBuffer.StackLength], size);
        Span<double> memory = scratch.Span;
        Span<double> eigenvalues = memory.Slice(0, n);
        SymmetricEigen.Eigenvalues(hessian, n, eigenvalues, memory.Slice(n, n * n));
        double norm = Math.Max(Math.Abs(eigenvalues[0]), Math.Abs(eigenvalues[n - 1]));
        return KindOf(eigenvalues, AbsoluteTolerance(relativeTolerance, norm));
    }

    /// <summary>The decision rule on ascending eigenvalues and an absolute tolerance.</summary>
    private static CriticalPointKind KindOf(ReadOnlySpan<double> ascending, double tolerance)
    {
        if (ascending.Length == 0)
        {
            return CriticalPointKind.Degenerate;
        }

        double smallest = ascending[0];
        double largest = ascending[^1];
        if (smallest < -tolerance && largest > tolerance)
        {
            return CriticalPointKind.Saddle;
        }

        if (smallest > tolerance)
        {
            return CriticalPointKind.Minimum;
        }

        if (largest < -tolerance)
        {
            return CriticalPointKind.Maximum;
        }

        return CriticalPointKind.Degenerate;
    }

    private static void ExtremeEigenvalues(ReadOnlySpan<double> matrix, int n, out double smallest, out double largest)
    {
        int size = n * n + n;
        using var scratch = new ScratchBuffer(stackalloc double[ScratchBuffer.StackLength], size);
        Span<double> memory = scratch.Span;
        Span<double> eigenvalues = memory.Slice(0, n);
        SymmetricEigen.Eigenvalues(matrix, n, eigenvalues, memory.Slice(n, n * n));
        smallest = eigenvalues[0];
        largest = eigenvalues[n - 1];
    }

    private static double AbsoluteTolerance(double relativeTolerance, double norm) => relativeTolerance * Math.Max(1.0, norm);

    private static void ValidateTolerance(double tolerance, string name)
    {
        if (!(tolerance >= 0) || double.IsPositiveInfinity(tolerance))
        {
            throw new ArgumentOutOfRangeException(name, tolerance, Invariant($"{name} must be finite and non-negative."));
        }
    }

    /// <summary>vᵀHv for the (symmetric) row-major matrix H.</summary>
    private static double QuadraticForm(ReadOnlySpan<double> matrix, int n, ReadOnlySpan<double> v)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++)
            {
                row += matrix[i * n + j] * v[j];
            }

            sum += v[i] * row;
        }

        return sum;
    }

    private static double MaxAbs(ReadOnlySpan<double> values)
    {
        double max = 0;
        foreach (double value in values)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }

    /// <summary>f's parameter names when it provides n of them, else x[0], x[1], ….</summary>
    internal static IReadOnlyList<string> NamesOf(IDifferentiableFunction f, int n)
    {
        IReadOnlyList<string>? names = f.ParameterNames;
        var copy = new string[n];
        for (int i = 0; i < n; i++)
        {
            copy[i] = names is not null && names.Count == n && !string.IsNullOrEmpty(names[i])
                ? names[i]
                : Invariant($"x[{i}]");
        }

        return Array.AsReadOnly(copy);
    }

    private static string Point(IReadOnlyList<string> names, double[] point)
    {
        var parts = new string[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            parts[i] = names[i] + " = " + point[i].ToString("R", CultureInfo.InvariantCulture);
        }

        return "(" + string.Join(", ", parts) + ")";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
