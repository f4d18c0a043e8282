using System;
using System.Collections.Generic;
using System.Globalization;

namespace SymDiff.Samples.Problems;

/// <summary>The value of a function of one flat parameter vector.</summary>
public delegate double SpanValue(ReadOnlySpan<double> x);

/// <summary>The value and gradient of a function of one flat parameter vector (the shape of a generated <c>FGradient</c> with its data bound).</summary>
public delegate double SpanGradient(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>The value, gradient and row-major Hessian of a function of one flat parameter vector (the shape of a generated <c>FHessian</c> with its data bound).</summary>
public delegate double SpanHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian);

/// <summary>
/// An <see cref="IDifferentiableFunction"/> over generated methods whose parameters are spans and fixed data (a label,
/// a data matrix), with the data bound in lambdas: <c>new SpanFunction(names, z => F(z, label), (z, g) =>
/// FGradient(z, label, g), ...)</c>. It lets <see cref="GradientCheck"/> and <see cref="Newton"/> run on such
/// methods, whose generated code has no parameterless <c>FFunction</c> property.
/// </summary>
public sealed class SpanFunction : IDifferentiableFunction
{
    private readonly SpanValue value;
    private readonly SpanGradient gradient;
    private readonly SpanHessian? hessian;

    /// <summary>Creates the function.</summary>
    /// <param name="parameterNames">One name per entry of the parameter vector; their count is the dimension.</param>
    /// <param name="value">f(x).</param>
    /// <param name="gradient">f(x) and ∇f(x).</param>
    /// <param name="hessian">f(x), ∇f(x) and ∇²f(x); when null, <see cref="Hessian"/> throws (check gradients only).</param>
    public SpanFunction(IReadOnlyList<string> parameterNames, SpanValue value, SpanGradient gradient, SpanHessian? hessian = null)
    {
        ParameterNames = parameterNames ?? throw new ArgumentNullException(nameof(parameterNames));
        this.value = value ?? throw new ArgumentNullException(nameof(value));
        this.gradient = gradient ?? throw new ArgumentNullException(nameof(gradient));
        this.hessian = hessian;
    }

    /// <inheritdoc />
    public int Dimension => ParameterNames.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public double Value(ReadOnlySpan<double> x)
    {
        Require(x.Length == Dimension, x.Length, "exactly", nameof(x));
        return value(x);
    }

    /// <inheritdoc />
    public double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Require(x.Length == Dimension, x.Length, "exactly", nameof(x));
        Require(gradient.Length >= Dimension, gradient.Length, "at least", nameof(gradient));
        return this.gradient(x, gradient.Slice(0, Dimension));
    }

    /// <inheritdoc />
    public double Hessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        if (this.hessian is null)
        {
            throw new NotSupportedException("This function was created without a Hessian.");
        }

        int n = Dimension;
        Require(x.Length == n, x.Length, "exactly", nameof(x));
        Require(gradient.Length >= n, gradient.Length, "at least", nameof(gradient));
        if (hessian.Length < n * n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"hessian must have at least {n * n} elements, but its length is {hessian.Length}."), nameof(hessian));
        }

        return this.hessian(x, gradient.Slice(0, n), hessian.Slice(0, n * n));
    }

    private void Require(bool ok, int length, string bound, string name)
    {
        if (!ok)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{name} must have {bound} {Dimension} elements, but its length is {length}."), name);
        }
    }
}
