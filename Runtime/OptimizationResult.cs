using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace SymDiff;

/// <summary>
/// The outcome of an optimization run (<see cref="Newton.Minimize(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>,
/// <see cref="Newton.FindCriticalPoint(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>,
/// <see cref="GradientDescent.Minimize(IDifferentiableFunction, ReadOnlySpan{double}, GradientDescentOptions?)"/>):
/// the final point with its value and gradient, the path taken, and why the run stopped.
/// </summary>
/// <remarks>
/// Always check <see cref="Converged"/> (or <see cref="Status"/>): a run that fails numerically returns a result,
/// it does not throw. The arrays are the result's own copies; changing them changes nothing else.
/// A vanishing gradient means a critical point: <see cref="Newton.Minimize(IDifferentiableFunction, ReadOnlySpan{double}, NewtonOptions?)"/>
/// only moves downhill, so from a generic start it reaches a local minimum, but started exactly at a saddle or
/// maximum it stops there; check the Hessian's eigenvalues to classify the point.
/// </remarks>
public sealed class OptimizationResult
{
    internal OptimizationResult(
        string method,
        IReadOnlyList<string> parameterNames,
        OptimizationStatus status,
        string message,
        double[] solution,
        double value,
        double[] gradient,
        int iterations,
        int evaluations,
        int fallbackIterations,
        List<double[]> iterates,
        List<double> values,
        List<double> gradientNorms)
    {
        Method = method;
        ParameterNames = parameterNames;
        Status = status;
        Message = message;
        Solution = solution;
        Value = value;
        Gradient = gradient;
        GradientNorm = DenseLinearAlgebra.InfinityNorm(gradient);
        Iterations = iterations;
        Evaluations = evaluations;
        FallbackIterations = fallbackIterations;
        Iterates = new ReadOnlyCollection<double[]>(iterates);
        Values = new ReadOnlyCollection<double>(values);
        GradientNorms = new ReadOnlyCollection<double>(gradientNorms);
    }

    /// <summary>The algorithm that produced the result, e.g. "Newton (damped)", for reports.</summary>
    public string Method { get; }

    /// <summary>The function's parameter names (<see cref="IDifferentiableFunction.ParameterNames"/>), for reports.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Why the run stopped.</summary>
    public OptimizationStatus Status { get; }

    /// <summary>
    /// Whether the run converged: <see cref="Status"/> is <see cref="OptimizationStatus.GradientConverged"/> or
    /// <see cref="OptimizationStatus.StepConverged"/>.
    /// </summary>
    public bool Converged => Status is OptimizationStatus.GradientConverged or OptimizationStatus.StepConverged;

    /// <summary>A sentence for humans explaining <see cref="Status"/> with the numbers that decided it.</summary>
    public string Message { get; }

    /// <summary>
    /// The final point: the last iterate. When <see cref="Status"/> is <see cref="OptimizationStatus.NonFinite"/> this
    /// is the point where a non-finite value, gradient or Hessian was found (or, if the line search only found
    /// non-finite trial points, the last finite iterate).
    /// </summary>
    public double[] Solution { get; }

    /// <summary>f(<see cref="Solution"/>).</summary>
    public double Value { get; }

    /// <summary>∇f(<see cref="Solution"/>).</summary>
    public double[] Gradient { get; }

    /// <summary>The infinity norm max |∂f/∂xᵢ| of <see cref="Gradient"/> (NaN if an entry is NaN).</summary>
    public double GradientNorm { get; }

    /// <summary>The number of steps taken (accepted iterates after the start).</summary>
    public int Iterations { get; }

    /// <summary>
    /// The number of evaluations of the function (each computes value, gradient and Hessian), line-search trials
    /// included.
    /// </summary>
    public int Evaluations { get; }

    /// <summary>
    /// The number of iterations that used the method's fallback: for Newton's method, iterations whose Hessian was not
    /// (numerically) positive definite and was shifted by τI (modified Cholesky); for gradient descent, iterations where
    /// gᵀHg ≤ 0 so the optimal quadratic step did not exist and a backtracking line search was used instead.
    /// </summary>
    public int FallbackIterations { get; }

    /// <summary>
    /// The iterates x₀ (the start), x₁, …, ending with <see cref="Solution"/>; when
    /// <see cref="OptimizationOptions.RecordIterates"/> is false, only the start and the final point.
    /// </summary>
    public IReadOnlyList<double[]> Iterates { get; }

    /// <summary>f at each entry of <see cref="Iterates"/>.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>
    /// The infinity norm ‖∇f‖∞ = max |∂f/∂xᵢ| at each entry of <see cref="Iterates"/> (the same length as
    /// <see cref="Iterates"/> and <see cref="Values"/>), from the gradient the run computed there, so no re-evaluation
    /// is needed to tabulate a run; the last entry is <see cref="GradientNorm"/>. Like the iterates, every entry is
    /// kept only when <see cref="OptimizationOptions.RecordIterates"/> is true; otherwise only the start's and the
    /// final point's. NaN where a gradient entry is NaN.
    /// </summary>
    public IReadOnlyList<double> GradientNorms { get; }

    /// <summary>
    /// A one-line summary: method, status, iterations, the solution with parameter names, value and gradient norm,
    /// culture-invariant, for example
    /// <c>Newton (damped): GradientConverged after 1 iteration, (x = 0.9, y = -0.7), f = -2.15, ‖∇f‖∞ = 1.8E-15</c>
    /// (coordinates and f with 10 significant digits; the gradient norm, like every small error or tolerance in the
    /// runtime's reports, with two in exponent form, as 1.8E-15, or 0).
    /// </summary>
    /// <returns>The summary, one line.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Method).Append(": ").Append(Status).Append(" after ").Append(Iterations)
            .Append(Iterations == 1 ? " iteration" : " iterations").Append(", ");
        text.Append(FormatPoint(ParameterNames, Solution));
        text.Append(", f = ").Append(Format(Value));
        text.Append(", ‖∇f‖∞ = ").Append(ReportText.Error(GradientNorm));
        return text.ToString();
    }

    internal static string Format(double value, string format = "G10") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"x = 1, y = 2" (or "x₀ = 1, …" when the names are missing or of the wrong count).</summary>
    internal static string FormatPoint(IReadOnlyList<string>? names, ReadOnlySpan<double> point)
    {
        bool named = names is not null && names.Count == point.Length;
        var text = new StringBuilder("(");
        for (int i = 0; i < point.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(named ? names![i] : "x[" + i.ToString(CultureInfo.InvariantCulture) + "]").Append(" = ").Append(Format(point[i]));
        }

        return text.Append(')').ToString();
    }
}

/// <summary>Collects the path of a run and builds its <see cref="OptimizationResult"/>.</summary>
internal sealed class IterationLog
{
    private readonly List<double[]> _iterates = new();
    private readonly List<double> _values = new();
    private readonly List<double> _gradientNorms = new();
    private readonly bool _recordAll;

    internal IterationLog(bool recordAll, ReadOnlySpan<double> start)
    {
        _recordAll = recordAll;
        _iterates.Add(start.ToArray());
    }

    /// <summary>Records the value and the gradient at the start (the first evaluation).</summary>
    internal void StartValue(double value, ReadOnlySpan<double> gradient)
    {
        _values.Add(value);
        _gradientNorms.Add(DenseLinearAlgebra.InfinityNorm(gradient));
    }

    /// <summary>Records an accepted iterate with its value and gradient (only if every iterate is kept).</summary>
    internal void Add(ReadOnlySpan<double> x, double value, ReadOnlySpan<double> gradient)
    {
        if (_recordAll)
        {
            _iterates.Add(x.ToArray());
            _values.Add(value);
            _gradientNorms.Add(DenseLinearAlgebra.InfinityNorm(gradient));
        }
    }

    internal OptimizationResult Finish(
        string method,
        IDifferentiableFunction f,
        OptimizationStatus status,
        string message,
        ReadOnlySpan<double> x,
        double value,
        ReadOnlySpan<double> gradient,
        int iterations,
        int evaluations,
        int fallbackIterations)
    {
        if (_values.Count == 0)
        {
            StartValue(value, gradient);
        }

        // Without the full record, end with the final point (unless the run never left the start).
        if (!_recordAll && iterations > 0)
        {
            _iterates.Add(x.ToArray());
            _values.Add(value);
            _gradientNorms.Add(DenseLinearAlgebra.InfinityNorm(gradient));
        }

        return new OptimizationResult(method, f.ParameterNames, status, message, x.ToArray(), value, gradient.ToArray(),
            iterations, evaluations, fallbackIterations, _iterates, _values, _gradientNorms);
    }
}

/// <summary>
/// The number formats shared by the runtime's reports (<see cref="OptimizationResult.ToString"/>,
/// <see cref="CriticalPoint.ToString"/>, <see cref="PositiveSemidefiniteCheck.ToString"/>,
/// <see cref="GradientCheckReport.ToString"/>): culture-invariant, and one style for small errors, norms and
/// tolerances. Multi-line reports separate their lines with '\n' (never <see cref="Environment.NewLine"/>) and do
/// not end with one.
/// </summary>
internal static class ReportText
{
    /// <summary>The line separator of multi-line reports.</summary>
    internal const char NewLine = '\n';

    /// <summary>
    /// An error, norm or tolerance with two significant digits in exponent form whatever its size: 1.3E-11, 1.0E-8,
    /// 1.9E+1 (the samples' style); "0" for zero, and NaN, Infinity and -Infinity as such.
    /// </summary>
    internal static string Error(double value) =>
        value == 0 ? "0"
        : double.IsFinite(value) ? value.ToString("0.0E+0", CultureInfo.InvariantCulture)
        : value.ToString(CultureInfo.InvariantCulture);
}
