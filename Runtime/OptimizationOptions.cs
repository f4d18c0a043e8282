using System;

namespace SymDiff;

/// <summary>Why an optimization run (<see cref="Newton"/>, <see cref="GradientDescent"/>) stopped.</summary>
/// <remarks>
/// Numerical failures are reported through this status, never as exceptions: exceptions are reserved for invalid
/// arguments (a <see langword="null"/> function, a start vector of the wrong length).
/// </remarks>
public enum OptimizationStatus
{
    /// <summary>
    /// Converged: ‖∇f(x)‖∞ ≤ <see cref="OptimizationOptions.GradientTolerance"/>. (For
    /// <see cref="Newton.FindCriticalPoint(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>, x may be
    /// one polishing Newton step past the first iterate that met the test; see there.)
    /// </summary>
    GradientConverged,

    /// <summary>
    /// Converged: the last step was negligible, ‖Δx‖∞ ≤ <see cref="OptimizationOptions.StepTolerance"/> · (1 + ‖x‖∞),
    /// so further iterations cannot move x (typically the gradient is at the level of its rounding error).
    /// </summary>
    StepConverged,

    /// <summary>Not converged: <see cref="OptimizationOptions.MaxIterations"/> iterations were taken.</summary>
    MaxIterations,

    /// <summary>
    /// The value, gradient or Hessian was NaN or infinite at the start point or at an iterate (the message names the
    /// entry and the point), or every trial point of a line search was; or a Newton step overflowed.
    /// </summary>
    NonFinite,

    /// <summary>
    /// No step along a descent direction satisfied the Armijo sufficient-decrease condition within
    /// <see cref="OptimizationOptions.MaxBacktracks"/> backtracks. x is left at the last accepted iterate.
    /// </summary>
    LineSearchFailed,

    /// <summary>
    /// The Hessian was singular to working precision, so the pure Newton system H·p = −∇f has no unique solution
    /// (only <see cref="Newton.FindCriticalPoint(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>,
    /// which cannot shift the Hessian; <see cref="Newton.Minimize(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>
    /// shifts it instead).
    /// </summary>
    SingularHessian,
}

/// <summary>The outcome of one <see cref="Newton.Step(IDifferentiableFunction, ReadOnlySpan{double}, Span{double}, NewtonWorkspace)"/>.</summary>
public enum NewtonStepStatus
{
    /// <summary>The step p solving H·p = −∇f was written.</summary>
    Ok,

    /// <summary>
    /// The Hessian is singular to working precision (an LU pivot is at most n·ε times the largest entry of its
    /// row of H), so H·p = −∇f has no unique solution.
    /// </summary>
    SingularHessian,

    /// <summary>The value, gradient or Hessian at x is NaN or infinite, or the solution overflowed.</summary>
    NonFinite,
}

/// <summary>
/// Stopping rules and line-search parameters shared by <see cref="NewtonOptions"/> and
/// <see cref="GradientDescentOptions"/>. Instances are immutable; derive variants with <c>with</c>:
/// <c>NewtonOptions.Default with { MaxIterations = 20 }</c>. Every property validates its value when set and throws
/// <see cref="ArgumentOutOfRangeException"/> naming the property.
/// </summary>
/// <remarks>
/// <para>The run stops at the first of, checked in this order at every iterate x (the start included):</para>
/// <list type="number">
/// <item><description><see cref="OptimizationStatus.GradientConverged"/>: ‖∇f(x)‖∞ ≤ <see cref="GradientTolerance"/>, an
/// absolute test. (A test relative to |f| would declare convergence on a function that is unbounded below, where |f|
/// grows faster than ‖∇f‖; a test relative to the starting gradient depends on the start.) Where the gradient cannot
/// be computed that accurately (large values of f, where its rounding error exceeds the tolerance), Newton's steps
/// shrink to rounding noise and the step test below ends the run.</description></item>
/// <item><description><see cref="OptimizationStatus.StepConverged"/>: the step that produced x satisfied
/// ‖Δx‖∞ ≤ <see cref="StepTolerance"/> · (1 + ‖x‖∞).</description></item>
/// <item><description><see cref="OptimizationStatus.MaxIterations"/>: <see cref="MaxIterations"/> steps have been taken.</description></item>
/// </list>
/// <para>Line search (backtracking from an initial step α₀ along a descent direction d): α is multiplied by
/// <see cref="BacktrackingFactor"/> until the Armijo condition f(x + αd) − f(x) ≤ <see cref="ArmijoC1"/>·α·∇f(x)ᵀd
/// holds. Near a minimum that test compares two values of f that agree to rounding, so it can fail for the right
/// step; a trial is therefore also accepted when f rose by at most 10⁻¹⁰·max(1, |f(x)|) and the slope along d meets
/// the approximate Wolfe conditions of Hager and Zhang (2005),
/// 0.9·∇f(x)ᵀd ≤ ∇f(x + αd)ᵀd ≤ (1 − 2·<see cref="ArmijoC1"/>)·|∇f(x)ᵀd|: on a quadratic the upper bound is exactly
/// the Armijo condition, and gradients keep their relative accuracy where differences of f do not. Consequently
/// the values of the iterates decrease except by rounding-level amounts in the last iterations.
/// Trial points where the value, gradient or Hessian is not finite are rejected (backtracked from), so a line
/// search may probe outside a function's domain (log, sqrt) safely.</para>
/// </remarks>
public abstract record OptimizationOptions
{
    private readonly double _gradientTolerance = 1e-10;
    private readonly double _stepTolerance = 1e-12;
    private readonly int _maxIterations;
    private readonly double _armijoC1 = 1e-4;
    private readonly double _backtrackingFactor = 0.5;
    private readonly int _maxBacktracks = 40;

    /// <summary>Creates options with the given default for <see cref="MaxIterations"/>.</summary>
    /// <param name="defaultMaxIterations">The method's default iteration limit.</param>
    private protected OptimizationOptions(int defaultMaxIterations) => _maxIterations = defaultMaxIterations;

    /// <summary>
    /// Converged when ‖∇f(x)‖∞ ≤ GradientTolerance (absolute, in the units of ∇f: scale it with your function).
    /// Default 1e-10. Must be non-negative (0 disables the test except at an exactly zero gradient).
    /// </summary>
    public double GradientTolerance
    {
        get => _gradientTolerance;
        init => _gradientTolerance = NonNegative(value, nameof(GradientTolerance));
    }

    /// <summary>
    /// Converged when the last step satisfied ‖Δx‖∞ ≤ StepTolerance · (1 + ‖x‖∞). Default 1e-12 (about 5000 ulps
    /// of x: steps below it are rounding noise). Must be non-negative (0 disables the test except for a zero step).
    /// </summary>
    public double StepTolerance
    {
        get => _stepTolerance;
        init => _stepTolerance = NonNegative(value, nameof(StepTolerance));
    }

    /// <summary>The largest number of steps; must be non-negative (0 only evaluates the start point).
    /// Default 100 for Newton's method and 10 000 for gradient descent.</summary>
    public int MaxIterations
    {
        get => _maxIterations;
        init => _maxIterations = value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxIterations), value, "MaxIterations must be non-negative.");
    }

    /// <summary>The Armijo sufficient-decrease constant c₁, in (0, ½). Default 1e-4 (Nocedal and Wright).</summary>
    public double ArmijoC1
    {
        get => _armijoC1;
        init => _armijoC1 = value > 0 && value < 0.5
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ArmijoC1), value, "ArmijoC1 must be in the open interval (0, 0.5).");
    }

    /// <summary>The factor ρ in (0, 1) by which a rejected step length is multiplied. Default 0.5.</summary>
    public double BacktrackingFactor
    {
        get => _backtrackingFactor;
        init => _backtrackingFactor = value > 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(BacktrackingFactor), value, "BacktrackingFactor must be in the open interval (0, 1).");
    }

    /// <summary>
    /// The largest number of reductions of the step length in one line search before the run stops with
    /// <see cref="OptimizationStatus.LineSearchFailed"/>; must be non-negative. Default 40 (0.5⁴⁰ ≈ 10⁻¹²).
    /// </summary>
    public int MaxBacktracks
    {
        get => _maxBacktracks;
        init => _maxBacktracks = value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxBacktracks), value, "MaxBacktracks must be non-negative.");
    }

    /// <summary>
    /// Whether <see cref="OptimizationResult.Iterates"/>, <see cref="OptimizationResult.Values"/> and
    /// <see cref="OptimizationResult.GradientNorms"/> hold every iterate (true, the default), or only the start and the
    /// final point (false: no allocation per iteration).
    /// </summary>
    public bool RecordIterates { get; init; } = true;

    private static double NonNegative(double value, string name) => value >= 0 && !double.IsNaN(value)
        ? value
        : throw new ArgumentOutOfRangeException(name, value, name + " must be a non-negative number.");
}

/// <summary>
/// Options of <see cref="Newton.Minimize(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/> and
/// <see cref="Newton.FindCriticalPoint(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>: the
/// stopping rules and line-search parameters of <see cref="OptimizationOptions"/>, with
/// <see cref="OptimizationOptions.MaxIterations"/> = 100 by default (Newton's method converges quadratically, so a
/// run that needs more is usually going nowhere). <see cref="Newton.FindCriticalPoint(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>
/// takes full steps, ignores the line-search parameters, and after the gradient test is met takes one polishing
/// Newton step when that reduces ‖∇f‖∞.
/// </summary>
public sealed record NewtonOptions : OptimizationOptions
{
    /// <summary>Creates the default options.</summary>
    public NewtonOptions()
        : base(100)
    {
    }

    /// <summary>The default options (the values documented on each property).</summary>
    public static NewtonOptions Default { get; } = new();
}

/// <summary>
/// Options of <see cref="GradientDescent.Minimize(IDifferentiableFunction, ReadOnlySpan{double}, GradientDescentOptions?)"/>:
/// the stopping rules and line-search parameters of <see cref="OptimizationOptions"/>, with
/// <see cref="OptimizationOptions.MaxIterations"/> = 10 000 by default (gradient descent converges linearly, at a
/// rate set by the condition number of the Hessian), and the initial step of the fallback line search.
/// </summary>
public sealed record GradientDescentOptions : OptimizationOptions
{
    private readonly double _fallbackStepLength = 1;

    /// <summary>Creates the default options.</summary>
    public GradientDescentOptions()
        : base(10_000)
    {
    }

    /// <summary>The default options (the values documented on each property).</summary>
    public static GradientDescentOptions Default { get; } = new();

    /// <summary>
    /// Where gᵀHg ≤ 0 (f is not convex along −g, so the optimal quadratic step does not exist), the backtracking line
    /// search starts from the step that moves x by this distance: α₀ = FallbackStepLength / ‖g‖₂. Must be positive
    /// and finite. Default 1 (in the units of x: choose it to match the scale of your parameters).
    /// </summary>
    public double FallbackStepLength
    {
        get => _fallbackStepLength;
        init => _fallbackStepLength = value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(FallbackStepLength), value, "FallbackStepLength must be positive and finite.");
    }
}
