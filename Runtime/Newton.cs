using System;
using System.Collections.Generic;
using System.Globalization;

namespace SymDiff;

/// <summary>
/// Newton's method on an <see cref="IDifferentiableFunction"/> (for instance the <c>FFunction</c> property the
/// generator adds for a <see cref="DifferentiableAttribute"/> method <c>F</c>), with exact Hessians:
/// <list type="bullet">
/// <item><description><see cref="Step(IDifferentiableFunction, ReadOnlySpan{double}, Span{double}, NewtonWorkspace)"/>: one pure Newton
/// step p solving ∇²f(x)·p = −∇f(x), by LU factorization (never an inverse), without allocating.</description></item>
/// <item><description><see cref="Minimize(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>: damped Newton with a
/// backtracking Armijo line search, the Hessian shifted to be positive definite where it is not.</description></item>
/// <item><description><see cref="FindCriticalPoint(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>: full Newton steps on
/// ∇f = 0, which also converge to saddle points and maxima, ending with a polishing step.</description></item>
/// </list>
/// </summary>
/// <example>
/// <code>
/// var result = Newton.Minimize(Model.FFunction, new[] { -1.2, 1.0 });
/// if (!result.Converged) Console.WriteLine(result.Message);
/// Console.WriteLine(result);   // Newton (damped): GradientConverged after 22 iterations, (x = 1, y = 1), f = 0, ‖∇f‖∞ = 0
/// </code>
/// </example>
public static class Newton
{
    internal const string DampedMethod = "Newton (damped)";
    internal const string PureMethod = "Newton (critical point)";

    /// <summary>
    /// Computes one pure Newton step p with ∇²f(x)·p = −∇f(x) into <paramref name="step"/>, using only the
    /// <paramref name="workspace"/>'s buffers: no allocation. The Hessian may be indefinite (LU with partial pivoting is
    /// used, so p points to the critical point of the local quadratic model, which may be a saddle or a maximum).
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point; exactly <see cref="IDifferentiableFunction.Dimension"/> elements. It may overlap <paramref name="step"/>.</param>
    /// <param name="step">Receives p in its first n elements (at least n elements); filled with NaN when the status is not
    /// <see cref="NewtonStepStatus.Ok"/>.</param>
    /// <param name="workspace">Buffers for dimension n; afterwards it holds f(x), ∇f(x) and ∇²f(x)
    /// (<see cref="NewtonWorkspace.Value"/>, <see cref="NewtonWorkspace.Gradient"/>, <see cref="NewtonWorkspace.Hessian"/>).</param>
    /// <returns><see cref="NewtonStepStatus.Ok"/>, or why no step was computed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="workspace"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have n elements, <paramref name="step"/> is
    /// shorter, or <paramref name="workspace"/> is for another dimension.</exception>
    public static NewtonStepStatus Step(IDifferentiableFunction f, ReadOnlySpan<double> x, Span<double> step, NewtonWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(workspace);
        int n = CheckArguments(f, x, nameof(x), workspace);
        if (step.Length < n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"step must have at least {n} elements (the dimension of f), but its length is {step.Length}."),
                nameof(step));
        }

        var status = StepCore(f, x, workspace);
        if (status == NewtonStepStatus.Ok)
        {
            workspace.Direction.AsSpan().CopyTo(step);
        }
        else
        {
            step.Slice(0, n).Fill(double.NaN);
        }

        return status;
    }

    /// <summary>
    /// Returns one pure Newton step p with ∇²f(x)·p = −∇f(x) (the next iterate is x + p). Allocates its buffers; use
    /// <see cref="Step(IDifferentiableFunction, ReadOnlySpan{double}, Span{double}, NewtonWorkspace)"/> in loops.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point; exactly <see cref="IDifferentiableFunction.Dimension"/> elements.</param>
    /// <returns>The step p (a new array of n elements).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have n elements.</exception>
    /// <exception cref="InvalidOperationException">The Hessian is singular to working precision, or the value, gradient or
    /// Hessian at x is not finite; the message names the point and the cause.</exception>
    public static double[] Step(IDifferentiableFunction f, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(f);
        var workspace = new NewtonWorkspace(f.Dimension);
        var step = new double[f.Dimension];
        var status = Step(f, x, step, workspace);
        return status switch
        {
            NewtonStepStatus.Ok => step,
            NewtonStepStatus.SingularHessian => throw new InvalidOperationException(
                "No Newton step at " + OptimizationResult.FormatPoint(f.ParameterNames, x) + ": the Hessian there is singular to working precision, " +
                "so H·p = −∇f has no unique solution. Newton.Minimize shifts such a Hessian and still makes progress."),
            _ => throw new InvalidOperationException(
                "No Newton step at " + OptimizationResult.FormatPoint(f.ParameterNames, x) + ": " +
                (OptimizerCore.IsFinite(workspace.Value, workspace.Gradient, workspace.Hessian)
                    ? "the step overflowed (the Hessian is nearly singular)."
                    : OptimizerCore.DescribeNonFinite(f, x, workspace.Value, workspace.Gradient, workspace.Hessian) + " is not finite.")),
        };
    }

    /// <summary>
    /// Minimizes f from <paramref name="start"/> by damped Newton's method: at each iterate the direction d solves
    /// (∇²f + τI)·d = −∇f by Cholesky, with τ = 0 where the Hessian is positive definite (the pure Newton step, so
    /// convergence is quadratic near a minimum with a positive definite Hessian) and otherwise the smallest τ of
    /// Nocedal and Wright's Algorithm 3.3 (Cholesky with added multiple of the identity) that makes it so, which makes d a
    /// descent direction; then a backtracking Armijo line search from the full step α = 1.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="start">The start x₀; exactly <see cref="IDifferentiableFunction.Dimension"/> elements.</param>
    /// <param name="options">Stopping rules and line-search parameters; <see cref="NewtonOptions.Default"/> when null.</param>
    /// <returns>The result; numerical failures (NaN, a failed line search) are statuses, not exceptions. The values of the
    /// iterates decrease (up to rounding, see <see cref="OptimizationOptions"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="start"/> does not have n elements.</exception>
    public static OptimizationResult Minimize(IDifferentiableFunction f, ReadOnlySpan<double> start, NewtonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Minimize(f, start, options, new NewtonWorkspace(f.Dimension));
    }

    /// <summary>
    /// <see cref="Minimize(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/> in a caller-provided
    /// workspace: with <see cref="OptimizationOptions.RecordIterates"/> false, the iterations allocate nothing (only the
    /// result does).
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="start">The start x₀; exactly <see cref="IDifferentiableFunction.Dimension"/> elements.</param>
    /// <param name="options">Stopping rules and line-search parameters; <see cref="NewtonOptions.Default"/> when null.</param>
    /// <param name="workspace">Buffers for dimension n; afterwards it holds the value, gradient and Hessian at the final point.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="workspace"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="start"/> does not have n elements, or <paramref name="workspace"/>
    /// is for another dimension.</exception>
    public static OptimizationResult Minimize(IDifferentiableFunction f, ReadOnlySpan<double> start, NewtonOptions? options, NewtonWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(workspace);
        CheckArguments(f, start, nameof(start), workspace);
        return OptimizerCore.Run(f, start, workspace, options ?? NewtonOptions.Default, Algorithm.DampedNewton, fallbackStepLength: 1);
    }

    /// <summary>
    /// Finds a critical point (∇f = 0) near <paramref name="start"/> by pure Newton iteration xₖ₊₁ = xₖ + pₖ,
    /// ∇²f(xₖ)·pₖ = −∇f(xₖ), with full steps and no line search: it converges (quadratically) to whichever
    /// critical point attracts the start, a minimum, a saddle point or a maximum. Run it from several starts to find
    /// several critical points, and classify each by the eigenvalues of its Hessian.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Polishing step: the gradient test ‖∇f‖∞ ≤ <see cref="OptimizationOptions.GradientTolerance"/> is absolute, so
    /// with the default 10⁻¹⁰ a run may stop about 10⁻¹¹ from the critical point (near a saddle with an eigenvalue
    /// of size 1, for instance). When the test is met, one more pure Newton step is therefore computed, and taken
    /// when it strictly reduces ‖∇f‖∞ (and f, ∇f and ∇²f are finite there); by quadratic convergence it brings the
    /// error to rounding level. It costs one evaluation (counted in <see cref="OptimizationResult.Evaluations"/>
    /// whether or not the step is taken); a step taken counts in <see cref="OptimizationResult.Iterations"/> and is
    /// recorded as the last iterate, and the status stays <see cref="OptimizationStatus.GradientConverged"/>, with
    /// the message giving both gradient norms. No polishing step is attempted when the gradient is exactly zero,
    /// when <see cref="OptimizationOptions.MaxIterations"/> steps have been taken, when the Hessian there is singular,
    /// or when the run ends for another reason (<see cref="OptimizationStatus.StepConverged"/>, for instance).
    /// <see cref="Minimize(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/> takes no polishing step.
    /// </para>
    /// </remarks>
    /// <param name="f">The function.</param>
    /// <param name="start">The start x₀; exactly <see cref="IDifferentiableFunction.Dimension"/> elements.</param>
    /// <param name="options">Stopping rules (the line-search parameters are not used); <see cref="NewtonOptions.Default"/> when null.</param>
    /// <returns>The result: converged, or <see cref="OptimizationStatus.SingularHessian"/>,
    /// <see cref="OptimizationStatus.NonFinite"/> (for instance after divergence) or <see cref="OptimizationStatus.MaxIterations"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="start"/> does not have n elements.</exception>
    public static OptimizationResult FindCriticalPoint(IDifferentiableFunction f, ReadOnlySpan<double> start, NewtonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return FindCriticalPoint(f, start, options, new NewtonWorkspace(f.Dimension));
    }

    /// <summary>
    /// <see cref="FindCriticalPoint(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/> in a
    /// caller-provided workspace (including its final polishing step).
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="start">The start x₀; exactly <see cref="IDifferentiableFunction.Dimension"/> elements.</param>
    /// <param name="options">Stopping rules; <see cref="NewtonOptions.Default"/> when null.</param>
    /// <param name="workspace">Buffers for dimension n; afterwards it holds the value, gradient and Hessian at the final point.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="workspace"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="start"/> does not have n elements, or <paramref name="workspace"/>
    /// is for another dimension.</exception>
    public static OptimizationResult FindCriticalPoint(IDifferentiableFunction f, ReadOnlySpan<double> start, NewtonOptions? options, NewtonWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(workspace);
        CheckArguments(f, start, nameof(start), workspace);
        return OptimizerCore.Run(f, start, workspace, options ?? NewtonOptions.Default, Algorithm.PureNewton, fallbackStepLength: 1);
    }

    /// <summary>Evaluates at x into the workspace and solves for the pure Newton step into <see cref="NewtonWorkspace.Direction"/>.</summary>
    internal static NewtonStepStatus StepCore(IDifferentiableFunction f, ReadOnlySpan<double> x, NewtonWorkspace ws)
    {
        int n = ws.Dimension;
        ws.Value = f.Hessian(x, ws.G, ws.H);
        if (!OptimizerCore.IsFinite(ws.Value, ws.G, ws.H))
        {
            return NewtonStepStatus.NonFinite;
        }

        return SolveNewtonSystem(ws, n);
    }

    /// <summary>Solves ∇²f·p = −∇f for the workspace's current gradient and Hessian into its direction buffer.</summary>
    internal static NewtonStepStatus SolveNewtonSystem(NewtonWorkspace ws, int n)
    {
        if (!DenseLinearAlgebra.TryLuFactor(ws.H, ws.Factor, n, ws.Pivots, ws.Scratch, out _))
        {
            return NewtonStepStatus.SingularHessian;
        }

        DenseLinearAlgebra.LuSolve(ws.Factor, n, ws.Pivots, ws.G, ws.Direction, sign: -1);
        return DenseLinearAlgebra.AllFinite(ws.Direction, out _) ? NewtonStepStatus.Ok : NewtonStepStatus.NonFinite;
    }

    /// <summary>Validates x against f and the workspace; returns n.</summary>
    internal static int CheckArguments(IDifferentiableFunction f, ReadOnlySpan<double> x, string xName, NewtonWorkspace workspace)
    {
        int n = f.Dimension;
        if (x.Length != n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{xName} must have exactly {n} elements (the dimension of f), but its length is {x.Length}."),
                xName);
        }

        if (workspace.Dimension != n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The workspace is for dimension {workspace.Dimension}, but f has dimension {n}; create it with new NewtonWorkspace({n})."),
                nameof(workspace));
        }

        return n;
    }
}

/// <summary>
/// Preallocated buffers of <see cref="Newton"/> for functions of dimension n: the gradient, the Hessian, its factor
/// and the trial point of the line search. Reuse one workspace across calls to make
/// <see cref="Newton.Step(IDifferentiableFunction, ReadOnlySpan{double}, Span{double}, NewtonWorkspace)"/> allocation-free.
/// A workspace is not thread-safe: use one per thread.
/// </summary>
public sealed class NewtonWorkspace
{
    /// <summary>Allocates the buffers for functions of <paramref name="n"/> parameters (O(n²) doubles).</summary>
    /// <param name="n">The dimension; non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative, or so large that n² overflows.</exception>
    public NewtonWorkspace(int n)
    {
        if (n < 0 || (long)n * n > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The dimension must be non-negative, with n² at most int.MaxValue.");
        }

        Dimension = n;
        X = new double[n];
        XTrial = new double[n];
        G = new double[n];
        GTrial = new double[n];
        H = new double[n * n];
        HTrial = new double[n * n];
        Factor = new double[n * n];
        Direction = new double[n];
        Scratch = new double[n];
        Pivots = new int[n];
    }

    /// <summary>The dimension n the buffers are for.</summary>
    public int Dimension { get; }

    /// <summary>f at the point of the last <see cref="Newton"/> call that used this workspace (NaN before the first).</summary>
    public double Value { get; internal set; } = double.NaN;

    /// <summary>∇f at that point (n elements). The span is valid until the workspace is used again.</summary>
    public ReadOnlySpan<double> Gradient => G;

    /// <summary>∇²f at that point, row-major (n × n elements). The span is valid until the workspace is used again.</summary>
    public ReadOnlySpan<double> Hessian => H;

    internal double[] X { get; private set; }

    internal double[] XTrial { get; private set; }

    internal double[] G { get; private set; }

    internal double[] GTrial { get; private set; }

    internal double[] H { get; private set; }

    internal double[] HTrial { get; private set; }

    internal double[] Factor { get; }

    internal double[] Direction { get; }

    internal double[] Scratch { get; }

    internal int[] Pivots { get; }

    /// <summary>Makes the trial point (and its gradient and Hessian) the current one.</summary>
    internal void AcceptTrial(double value)
    {
        (X, XTrial) = (XTrial, X);
        (G, GTrial) = (GTrial, G);
        (H, HTrial) = (HTrial, H);
        Value = value;
    }
}

/// <summary>The algorithms that share <see cref="OptimizerCore.Run"/>.</summary>
internal enum Algorithm
{
    DampedNewton,
    PureNewton,
    GradientDescent,
}

/// <summary>The iteration shared by damped Newton, pure Newton and gradient descent, and its line search.</summary>
internal static class OptimizerCore
{
    /// <summary>How much f may rise (× max(1, |f|)) for the approximate Armijo condition to be considered.</summary>
    internal const double RoundingAllowance = 1e-10;

    /// <summary>The curvature constant σ of the approximate Wolfe conditions: the slope must fall to σ·∇fᵀd or above.</summary>
    internal const double CurvatureSigma = 0.9;

    internal static OptimizationResult Run(
        IDifferentiableFunction f, ReadOnlySpan<double> start, NewtonWorkspace ws, OptimizationOptions options, Algorithm algorithm, double fallbackStepLength)
    {
        int n = ws.Dimension;
        string method = algorithm switch
        {
            Algorithm.DampedNewton => Newton.DampedMethod,
            Algorithm.PureNewton => Newton.PureMethod,
            _ => GradientDescent.Method,
        };

        var log = new IterationLog(options.RecordIterates, start);
        start.CopyTo(ws.X);
        double value = f.Hessian(ws.X, ws.G, ws.H);
        ws.Value = value;
        int evaluations = 1;
        int iterations = 0;
        int fallbacks = 0;
        double lastStep = double.NaN;
        log.StartValue(value, ws.G);

        OptimizationResult Finish(OptimizationStatus status, string message) =>
            log.Finish(method, f, status, message, ws.X, ws.Value, ws.G, iterations, evaluations, fallbacks);

        if (!IsFinite(value, ws.G, ws.H))
        {
            return Finish(OptimizationStatus.NonFinite, "Stopped at the start: " + DescribeNonFinite(f, ws.X, value, ws.G, ws.H) + " is not finite.");
        }

        while (true)
        {
            double gradientNorm = DenseLinearAlgebra.InfinityNorm(ws.G);
            double gradientTolerance = options.GradientTolerance;
            if (gradientNorm <= gradientTolerance)
            {
                // Pure Newton converges quadratically, so one more step from a point that passed the (absolute)
                // gradient test costs one evaluation and removes the remaining error to rounding level. It is kept
                // only if it strictly reduces ‖∇f‖∞ (at rounding level it may not), and MaxIterations is respected.
                if (algorithm == Algorithm.PureNewton && gradientNorm > 0 && iterations < options.MaxIterations &&
                    TryPolishingStep(f, ws, n, gradientNorm, ref evaluations))
                {
                    iterations++;
                    log.Add(ws.X, ws.Value, ws.G);
                    double polished = DenseLinearAlgebra.InfinityNorm(ws.G);
                    return Finish(OptimizationStatus.GradientConverged, Invariant(
                        $"Converged after {Plural(iterations, "iteration")}: ‖∇f‖∞ = {gradientNorm:G3} ≤ GradientTolerance = {gradientTolerance:G3} after {Plural(iterations - 1, "iteration")}, ") + Invariant(
                        $"then one polishing Newton step reduced it to {polished:G3}."));
                }

                return Finish(OptimizationStatus.GradientConverged, Invariant(
                    $"Converged after {Plural(iterations, "iteration")}: ‖∇f‖∞ = {gradientNorm:G3} ≤ GradientTolerance = {gradientTolerance:G3}."));
            }

            if (iterations > 0)
            {
                double stepTolerance = options.StepTolerance * (1 + DenseLinearAlgebra.InfinityNorm(ws.X));
                if (lastStep <= stepTolerance)
                {
                    return Finish(OptimizationStatus.StepConverged, Invariant(
                        $"Converged after {Plural(iterations, "iteration")}: the last step ‖Δx‖∞ = {lastStep:G3} ≤ StepTolerance·(1 + ‖x‖∞) = {stepTolerance:G3}, ") +
                        Invariant($"with ‖∇f‖∞ = {gradientNorm:G3} still above GradientTolerance = {gradientTolerance:G3}") +
                        (algorithm == Algorithm.GradientDescent
                            ? " (gradient descent is making no further progress)."
                            : " (a Newton step that small means the gradient is at the level of its rounding error)."));
                }
            }

            if (iterations >= options.MaxIterations)
            {
                return Finish(OptimizationStatus.MaxIterations, Invariant(
                    $"Not converged: stopped after MaxIterations = {options.MaxIterations} iterations with ‖∇f‖∞ = {gradientNorm:G3} > {gradientTolerance:G3}."));
            }

            double[] d = ws.Direction;
            double alpha0 = 1;
            double slope;
            string directionName;
            switch (algorithm)
            {
                case Algorithm.PureNewton:
                {
                    var status = Newton.SolveNewtonSystem(ws, n);
                    if (status == NewtonStepStatus.SingularHessian)
                    {
                        return Finish(OptimizationStatus.SingularHessian, Invariant(
                            $"Stopped after {Plural(iterations, "iteration")}: the Hessian at {OptimizationResult.FormatPoint(f.ParameterNames, ws.X)} is singular to working precision, ") + Invariant(
                            $"so the Newton system H·p = −∇f has no unique solution (try another start, or Newton.Minimize, which shifts the Hessian)."));
                    }

                    if (status == NewtonStepStatus.NonFinite)
                    {
                        return Finish(OptimizationStatus.NonFinite, Invariant(
                            $"Stopped after {Plural(iterations, "iteration")}: the Newton step at {OptimizationResult.FormatPoint(f.ParameterNames, ws.X)} overflowed (the Hessian is nearly singular)."));
                    }

                    for (int i = 0; i < n; i++)
                    {
                        ws.XTrial[i] = ws.X[i] + d[i];
                    }

                    double next = f.Hessian(ws.XTrial, ws.GTrial, ws.HTrial);
                    evaluations++;
                    iterations++;
                    lastStep = DenseLinearAlgebra.InfinityNorm(d);
                    ws.AcceptTrial(next);
                    value = next;
                    log.Add(ws.X, value, ws.G);
                    if (!IsFinite(value, ws.G, ws.H))
                    {
                        return Finish(OptimizationStatus.NonFinite, Invariant(
                            $"Stopped after {Plural(iterations, "iteration")}: {DescribeNonFinite(f, ws.X, value, ws.G, ws.H)} is not finite (the iteration may have diverged)."));
                    }

                    continue;
                }

                case Algorithm.DampedNewton:
                {
                    bool factored = DenseLinearAlgebra.TryModifiedCholesky(ws.H, n, ws.Factor, out double tau);
                    if (factored)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            d[i] = -ws.G[i];
                        }

                        DenseLinearAlgebra.CholeskySolve(ws.Factor, n, d);
                        slope = DenseLinearAlgebra.Dot(ws.G, d);
                        directionName = tau > 0 ? "shifted Newton direction (τ = " + OptimizationResult.Format(tau, "G3") + ")" : "Newton direction";
                        if (tau > 0)
                        {
                            fallbacks++;
                        }
                    }
                    else
                    {
                        slope = double.NaN;
                        directionName = string.Empty;
                    }

                    if (!(slope < 0) || !DenseLinearAlgebra.AllFinite(d, out _))
                    {
                        // Only for pathological Hessians (overflow, or rounding that spoils the descent property):
                        // steepest descent is always a descent direction.
                        if (factored)
                        {
                            fallbacks++;
                        }

                        slope = SteepestDescent(ws.G, d);
                        directionName = "steepest-descent direction";
                    }

                    break;
                }

                default:
                {
                    double gg = -SteepestDescent(ws.G, d);
                    double gHg = DenseLinearAlgebra.QuadraticForm(ws.G, ws.H);
                    double optimal = gg / gHg;
                    if (gHg > 0 && optimal > 0 && double.IsFinite(optimal))
                    {
                        alpha0 = optimal;
                        directionName = "steepest-descent direction from the optimal quadratic step";
                    }
                    else
                    {
                        alpha0 = fallbackStepLength / DenseLinearAlgebra.TwoNorm(ws.G);
                        directionName = "steepest-descent direction (gᵀHg ≤ 0, backtracking from FallbackStepLength)";
                        fallbacks++;
                    }

                    slope = -gg;
                    break;
                }
            }

            var outcome = LineSearch(f, ws, options, value, slope, alpha0, ref evaluations, out double alpha, out double trialValue, out int nonFiniteTrials);
            if (outcome == LineSearchOutcome.Accepted)
            {
                iterations++;
                lastStep = alpha * DenseLinearAlgebra.InfinityNorm(d);
                ws.AcceptTrial(trialValue);
                value = trialValue;
                log.Add(ws.X, value, ws.G);
                continue;
            }

            int trials = options.MaxBacktracks + 1;
            if (outcome == LineSearchOutcome.AllNonFinite)
            {
                string detail = DescribeNonFinite(f, ws.XTrial, trialValue, ws.GTrial, ws.HTrial);
                return Finish(OptimizationStatus.NonFinite, Invariant(
                    $"Stopped after {Plural(iterations, "iteration")}: {(trials == 1 ? "the only trial point" : $"all {trials} trial points")} along the {directionName} gave a non-finite value, gradient or Hessian ") + Invariant(
                    $"(outside the function's domain, or overflow; at the last trial, step α = {alpha:G3}: {detail} is not finite); x is the last finite iterate."));
            }

            return Finish(OptimizationStatus.LineSearchFailed, Invariant(
                $"Stopped after {Plural(iterations, "iteration")}: no step along the {directionName} satisfied the Armijo condition in {Plural(trials, "trial")} ") + Invariant(
                $"(α from {alpha0:G3} down to {alpha:G3}{(nonFiniteTrials > 0 ? $"; {nonFiniteTrials} trial points were not finite" : string.Empty)}), ") + Invariant(
                $"with ‖∇f‖∞ = {gradientNorm:G3}. If that is small, x may already be optimal to the precision f can be evaluated; ") + Invariant(
                $"otherwise the derivatives may be inconsistent with f."));
        }
    }

    /// <summary>
    /// The polishing step of pure Newton: one more step x + p, ∇²f(x)·p = −∇f(x), from the converged point x, accepted
    /// (made the workspace's current point) only when f, ∇f and ∇²f are finite there and ‖∇f‖∞ is strictly below
    /// <paramref name="gradientNorm"/>, the norm at x. Otherwise the workspace's current point is left unchanged.
    /// </summary>
    private static bool TryPolishingStep(IDifferentiableFunction f, NewtonWorkspace ws, int n, double gradientNorm, ref int evaluations)
    {
        if (Newton.SolveNewtonSystem(ws, n) != NewtonStepStatus.Ok)
        {
            return false;
        }

        double[] d = ws.Direction;
        for (int i = 0; i < n; i++)
        {
            ws.XTrial[i] = ws.X[i] + d[i];
        }

        double trialValue = f.Hessian(ws.XTrial, ws.GTrial, ws.HTrial);
        evaluations++;
        if (!IsFinite(trialValue, ws.GTrial, ws.HTrial) || !(DenseLinearAlgebra.InfinityNorm(ws.GTrial) < gradientNorm))
        {
            return false;
        }

        ws.AcceptTrial(trialValue);
        return true;
    }

    /// <summary>Writes d = −g and returns the slope gᵀd = −‖g‖².</summary>
    private static double SteepestDescent(ReadOnlySpan<double> g, Span<double> d)
    {
        double slope = 0;
        for (int i = 0; i < g.Length; i++)
        {
            d[i] = -g[i];
            slope -= g[i] * g[i];
        }

        return slope;
    }

    internal enum LineSearchOutcome
    {
        Accepted,
        Failed,
        AllNonFinite,
    }

    /// <summary>
    /// Backtracking from α₀ along the workspace's direction; the accepted trial is left in the workspace's trial
    /// buffers. See <see cref="OptimizationOptions"/> for the acceptance rules.
    /// </summary>
    private static LineSearchOutcome LineSearch(
        IDifferentiableFunction f,
        NewtonWorkspace ws,
        OptimizationOptions options,
        double value,
        double slope,
        double alpha0,
        ref int evaluations,
        out double alpha,
        out double trialValue,
        out int nonFiniteTrials)
    {
        int n = ws.Dimension;
        double[] x = ws.X, d = ws.Direction, xTrial = ws.XTrial, gTrial = ws.GTrial, hTrial = ws.HTrial;
        double allowance = RoundingAllowance * Math.Max(1, Math.Abs(value));
        double c1 = options.ArmijoC1;
        alpha = alpha0;
        nonFiniteTrials = 0;
        for (int backtrack = 0; ; backtrack++)
        {
            for (int i = 0; i < n; i++)
            {
                xTrial[i] = x[i] + (alpha * d[i]);
            }

            trialValue = f.Hessian(xTrial, gTrial, hTrial);
            evaluations++;
            if (IsFinite(trialValue, gTrial, hTrial))
            {
                // The difference form: f + c₁αgᵀd would round to f for tiny α and accept a null step.
                double change = trialValue - value;
                if (change <= c1 * alpha * slope)
                {
                    return LineSearchOutcome.Accepted;
                }

                if (change <= allowance)
                {
                    double trialSlope = DenseLinearAlgebra.Dot(gTrial, d);
                    if (trialSlope <= (1 - (2 * c1)) * -slope && trialSlope >= CurvatureSigma * slope)
                    {
                        return LineSearchOutcome.Accepted;
                    }
                }
            }
            else
            {
                nonFiniteTrials++;
            }

            if (backtrack >= options.MaxBacktracks)
            {
                return nonFiniteTrials == backtrack + 1 ? LineSearchOutcome.AllNonFinite : LineSearchOutcome.Failed;
            }

            alpha *= options.BacktrackingFactor;
        }
    }

    internal static bool IsFinite(double value, ReadOnlySpan<double> gradient, ReadOnlySpan<double> hessian) =>
        double.IsFinite(value) && DenseLinearAlgebra.AllFinite(gradient, out _) && DenseLinearAlgebra.AllFinite(hessian, out _);

    /// <summary>"∂f/∂y = NaN at (x = 1, y = −2)": the first non-finite quantity among value, gradient, Hessian.</summary>
    internal static string DescribeNonFinite(
        IDifferentiableFunction f, ReadOnlySpan<double> x, double value, ReadOnlySpan<double> gradient, ReadOnlySpan<double> hessian)
    {
        IReadOnlyList<string>? names = f.ParameterNames;
        int n = x.Length;
        string Name(int i) => names is not null && names.Count == n ? names[i] : "x[" + i.ToString(CultureInfo.InvariantCulture) + "]";
        string where = " at " + OptimizationResult.FormatPoint(names, x);
        if (!double.IsFinite(value))
        {
            return "the value f = " + OptimizationResult.Format(value) + where;
        }

        if (!DenseLinearAlgebra.AllFinite(gradient, out int i))
        {
            return "the gradient entry ∂f/∂" + Name(i) + " = " + OptimizationResult.Format(gradient[i]) + where;
        }

        if (!DenseLinearAlgebra.AllFinite(hessian, out int k) && n > 0)
        {
            return "the Hessian entry ∂²f/∂" + Name(k / n) + "∂" + Name(k % n) + " = " + OptimizationResult.Format(hessian[k]) + where;
        }

        return "nothing" + where;
    }

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
