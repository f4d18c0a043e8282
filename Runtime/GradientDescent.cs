using System;
using System.Globalization;

namespace SymDiff;

/// <summary>
/// Gradient descent xₖ₊₁ = xₖ − αₖ·∇f(xₖ) with the optimal step of the local quadratic model (document 000,
/// problem 2.c): along −g the model f(x) − α·gᵀg + ½α²·gᵀHg is smallest at α = gᵀg / gᵀHg, which needs the exact
/// Hessian the generator provides. On a convex quadratic this is exact line search (steepest descent with exact
/// steps); elsewhere it is a second-order guess checked by the Armijo condition.
/// </summary>
public static class GradientDescent
{
    internal const string Method = "Gradient descent (optimal quadratic step)";

    /// <summary>
    /// Minimizes f from <paramref name="start"/> by gradient descent. At each iterate, with g = ∇f(x) and H = ∇²f(x):
    /// <list type="bullet">
    /// <item><description>if gᵀHg &gt; 0, the step α = gᵀg / gᵀHg (<see cref="OptimalStepSize"/>) is tried first and
    /// accepted when it satisfies the Armijo condition (always, up to rounding, on a convex quadratic); otherwise it is
    /// backtracked;</description></item>
    /// <item><description>if gᵀHg ≤ 0 (f is not convex along −g, so the quadratic model has no minimum along it), a
    /// backtracking Armijo line search starts from α₀ = <see cref="GradientDescentOptions.FallbackStepLength"/> / ‖g‖₂,
    /// a move of that length; these iterations are counted in <see cref="OptimizationResult.FallbackIterations"/>.</description></item>
    /// </list>
    /// The stopping rules are those of <see cref="OptimizationOptions"/>, as for Newton's method, so iteration counts are
    /// comparable.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="start">The start x₀; exactly <see cref="IDifferentiableFunction.Dimension"/> elements.</param>
    /// <param name="options">Stopping rules and line-search parameters; <see cref="GradientDescentOptions.Default"/> when null.</param>
    /// <returns>The result; numerical failures are statuses, not exceptions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="start"/> does not have n elements.</exception>
    public static OptimizationResult Minimize(IDifferentiableFunction f, ReadOnlySpan<double> start, GradientDescentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        var workspace = new NewtonWorkspace(f.Dimension);
        Newton.CheckArguments(f, start, nameof(start), workspace);
        options ??= GradientDescentOptions.Default;
        return OptimizerCore.Run(f, start, workspace, options, Algorithm.GradientDescent, options.FallbackStepLength);
    }

    /// <summary>
    /// The optimal step α = gᵀg / gᵀHg of gradient descent along −g for the quadratic model with gradient g and Hessian
    /// H (document 000, problem 2.c): it minimizes f(x) − α·gᵀg + ½α²·gᵀHg.
    /// </summary>
    /// <param name="gradient">g; its length is n.</param>
    /// <param name="hessian">H, row-major (entry (i, j) at <c>i * n + j</c>); at least n² elements, as
    /// <see cref="IDifferentiableFunction.Hessian"/> accepts, and only the first n² are read.</param>
    /// <returns>
    /// α &gt; 0; or <see cref="double.NaN"/> when no optimal step exists: gᵀHg ≤ 0 (the model is not bounded below along −g),
    /// g = 0 (nothing to do), or the inputs are not finite. Test the result with <see cref="double.IsNaN(double)"/>.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="hessian"/> has fewer than n² elements.</exception>
    public static double OptimalStepSize(ReadOnlySpan<double> gradient, ReadOnlySpan<double> hessian)
    {
        int n = gradient.Length;
        long required = (long)n * n;
        if (hessian.Length < required)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"hessian must have at least n² = {required} elements for a gradient of length {n}, but its length is {hessian.Length}."),
                nameof(hessian));
        }

        double gg = DenseLinearAlgebra.Dot(gradient, gradient);
        double gHg = DenseLinearAlgebra.QuadraticForm(gradient, hessian.Slice(0, (int)required));
        double alpha = gg / gHg;
        return gHg > 0 && alpha > 0 && double.IsFinite(alpha) ? alpha : double.NaN;
    }
}
