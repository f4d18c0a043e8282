using System;
using System.Collections.Generic;

namespace SymDiff;

/// <summary>
/// A twice-differentiable scalar function f: ℝⁿ → ℝ over a flat parameter vector, with exact derivatives.
/// The generator implements it for every <see cref="DifferentiableAttribute"/> method <c>F</c> as the static
/// property <c>FFunction</c>, so generic algorithms (<see cref="Newton"/>, <see cref="GradientDescent"/>,
/// <see cref="Curvature"/>, <see cref="GradientCheck"/>) take a generated function in one line:
/// <c>Newton.Minimize(Model.FFunction, start)</c>.
/// </summary>
/// <remarks>
/// The vector x holds the method's differentiable parameters in declaration order. Implementations validate span
/// lengths and throw <see cref="ArgumentException"/> naming the span; they never allocate. The Hessian is symmetric
/// (the algorithms may read either triangle).
/// </remarks>
public interface IDifferentiableFunction
{
    /// <summary>The number n of parameters: the length of x and of the gradient; the Hessian has n × n entries.</summary>
    int Dimension { get; }

    /// <summary>The parameter names, in order (for reports).</summary>
    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>f(x).</summary>
    /// <param name="x">The point; its length must be <see cref="Dimension"/>.</param>
    double Value(ReadOnlySpan<double> x);

    /// <summary>f(x), and ∇f(x) written to <paramref name="gradient"/>.</summary>
    /// <param name="x">The point; its length must be <see cref="Dimension"/>.</param>
    /// <param name="gradient">Receives ∂f/∂xᵢ; at least <see cref="Dimension"/> elements.</param>
    double Gradient(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>f(x), with ∇f(x) and the row-major Hessian ∇²f(x) written to the spans.</summary>
    /// <param name="x">The point; its length must be <see cref="Dimension"/>.</param>
    /// <param name="gradient">Receives ∂f/∂xᵢ; at least <see cref="Dimension"/> elements.</param>
    /// <param name="hessian">Receives ∂²f/∂xᵢ∂xⱼ at <c>i * n + j</c>; at least n² elements.</param>
    double Hessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian);

    /// <summary>f(x), and the Hessian-vector product ∇²f(x)·v written to <paramref name="product"/>.</summary>
    /// <remarks>
    /// Generated implementations compute H·v directly, by one forward sweep over the gradient, without forming H and
    /// without allocating. This default, for hand-written implementations, forms the dense Hessian with
    /// <see cref="Hessian"/> in temporary arrays and multiplies.
    /// </remarks>
    /// <param name="x">The point; its length must be <see cref="Dimension"/>.</param>
    /// <param name="vector">The vector v; at least <see cref="Dimension"/> elements.</param>
    /// <param name="product">Receives H·v; at least <see cref="Dimension"/> elements.</param>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    double HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> vector, Span<double> product)
    {
        int n = Dimension;
        if (vector.Length < n)
        {
            throw new ArgumentException($"vector must have at least {n} elements, but its length is {vector.Length}.", nameof(vector));
        }

        if (product.Length < n)
        {
            throw new ArgumentException($"product must have at least {n} elements, but its length is {product.Length}.", nameof(product));
        }

        var gradient = new double[n];
        var hessian = new double[n * n];
        double value = Hessian(x, gradient, hessian);
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++)
            {
                sum += hessian[(i * n) + j] * vector[j];
            }

            product[i] = sum;
        }

        return value;
    }
}
