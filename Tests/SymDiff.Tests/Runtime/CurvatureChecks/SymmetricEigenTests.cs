using System;
using System.Linq;
using Xunit;
using static SymDiff.Tests.Runtime.CurvatureChecks.MatrixKit;

namespace SymDiff.Tests.Runtime.CurvatureChecks;

/// <summary>
/// <see cref="SymmetricEigen"/>: eigenvalues and eigenvectors against MathNet.Numerics and closed forms, residuals
/// A·v = λv, orthonormality, relative accuracy on graded matrices, extreme scales, input validation, and no
/// allocation.
/// </summary>
public sealed class SymmetricEigenTests
{
    public static TheoryData<int, int> RandomCases()
    {
        var data = new TheoryData<int, int>();
        for (int n = 1; n <= 12; n++)
        {
            for (int seed = 0; seed < 4; seed++)
            {
                data.Add(n, 1000 * n + seed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void RandomSymmetric_MatchesMathNet(int n, int seed)
    {
        double[] a = RandomSymmetric(n, seed);
        var (values, vectors) = Jacobi(a, n);
        var (expectedValues, expectedVectors) = MathNetEigen(a, n);

        double norm = NormInf(expectedValues);
        for (int k = 0; k < n; k++)
        {
            Assert.True(Math.Abs(values[k] - expectedValues[k]) <= 50 * n * Epsilon * norm,
                $"λ{k}: Jacobi {values[k]:R}, MathNet {expectedValues[k]:R}");
        }

        // Eigenvectors agree up to sign, to within the perturbation bound ε‖A‖ / gap.
        for (int k = 0; k < n; k++)
        {
            double gap = double.PositiveInfinity;
            for (int l = 0; l < n; l++)
            {
                if (l != k)
                {
                    gap = Math.Min(gap, Math.Abs(expectedValues[l] - expectedValues[k]));
                }
            }

            double[] v = Column(vectors, n, k);
            double[] w = Column(expectedVectors, n, k);
            double sign = Math.Sign(Dot(v, w));
            double difference = NormInf(v.Zip(w, (p, q) => p - sign * q).ToArray());
            Assert.True(difference <= 1e3 * n * Epsilon * Math.Max(norm, 1) / gap + 1e-14,
                $"eigenvector {k}: distance {difference:G3} with gap {gap:G3}");
        }
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void RandomSymmetric_ResidualsAreSmall_VectorsOrthonormal_ValuesAscending(int n, int seed)
    {
        double[] a = RandomSymmetric(n, seed);
        var (values, vectors) = Jacobi(a, n);
        double norm = Math.Max(Math.Abs(values[0]), Math.Abs(values[n - 1]));

        for (int k = 1; k < n; k++)
        {
            Assert.True(values[k - 1] <= values[k]);
        }

        for (int k = 0; k < n; k++)
        {
            double[] v = Column(vectors, n, k);
            double[] av = Multiply(a, n, v);
            double residual = NormInf(av.Zip(v, (p, q) => p - values[k] * q).ToArray());
            Assert.True(residual <= 10 * n * Epsilon * norm, $"‖Av − λv‖ = {residual:G3} for k = {k}");

            // Sign convention: the largest-magnitude component is positive.
            Assert.True(v[Array.IndexOf(v.Select(Math.Abs).ToArray(), v.Max(Math.Abs))] > 0);

            for (int l = 0; l < n; l++)
            {
                double dot = Dot(v, Column(vectors, n, l));
                Assert.True(Math.Abs(dot - (k == l ? 1 : 0)) <= 10 * n * Epsilon, $"vₖ·vₗ = {dot:R} for k = {k}, l = {l}");
            }
        }
    }

    [Theory]
    [InlineData(2.0, 1.0, 3.0)]
    [InlineData(1.0, 0.0, 1.0)]
    [InlineData(4.0, -1.0, 4.0)]
    [InlineData(1e8, 1e-3, -1e-8)]
    [InlineData(-3.0, 7.5, 0.25)]
    [InlineData(1.0, 1e-200, 1.0 + 1e-15)]
    public void TwoByTwo_MatchesTheClosedForm(double a, double b, double c)
    {
        // λ = (a + c)/2 ∓ √(((a − c)/2)² + b²); the small one from the product λ₁λ₂ = ac − b² where that is more accurate.
        double mean = 0.5 * (a + c);
        double radius = Math.Sqrt(0.25 * (a - c) * (a - c) + b * b);
        double large = mean >= 0 ? mean + radius : mean - radius;
        double small = large == 0 ? 0 : (a * c - b * b) / large;
        double lower = Math.Min(large, small);
        double upper = Math.Max(large, small);

        var values = SymmetricEigen.Eigenvalues(new[] { a, b, b, c }, 2);

        Assert.Equal(lower, values[0], 1e-14 * Math.Max(Math.Abs(lower), 1e-300) + 1e-15 * Math.Abs(upper - lower));
        Assert.Equal(upper, values[1], 1e-14 * Math.Abs(upper));
    }

    [Fact]
    public void Diagonal_ValuesAreTheSortedDiagonal_VectorsTheUnitVectors_Exactly()
    {
        double[] a =
        {
            3, 0, 0, 0,
            0, -1, 0, 0,
            0, 0, 2, 0,
            0, 0, 0, 0,
        };
        var (values, vectors) = Jacobi(a, 4);

        Assert.Equal(new[] { -1.0, 0.0, 2.0, 3.0 }, values);
        int[] origin = { 1, 3, 2, 0 };
        for (int k = 0; k < 4; k++)
        {
            double[] expected = new double[4];
            expected[origin[k]] = 1;
            Assert.Equal(expected, Column(vectors, 4, k));
        }
    }

    [Fact]
    public void OneByOne_And_ZeroByZero()
    {
        var values = new double[1];
        var vectors = new double[1];
        SymmetricEigen.Decompose(new[] { -2.5 }, 1, values, vectors);
        Assert.Equal(new[] { -2.5 }, values);
        Assert.Equal(new[] { 1.0 }, vectors);

        SymmetricEigen.Decompose(ReadOnlySpan<double>.Empty, 0, Span<double>.Empty, Span<double>.Empty, Span<double>.Empty);
        Assert.Empty(SymmetricEigen.Eigenvalues(ReadOnlySpan<double>.Empty, 0));
    }

    [Fact]
    public void TridiagonalSecondDifference_MatchesTheClosedForm()
    {
        // The n × n matrix tridiag(−1, 2, −1) has eigenvalues 2 − 2cos(kπ/(n + 1)), k = 1..n.
        const int n = 10;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] = 2;
            if (i + 1 < n)
            {
                a[i * n + i + 1] = -1;
                a[(i + 1) * n + i] = -1;
            }
        }

        var values = SymmetricEigen.Eigenvalues(a, n);
        for (int k = 1; k <= n; k++)
        {
            // The smallest is 4 sin²(π/22) ≈ 0.081: Jacobi gets it to a relative 1e-14.
            double expected = 4 * Math.Pow(Math.Sin(k * Math.PI / (2 * (n + 1))), 2);
            Assert.Equal(expected, values[k - 1], 1e-14 * expected);
        }
    }

    [Fact]
    public void RepeatedEigenvalues_AllOnesMatrix_GivesAnOrthonormalBasis()
    {
        // J = 11ᵀ (n = 5): eigenvalue 0 four times and 5 once, eigenvector 1/√5.
        const int n = 5;
        double[] a = Enumerable.Repeat(1.0, n * n).ToArray();
        var (values, vectors) = Jacobi(a, n);

        for (int k = 0; k < n - 1; k++)
        {
            Assert.True(Math.Abs(values[k]) <= 10 * Epsilon * n, $"λ{k} = {values[k]:R}");
        }

        Assert.Equal(5.0, values[n - 1], 1e-14);
        Assert.All(Column(vectors, n, n - 1), component => Assert.Equal(1 / Math.Sqrt(n), component, 1e-15));
        for (int k = 0; k < n; k++)
        {
            for (int l = 0; l < n; l++)
            {
                Assert.Equal(k == l ? 1.0 : 0.0, Dot(Column(vectors, n, k), Column(vectors, n, l)), 1e-15);
            }
        }
    }

    [Fact]
    public void GradedPositiveDefinite_TinyEigenvaluesHaveSmallRelativeErrors()
    {
        // H = D·M·D with D = diag(1, 1e-5, 1e-10) and M well conditioned: eigenvalues ≈ 1, 7.5e-11, 7.5e-21.
        // By Demmel and Veselić, Jacobi gets each with a small relative error; a QR-based solver is only accurate to
        // about 1e-16 absolutely, i.e. not at all for the smallest one.
        double[] m = { 1, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 1 };
        double[] d = { 1, 1e-5, 1e-10 };
        var h = new double[9];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                h[i * 3 + j] = d[i] * m[i * 3 + j] * d[j];
            }
        }

        var values = SymmetricEigen.Eigenvalues(h, 3);

        // Leading terms of the graded expansion, exact to relative O(1e-10): d₁²·M₁₁, d₂²·(M₂₂ − M₁₂²/M₁₁), d₃²·det M / det M₁₂.
        double[] expected = { 0.75e-20, 0.75e-10, 1.0 };
        for (int k = 0; k < 3; k++)
        {
            Assert.True(Math.Abs(values[k] - expected[k]) <= 1e-8 * expected[k], $"λ{k} = {values[k]:R}, expected ≈ {expected[k]:R}");
        }

        // det H = det M · (d₁d₂d₃)² = 0.5625e-30.
        Assert.Equal(0.5625e-30, values[0] * values[1] * values[2], 1e-8 * 0.5625e-30);
    }

    [Fact]
    public void TinyCoupledBlock_IsResolved_NotNeglectedAgainstTheNorm()
    {
        // diag(1, B) with B = 1e-20·[[2, 1], [1, 2]]: eigenvalues 1e-20, 3e-20 and 1. The coupling 1e-20 is far below
        // ε‖A‖, so a stopping rule relative to the norm would stop at once and return 2e-20 twice; the relative rule
        // |aₚq| ≤ ε·√(|aₚₚ||a_qq|) rotates it away and gets both to full relative accuracy.
        double[] a = { 1, 0, 0, 0, 2e-20, 1e-20, 0, 1e-20, 2e-20 };
        var (values, vectors) = Jacobi(a, 3);

        Assert.Equal(1e-20, values[0], 1e-35);
        Assert.Equal(3e-20, values[1], 3e-35);
        Assert.Equal(1.0, values[2]);
        double[] v = Column(vectors, 3, 0);
        Assert.Equal(0, v[0]);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(v[1]), 1e-15);
        Assert.Equal(-v[1], v[2], 1e-15);
    }

    [Theory]
    [InlineData(1e300)]
    [InlineData(1e-300)]
    [InlineData(1e-310)]
    public void ExtremeScales_DoNotOverflowOrUnderflow(double scale)
    {
        const int n = 6;
        double[] a = RandomSymmetric(n, 77);
        double[] scaled = a.Select(v => v * scale).ToArray();
        var (values, vectors) = Jacobi(a, n);
        var (scaledValues, scaledVectors) = Jacobi(scaled, n);

        double tolerance = scale < 1e-300 ? 1e-9 : 1e-13; // subnormal input has only ~15 bits less precision
        for (int k = 0; k < n; k++)
        {
            Assert.True(double.IsFinite(scaledValues[k]));
            Assert.Equal(values[k], scaledValues[k] / scale, tolerance * 4);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(vectors[i * n + k], scaledVectors[i * n + k], tolerance * 100);
            }
        }
    }

    [Fact]
    public void Input_IsOnlyRead_AndEigenvectorsMayAliasIt()
    {
        const int n = 7;
        double[] a = RandomSymmetric(n, 5);
        double[] copy = (double[])a.Clone();
        var (values, vectors) = Jacobi(a, n);
        Assert.Equal(copy, a);

        // In place: the matrix's own storage receives the eigenvectors.
        double[] inPlace = (double[])a.Clone();
        var inPlaceValues = new double[n];
        SymmetricEigen.Decompose(inPlace, n, inPlaceValues, inPlace);
        Assert.Equal(values, inPlaceValues);
        Assert.Equal(vectors, inPlace);
    }

    [Fact]
    public void NearlySymmetric_IsAccepted_AsItsSymmetricPart()
    {
        double[] a = { 2, 1 + 1e-12, 1, 3 };
        double[] symmetricPart = { 2, 1 + 0.5e-12, 1 + 0.5e-12, 3 };
        Assert.Equal(SymmetricEigen.Eigenvalues(symmetricPart, 2), SymmetricEigen.Eigenvalues(a, 2));
    }

    [Fact]
    public void ValuesOnly_AgreeWithTheFullDecomposition()
    {
        const int n = 9;
        double[] a = RandomSymmetric(n, 9);
        var (values, _) = Jacobi(a, n);
        var only = new double[n];
        SymmetricEigen.Eigenvalues(a, n, only, new double[n * n]);
        for (int k = 0; k < n; k++)
        {
            Assert.Equal(values[k], only[k], 1e-14);
        }

        Assert.Equal(only, SymmetricEigen.Eigenvalues(a, n));
    }

    [Fact]
    public void LargerThanTheStackLimit_WorksThroughThePool()
    {
        const int n = 20;
        double[] a = RandomSymmetric(n, 20);
        var values = new double[n];
        var vectors = new double[n * n];
        SymmetricEigen.Decompose(a, n, values, vectors);
        var (expected, _) = MathNetEigen(a, n);
        for (int k = 0; k < n; k++)
        {
            Assert.Equal(expected[k], values[k], 1e-12);
        }
    }

    [Fact]
    public void CoreRoutines_DoNotAllocate()
    {
        const int n = 8;
        double[] a = RandomSymmetric(n, 8);
        var values = new double[n];
        var vectors = new double[n * n];
        var workspace = new double[n * n];

        // Warm up (JIT, static initialization), then measure.
        SymmetricEigen.Decompose(a, n, values, vectors, workspace);
        SymmetricEigen.Decompose(a, n, values, vectors);
        SymmetricEigen.Eigenvalues(a, n, values, workspace);

        long before = GC.GetAllocatedBytesForCurrentThread();
        SymmetricEigen.Decompose(a, n, values, vectors, workspace);
        SymmetricEigen.Decompose(a, n, values, vectors);
        SymmetricEigen.Eigenvalues(a, n, values, workspace);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void WrongLengths_NameTheArgument_AndWriteNothing()
    {
        double[] a = { 1, 2, 2, 1 };
        var values = new[] { 42.0, 42.0 };
        var vectors = Enumerable.Repeat(42.0, 4).ToArray();

        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[3], 2, values, vectors)).ParamName);
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[5], 2, values, vectors)).ParamName);
        Assert.Equal("eigenvalues", Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(a, 2, new double[1], vectors)).ParamName);
        Assert.Equal("eigenvectors", Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(a, 2, values, new double[3])).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(a, 2, values, vectors, new double[3])).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => SymmetricEigen.Eigenvalues(a, 2, values, new double[3])).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigen.Eigenvalues(a, -1)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigen.Eigenvalues(a, SymmetricEigen.MaxOrder + 1)).ParamName);

        var message = Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[3], 2, values, vectors)).Message;
        Assert.Contains("exactly n × n = 4", message);
        Assert.Contains("length is 3", message);

        Assert.All(values, v => Assert.Equal(42.0, v));
        Assert.All(vectors, v => Assert.Equal(42.0, v));
    }

    [Fact]
    public void Asymmetric_IsRejected_WithTheOffendingPair()
    {
        double[] a = { 1, 2, 0, 2, 1, 5, 0, 4, 1 };
        var error = Assert.Throws<ArgumentException>(() => SymmetricEigen.Eigenvalues(a, 3));
        Assert.Equal("matrix", error.ParamName);
        Assert.Contains("not symmetric", error.Message);
        Assert.Contains("element (1, 2) is 5 but element (2, 1) is 4", error.Message);

        // Just above the tolerance relative to the largest element.
        double[] b = { 1e6, 1, 1 + 1e6 * 2e-8, 1 };
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Eigenvalues(b, 2));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFinite_IsRejected_WithItsPosition(double bad)
    {
        double[] a = { 1, 0, 0, 0, 1, bad, 0, bad, 1 };
        var values = Enumerable.Repeat(42.0, 3).ToArray();
        var error = Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(a, 3, values, new double[9]));
        Assert.Equal("matrix", error.ParamName);
        Assert.Contains("must be finite", error.Message);
        Assert.Contains("element (1, 2)", error.Message);
        Assert.All(values, v => Assert.Equal(42.0, v));
    }

    [Fact]
    public void OverlappingOutputs_AreRejected()
    {
        double[] a = { 1, 2, 2, 1 };
        var buffer = new double[8];
        Assert.Equal("eigenvectors", Assert.Throws<ArgumentException>(
            () => SymmetricEigen.Decompose(a, 2, buffer.AsSpan(0, 2), buffer.AsSpan(1, 4))).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(
            () => SymmetricEigen.Decompose(a, 2, new double[2], buffer.AsSpan(0, 4), buffer.AsSpan(2, 4))).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(
            () => SymmetricEigen.Eigenvalues(a, 2, new double[2], a)).ParamName);
    }
}
