using System;

namespace SymDiff.Benchmarks;

/// <summary>
/// The Rosenbrock function, as a user writes it: in two variables, and chained over a vector. The generator adds
/// <c>Rosenbrock2Gradient</c>, <c>Rosenbrock2Hessian</c>, <c>Rosenbrock2HessianVectorProduct</c> and
/// <c>RosenbrockGradient</c>, <c>RosenbrockHessian</c>, <c>RosenbrockHessianVectorProduct</c> to this type.
/// </summary>
public static partial class RosenbrockFunctions
{
    /// <summary>f(x, y) = (1 − x)² + 100(y − x²)², minimal (0) at (1, 1).</summary>
    /// <param name="x">The first variable.</param>
    /// <param name="y">The second variable.</param>
    [Differentiable]
    public static double Rosenbrock2(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    /// <summary>f(x) = Σ_{i &lt; n−1} (1 − xᵢ)² + 100(xᵢ₊₁ − xᵢ²)², minimal (0) at (1, …, 1); for n = 2 it is <see cref="Rosenbrock2"/>.</summary>
    /// <param name="x">The point (at least one entry).</param>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }
}

/// <summary>
/// Derivatives of the Rosenbrock functions written by hand, as an expert would: with bᵢ = xᵢ₊₁ − xᵢ², the gradient is
/// ∂f/∂xᵢ = −2(1 − xᵢ) − 400xᵢbᵢ + 200bᵢ₋₁ (terms that do not exist are 0), and the Hessian is tridiagonal,
/// Hᵢᵢ = 2 + 1200xᵢ² − 400xᵢ₊₁ + 200 (the first two terms for i &lt; n − 1, the last for i &gt; 0), Hᵢ,ᵢ₊₁ = −400xᵢ.
/// The vector forms run one pass over x, carrying 200bᵢ₋₁ (and −400xᵢ₋₁) from one term to the next. Nothing
/// allocates. These are the baselines.
/// </summary>
public static class HandWrittenRosenbrock
{
    /// <summary>Returns f(x, y) and writes (∂f/∂x, ∂f/∂y) = (−2(1 − x) − 400x(y − x²), 200(y − x²)).</summary>
    /// <param name="x">The first variable.</param>
    /// <param name="y">The second variable.</param>
    /// <param name="gradient">Receives the gradient; at least 2 long.</param>
    public static double Gradient2(double x, double y, Span<double> gradient)
    {
        if (gradient.Length < 2)
        {
            throw new ArgumentException("gradient must have at least 2 elements.", nameof(gradient));
        }

        double a = 1 - x;
        double b = y - x * x;
        gradient[0] = -2 * a - 400 * x * b;
        gradient[1] = 200 * b;
        return a * a + 100 * b * b;
    }

    /// <summary>Returns f(x, y), writes the gradient and the row-major 2 × 2 Hessian [[2 − 400y + 1200x², −400x], [−400x, 200]].</summary>
    /// <param name="x">The first variable.</param>
    /// <param name="y">The second variable.</param>
    /// <param name="gradient">Receives the gradient; at least 2 long.</param>
    /// <param name="hessian">Receives the Hessian; at least 4 long.</param>
    public static double Hessian2(double x, double y, Span<double> gradient, Span<double> hessian)
    {
        if (gradient.Length < 2)
        {
            throw new ArgumentException("gradient must have at least 2 elements.", nameof(gradient));
        }

        if (hessian.Length < 4)
        {
            throw new ArgumentException("hessian must have at least 4 elements.", nameof(hessian));
        }

        double a = 1 - x;
        double b = y - x * x;
        double offDiagonal = -400 * x;
        gradient[0] = -2 * a + offDiagonal * b;
        gradient[1] = 200 * b;
        hessian[0] = 2 - 400 * y + 1200 * x * x;
        hessian[1] = offDiagonal;
        hessian[2] = offDiagonal;
        hessian[3] = 200;
        return a * a + 100 * b * b;
    }

    /// <summary>Returns f(x, y) and writes H·v, H the Hessian of <see cref="RosenbrockFunctions.Rosenbrock2"/>.</summary>
    /// <param name="x">The first variable.</param>
    /// <param name="y">The second variable.</param>
    /// <param name="vector">The direction v; at least 2 long.</param>
    /// <param name="product">Receives H·v; at least 2 long.</param>
    public static double HessianVectorProduct2(double x, double y, ReadOnlySpan<double> vector, Span<double> product)
    {
        if (vector.Length < 2)
        {
            throw new ArgumentException("vector must have at least 2 elements.", nameof(vector));
        }

        if (product.Length < 2)
        {
            throw new ArgumentException("product must have at least 2 elements.", nameof(product));
        }

        double a = 1 - x;
        double b = y - x * x;
        double v0 = vector[0];
        double v1 = vector[1];
        double offDiagonal = -400 * x;
        product[0] = (2 - 400 * y + 1200 * x * x) * v0 + offDiagonal * v1;
        product[1] = offDiagonal * v0 + 200 * v1;
        return a * a + 100 * b * b;
    }

    /// <summary>Returns <see cref="RosenbrockFunctions.Rosenbrock"/> and writes its gradient to the first x.Length entries of <paramref name="gradient"/>.</summary>
    /// <param name="x">The point (at least one entry).</param>
    /// <param name="gradient">Receives the gradient; at least x.Length long.</param>
    public static double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        int n = Validate(x, gradient.Length, nameof(gradient));
        double sum = 0;
        double carry = 0;                                 // 200·bᵢ₋₁
        for (int i = 0; i < n - 1; i++)
        {
            double xi = x[i];
            double a = 1 - xi;
            double b = x[i + 1] - xi * xi;
            sum += a * a + 100 * b * b;
            gradient[i] = carry - 2 * a - 400 * xi * b;
            carry = 200 * b;
        }

        gradient[n - 1] = carry;
        return sum;
    }

    /// <summary>
    /// Returns <see cref="RosenbrockFunctions.Rosenbrock"/> and writes H·v, H the tridiagonal Hessian, to the first
    /// x.Length entries of <paramref name="product"/>: O(n), H never formed.
    /// </summary>
    /// <param name="x">The point (at least one entry).</param>
    /// <param name="vector">The direction v; x.Length long.</param>
    /// <param name="product">Receives H·v; at least x.Length long.</param>
    public static double HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> vector, Span<double> product)
    {
        int n = Validate(x, product.Length, nameof(product));
        if (vector.Length != n)
        {
            throw new ArgumentException("vector must be as long as x.", nameof(vector));
        }

        double sum = 0;
        double diagonalCarry = 0;                         // 200 if i > 0
        double offCarry = 0;                              // Hᵢ₋₁,ᵢ·vᵢ₋₁ = −400xᵢ₋₁vᵢ₋₁
        for (int i = 0; i < n - 1; i++)
        {
            double xi = x[i];
            double a = 1 - xi;
            double b = x[i + 1] - xi * xi;
            sum += a * a + 100 * b * b;
            double offDiagonal = -400 * xi;
            double vi = vector[i];
            product[i] = (diagonalCarry + 2 + 1200 * xi * xi - 400 * x[i + 1]) * vi + offDiagonal * vector[i + 1] + offCarry;
            diagonalCarry = 200;
            offCarry = offDiagonal * vi;
        }

        product[n - 1] = diagonalCarry * vector[n - 1] + offCarry;
        return sum;
    }

    /// <summary>
    /// Returns <see cref="RosenbrockFunctions.Rosenbrock"/>, writes its gradient and the dense row-major n × n Hessian
    /// (the buffer is cleared, then the three diagonals are filled in the same pass as the gradient).
    /// </summary>
    /// <param name="x">The point (at least one entry).</param>
    /// <param name="gradient">Receives the gradient; at least x.Length long.</param>
    /// <param name="hessian">Receives the Hessian; at least x.Length² long.</param>
    public static double Hessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        int n = Validate(x, gradient.Length, nameof(gradient));
        if (hessian.Length < n * n)
        {
            throw new ArgumentException("hessian must have at least x.Length² elements.", nameof(hessian));
        }

        hessian[..(n * n)].Clear();
        double sum = 0;
        double carry = 0;                                 // 200·bᵢ₋₁
        double diagonalCarry = 0;                         // 200 if i > 0
        for (int i = 0; i < n - 1; i++)
        {
            double xi = x[i];
            double a = 1 - xi;
            double b = x[i + 1] - xi * xi;
            sum += a * a + 100 * b * b;
            double offDiagonal = -400 * xi;
            gradient[i] = carry - 2 * a + offDiagonal * b;
            carry = 200 * b;
            int d = i * (n + 1);
            hessian[d] = diagonalCarry + 2 + 1200 * xi * xi - 400 * x[i + 1];
            hessian[d + 1] = offDiagonal;
            hessian[d + n] = offDiagonal;
            diagonalCarry = 200;
        }

        gradient[n - 1] = carry;
        hessian[n * n - 1] = diagonalCarry;
        return sum;
    }

    private static int Validate(ReadOnlySpan<double> x, int outputLength, string outputName)
    {
        if (x.IsEmpty)
        {
            throw new ArgumentException("x must not be empty.", nameof(x));
        }

        if (outputLength < x.Length)
        {
            throw new ArgumentException("The output must be at least as long as x.", outputName);
        }

        return x.Length;
    }
}

/// <summary>A chained Rosenbrock instance: a point and a direction for Hessian-vector products.</summary>
/// <param name="Point">The point x.</param>
/// <param name="Vector">A direction v, as long as x.</param>
public sealed record RosenbrockProblem(double[] Point, double[] Vector)
{
    /// <summary>x uniform in [−2, 2], v uniform in [−1, 1]; fixed by <paramref name="seed"/>.</summary>
    /// <param name="n">The dimension.</param>
    /// <param name="seed">The seed of the random numbers.</param>
    public static RosenbrockProblem Create(int n, int seed)
    {
        var random = new Random(seed);
        return new RosenbrockProblem(ArrayProblems.Uniform(random, n, -2, 2), ArrayProblems.Uniform(random, n, -1, 1));
    }
}
