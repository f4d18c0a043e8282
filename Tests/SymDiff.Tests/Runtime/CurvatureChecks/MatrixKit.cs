using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace SymDiff.Tests.Runtime.CurvatureChecks;

/// <summary>Small dense-matrix helpers for the eigen and curvature tests (row-major arrays), and the MathNet oracle.</summary>
internal static class MatrixKit
{
    public const double Epsilon = 2.220446049250313e-16;

    /// <summary>A random symmetric n × n matrix with entries uniform in [−1, 1].</summary>
    public static double[] RandomSymmetric(int n, int seed)
    {
        var random = new Random(seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                double value = 2 * random.NextDouble() - 1;
                a[i * n + j] = value;
                a[j * n + i] = value;
            }
        }

        return a;
    }

    /// <summary>A random point on the probability simplex (Dirichlet(1, …, 1)), all entries positive.</summary>
    public static double[] RandomProbabilities(int n, int seed)
    {
        var random = new Random(seed);
        var p = new double[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = -Math.Log(1 - random.NextDouble()) + 1e-3;
        }

        double sum = p.Sum();
        return p.Select(v => v / sum).ToArray();
    }

    /// <summary>diag(p) − ppᵀ: the Hessian of softmax cross-entropy with respect to the logits.</summary>
    public static double[] SoftmaxCrossEntropyHessian(double[] p)
    {
        int n = p.Length;
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                h[i * n + j] = (i == j ? p[i] : 0) - p[i] * p[j];
            }
        }

        return h;
    }

    /// <summary>xxᵀ.</summary>
    public static double[] Outer(double[] x) =>
        Enumerable.Range(0, x.Length * x.Length).Select(k => x[k / x.Length] * x[k % x.Length]).ToArray();

    /// <summary>Column k of a row-major n × n matrix.</summary>
    public static double[] Column(double[] v, int n, int k) => Enumerable.Range(0, n).Select(i => v[i * n + k]).ToArray();

    /// <summary>A·x.</summary>
    public static double[] Multiply(double[] a, int n, double[] x)
    {
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                y[i] += a[i * n + j] * x[j];
            }
        }

        return y;
    }

    public static double Dot(double[] x, double[] y) => x.Zip(y, (a, b) => a * b).Sum();

    public static double NormInf(double[] x) => x.Length == 0 ? 0 : x.Max(Math.Abs);

    /// <summary>vᵀAv.</summary>
    public static double QuadraticForm(double[] a, int n, double[] v) => Dot(v, Multiply(a, n, v));

    /// <summary>MathNet's symmetric eigen-decomposition: eigenvalues ascending, eigenvectors as columns (row-major).</summary>
    public static (double[] Values, double[] Vectors) MathNetEigen(double[] a, int n)
    {
        Evd<double> evd = Matrix<double>.Build.DenseOfRowMajor(n, n, a).Evd(Symmetricity.Symmetric);
        double[] values = evd.EigenValues.Select(c => c.Real).ToArray();
        int[] order = Enumerable.Range(0, n).OrderBy(k => values[k]).ToArray();
        var vectors = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                vectors[i * n + k] = evd.EigenVectors[i, order[k]];
            }
        }

        return (order.Select(k => values[k]).ToArray(), vectors);
    }

    /// <summary>Runs the decomposition with a fresh workspace and returns it.</summary>
    public static (double[] Values, double[] Vectors) Jacobi(double[] a, int n)
    {
        var values = new double[n];
        var vectors = new double[n * n];
        SymmetricEigen.Decompose(a, n, values, vectors, new double[n * n]);
        return (values, vectors);
    }
}
