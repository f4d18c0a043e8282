using System;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;

namespace SymDiff.Benchmarks;

/// <summary>
/// Eigen-decomposition of a small dense symmetric matrix (a Hessian, say): <see cref="SymmetricEigen"/>'s cyclic
/// Jacobi on spans with a caller workspace, against MathNet.Numerics' symmetric EVD (Householder tridiagonalization
/// and implicit QL, managed provider), the baseline. The MathNet baseline starts, as a caller with a Hessian span
/// must, from the row-major array; <see cref="MathNetEvdPrebuilt"/> shows the decomposition alone.
/// </summary>
[MemoryDiagnoser]
public class EigenBenchmarks
{
    private double[] matrix = Array.Empty<double>();
    private Matrix<double> prebuilt = Matrix<double>.Build.Dense(1, 1);
    private double[] eigenvalues = Array.Empty<double>();
    private double[] eigenvectors = Array.Empty<double>();
    private double[] workspace = Array.Empty<double>();

    /// <summary>The order n of the matrix.</summary>
    [Params(2, 4, 8, 16)]
    public int N { get; set; }

    /// <summary>A random dense symmetric matrix (fixed seed), and checks that both methods agree on it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42 + N);
        matrix = new double[N * N];
        for (int i = 0; i < N; i++)
        {
            for (int j = i; j < N; j++)
            {
                double value = 2 * random.NextDouble() - 1;
                matrix[i * N + j] = value;
                matrix[j * N + i] = value;
            }
        }

        prebuilt = Matrix<double>.Build.DenseOfRowMajor(N, N, matrix);
        eigenvalues = new double[N];
        eigenvectors = new double[N * N];
        workspace = new double[N * N];

        SymmetricEigen.Decompose(matrix, N, eigenvalues, eigenvectors, workspace);
        var reference = prebuilt.Evd(Symmetricity.Symmetric).EigenValues;
        for (int k = 0; k < N; k++)
        {
            if (Math.Abs(eigenvalues[k] - reference[k].Real) > 1e-12)
            {
                throw new InvalidOperationException($"Jacobi and MathNet disagree on eigenvalue {k}: {eigenvalues[k]:R} vs {reference[k].Real:R}.");
            }
        }
    }

    /// <summary>MathNet: build the matrix from the row-major array, then the symmetric EVD (values and vectors).</summary>
    [Benchmark(Baseline = true)]
    public double MathNetEvd() =>
        Matrix<double>.Build.DenseOfRowMajor(N, N, matrix).Evd(Symmetricity.Symmetric).EigenValues[0].Real;

    /// <summary>MathNet: the symmetric EVD of an already built matrix.</summary>
    [Benchmark]
    public double MathNetEvdPrebuilt() => prebuilt.Evd(Symmetricity.Symmetric).EigenValues[0].Real;

    /// <summary>Jacobi: eigenvalues and eigenvectors into caller spans, caller workspace (allocates nothing).</summary>
    [Benchmark]
    public double JacobiDecompose()
    {
        SymmetricEigen.Decompose(matrix, N, eigenvalues, eigenvectors, workspace);
        return eigenvalues[0];
    }

    /// <summary>Jacobi: eigenvalues only (no eigenvector accumulation), caller workspace.</summary>
    [Benchmark]
    public double JacobiEigenvaluesOnly()
    {
        SymmetricEigen.Eigenvalues(matrix, N, eigenvalues, workspace);
        return eigenvalues[0];
    }
}
