using System;

namespace SymDiff.Benchmarks;

/// <summary>A scalar function of a vector, for <see cref="CentralDifferences"/>.</summary>
/// <param name="point">The point θ.</param>
/// <returns>f(θ).</returns>
public delegate double Objective(ReadOnlySpan<double> point);

/// <summary>A scalar function of a vector with its gradient, for <see cref="CentralDifferences"/>.</summary>
/// <param name="point">The point θ.</param>
/// <param name="gradient">Receives ∇f(θ) in its first θ.Length entries.</param>
/// <returns>f(θ).</returns>
public delegate double ObjectiveGradient(ReadOnlySpan<double> point, Span<double> gradient);

/// <summary>
/// Central finite differences, what one writes without derivatives: the benchmarks' finite-difference rows and the
/// verification's reference derivatives. Steps are ∛ε relative to the scale of the point, which balances the
/// truncation error O(h²) against the rounding error O(ε/h); each quotient divides by the distance between the two
/// points actually evaluated, not by 2h. The function is called through a delegate (as a general-purpose routine
/// would); nothing allocates.
/// </summary>
public static class CentralDifferences
{
    /// <summary>The relative step ∛ε ≈ 6.06e-6, ε = 2⁻⁵² the machine epsilon of <see cref="double"/>.</summary>
    public static readonly double RelativeStep = Math.Cbrt(Math.Pow(2, -52));

    /// <summary>
    /// Returns f(θ) and writes the central-difference gradient, (f(θ + hᵢeᵢ) − f(θ − hᵢeᵢ)) / 2hᵢ with
    /// hᵢ = <see cref="RelativeStep"/>·max(1, |θᵢ|): 2n + 1 evaluations of f.
    /// </summary>
    /// <param name="function">The function f.</param>
    /// <param name="point">The point θ; its entries are moved one at a time and put back exactly.</param>
    /// <param name="gradient">Receives the gradient; at least θ.Length long.</param>
    public static double Gradient(Objective function, Span<double> point, Span<double> gradient)
    {
        int n = point.Length;
        if (gradient.Length < n)
        {
            throw new ArgumentException("gradient must be at least as long as point.", nameof(gradient));
        }

        for (int i = 0; i < n; i++)
        {
            double x = point[i];
            double h = RelativeStep * Math.Max(1, Math.Abs(x));
            double up = x + h;
            double down = x - h;
            point[i] = up;
            double plus = function(point);
            point[i] = down;
            double minus = function(point);
            point[i] = x;
            gradient[i] = (plus - minus) / (up - down);
        }

        return function(point);
    }

    /// <summary>
    /// Writes the Hessian-vector product H·v ≈ (∇f(θ + hv) − ∇f(θ − hv)) / 2h, h = <see cref="RelativeStep"/>·max(1,
    /// ‖θ‖∞) / ‖v‖∞: two evaluations of the gradient. Returns (f(θ + hv) + f(θ − hv)) / 2, which is f(θ) up to O(h²).
    /// </summary>
    /// <param name="gradient">The gradient ∇f (with the value).</param>
    /// <param name="point">The point θ.</param>
    /// <param name="vector">The direction v; θ.Length long.</param>
    /// <param name="work">Scratch space; at least 2·θ.Length long.</param>
    /// <param name="product">Receives H·v; at least θ.Length long.</param>
    public static double HessianVectorProduct(
        ObjectiveGradient gradient, ReadOnlySpan<double> point, ReadOnlySpan<double> vector, Span<double> work, Span<double> product)
    {
        int n = point.Length;
        if (vector.Length != n)
        {
            throw new ArgumentException("vector must be as long as point.", nameof(vector));
        }

        if (work.Length < 2 * n)
        {
            throw new ArgumentException("work must be at least twice as long as point.", nameof(work));
        }

        if (product.Length < n)
        {
            throw new ArgumentException("product must be at least as long as point.", nameof(product));
        }

        Span<double> shifted = work[..n];
        Span<double> minus = work.Slice(n, n);
        product = product[..n];
        double vectorNorm = MaxAbs(vector);
        if (vectorNorm == 0)
        {
            product.Clear();
            return gradient(point, minus);
        }

        double h = RelativeStep * Math.Max(1, MaxAbs(point)) / vectorNorm;
        for (int i = 0; i < n; i++)
        {
            shifted[i] = point[i] + h * vector[i];
        }

        double valuePlus = gradient(shifted, product);
        for (int i = 0; i < n; i++)
        {
            shifted[i] = point[i] - h * vector[i];
        }

        double valueMinus = gradient(shifted, minus);
        double scale = 1 / (2 * h);
        for (int i = 0; i < n; i++)
        {
            product[i] = (product[i] - minus[i]) * scale;
        }

        return 0.5 * (valuePlus + valueMinus);
    }

    /// <summary>
    /// Returns f(θ), writes ∇f(θ) and the row-major n × n Hessian from central differences of the gradient: row i is
    /// (∇f(θ + hᵢeᵢ) − ∇f(θ − hᵢeᵢ)) / 2hᵢ, hᵢ = <see cref="RelativeStep"/>·max(1, |θᵢ|), then the matrix is
    /// symmetrized, (H + Hᵀ)/2. 2n + 1 evaluations of the gradient.
    /// </summary>
    /// <param name="gradient">The gradient ∇f (with the value).</param>
    /// <param name="point">The point θ.</param>
    /// <param name="work">Scratch space; at least 2·θ.Length long.</param>
    /// <param name="gradientOutput">Receives ∇f(θ); at least θ.Length long.</param>
    /// <param name="hessian">Receives the Hessian; at least θ.Length² long.</param>
    public static double Hessian(
        ObjectiveGradient gradient, ReadOnlySpan<double> point, Span<double> work, Span<double> gradientOutput, Span<double> hessian)
    {
        int n = point.Length;
        if (work.Length < 2 * n)
        {
            throw new ArgumentException("work must be at least twice as long as point.", nameof(work));
        }

        if (gradientOutput.Length < n)
        {
            throw new ArgumentException("gradientOutput must be at least as long as point.", nameof(gradientOutput));
        }

        if (hessian.Length < n * n)
        {
            throw new ArgumentException("hessian must have at least point.Length² elements.", nameof(hessian));
        }

        double value = gradient(point, gradientOutput);
        Span<double> shifted = work[..n];
        Span<double> minus = work.Slice(n, n);
        point.CopyTo(shifted);
        for (int i = 0; i < n; i++)
        {
            Span<double> row = hessian.Slice(i * n, n);
            double x = point[i];
            double h = RelativeStep * Math.Max(1, Math.Abs(x));
            double up = x + h;
            double down = x - h;
            shifted[i] = up;
            gradient(shifted, row);
            shifted[i] = down;
            gradient(shifted, minus);
            shifted[i] = x;
            double scale = 1 / (up - down);
            for (int j = 0; j < n; j++)
            {
                row[j] = (row[j] - minus[j]) * scale;
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double mean = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
                hessian[i * n + j] = mean;
                hessian[j * n + i] = mean;
            }
        }

        return value;
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
}
