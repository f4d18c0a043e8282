using System;
using System.Linq;
using Xunit;
using static SymDiff.Tests.Runtime.CurvatureChecks.MatrixKit;

namespace SymDiff.Tests.Runtime.CurvatureChecks;


/// <summary>
/// <see cref="Curvature.CheckPositiveSemidefinite"/> and <see cref="Curvature.IsPositiveSemidefinite"/> on known
/// definite, semidefinite (singular) and indefinite matrices: the tolerance, the smallest eigenvalue and the witness.
/// </summary>
public sealed class PositiveSemidefiniteTests
{
    public static TheoryData<int, int> SoftmaxCases()
    {
        var data = new TheoryData<int, int>();
        for (int n = 2; n <= 10; n++)
        {
            data.Add(n, n);
            data.Add(n, 100 + n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SoftmaxCases))]
    public void SoftmaxCrossEntropyHessian_IsSingularPositiveSemidefinite_WithNullVectorOnes(int n, int seed)
    {
        // diag(p) − ppᵀ with p on the simplex: PSD, H·1 = p − p·(Σp) = 0, so its smallest eigenvalue is exactly 0.
        double[] p = RandomProbabilities(n, seed);
        double[] h = SoftmaxCrossEntropyHessian(p);

        var check = Curvature.CheckPositiveSemidefinite(h, n);

        Assert.True(check.IsPositiveSemidefinite, check.ToString());
        Assert.False(check.IsPositiveDefinite, check.ToString());
        Assert.True(Math.Abs(check.SmallestEigenvalue) <= 1e-15, $"λ₁ = {check.SmallestEigenvalue:R}");
        Assert.Null(check.Witness);
        Assert.Null(check.WitnessCurvature);
        Assert.True(check.Norm < 1);
        Assert.Equal(1e-10, check.Tolerance); // relativeTolerance × max(1, ‖H‖) with ‖H‖ < 1
        Assert.True(Curvature.IsPositiveSemidefinite(h, n));

        // The second smallest eigenvalue is clearly positive (all pᵢ > 0), so the null space is exactly span{1}.
        Assert.True(check.Eigenvalues[1] > 1e-6);
        var (_, vectors) = Jacobi(h, n);
        double alignment = Column(vectors, n, 0).Sum() / Math.Sqrt(n);
        Assert.Equal(1.0, Math.Abs(alignment), 1e-12);
    }

    [Fact]
    public void RankOneOuterProduct_IsSemidefinite_NotDefinite()
    {
        double[] x = { 1, -2, 3, 0.5 };
        double[] h = Outer(x);
        var check = Curvature.CheckPositiveSemidefinite(h, 4);

        Assert.True(check.IsPositiveSemidefinite);
        Assert.False(check.IsPositiveDefinite);
        Assert.Equal(14.25, check.LargestEigenvalue, 1e-13);
        Assert.Equal(14.25, check.Norm, 1e-13);
        Assert.Equal(14.25e-10, check.Tolerance, 1e-22);
        for (int k = 0; k < 3; k++)
        {
            Assert.True(Math.Abs(check.Eigenvalues[k]) <= 1e-14, $"λ{k} = {check.Eigenvalues[k]:R}");
        }

        Assert.StartsWith("positive semidefinite, singular to within the tolerance: smallest eigenvalue ", check.ToString());
        Assert.Contains(" in [-1.4E-9, 1.4E-9] (tolerance); eigenvalues (", check.ToString());
    }

    [Fact]
    public void SecondDifferenceMatrix_IsPositiveDefinite()
    {
        double[] h = { 2, -1, 0, -1, 2, -1, 0, -1, 2 };
        var check = Curvature.CheckPositiveSemidefinite(h, 3);

        Assert.True(check.IsPositiveDefinite);
        Assert.True(check.IsPositiveSemidefinite);
        Assert.Equal(2 - Math.Sqrt(2), check.SmallestEigenvalue, 1e-15);
        Assert.Equal(new[] { 2 - Math.Sqrt(2), 2, 2 + Math.Sqrt(2) }, check.Eigenvalues.ToArray(), new ToleranceComparer(1e-14));
        Assert.Null(check.Witness);
        Assert.Equal("positive definite: smallest eigenvalue 0.585786 > 3.4E-10 (tolerance); eigenvalues (0.585786, 2, 3.41421)", check.ToString());
    }

    [Fact]
    public void Indefinite_TwoByTwo_HasTheWitness_OneMinusOne()
    {
        double[] h = { 1, 2, 2, 1 };
        var check = Curvature.CheckPositiveSemidefinite(h, 2);

        Assert.False(check.IsPositiveSemidefinite);
        Assert.False(check.IsPositiveDefinite);
        Assert.Equal(-1, check.SmallestEigenvalue, 1e-15);
        Assert.NotNull(check.Witness);
        double[] v = check.Witness!.ToArray();
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(v[0]), 1e-15);
        Assert.Equal(-v[0], v[1], 1e-15);
        Assert.Equal(-1, check.WitnessCurvature!.Value, 1e-15);
        Assert.Equal(-1, QuadraticForm(h, 2, v), 1e-15);
        Assert.False(Curvature.IsPositiveSemidefinite(h, 2));
        Assert.Contains("not positive semidefinite: smallest eigenvalue -1 < -3.0E-10 (tolerance); witness v = (0.707107, -0.707107) with vᵀHv = -1", check.ToString());
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(6, 3)]
    [InlineData(8, 4)]
    [InlineData(12, 5)]
    public void RandomIndefinite_WitnessIsAUnitVectorOfNegativeCurvature(int n, int seed)
    {
        double[] h = RandomSymmetric(n, seed);
        var (expected, _) = MathNetEigen(h, n);
        Assert.True(expected[0] < -1e-3, "the seed should give an indefinite matrix");

        var check = Curvature.CheckPositiveSemidefinite(h, n);

        Assert.False(check.IsPositiveSemidefinite);
        double[] v = check.Witness!.ToArray();
        Assert.Equal(1.0, Math.Sqrt(Dot(v, v)), 1e-14);
        double curvature = QuadraticForm(h, n, v);
        Assert.True(curvature < 0);
        Assert.Equal(check.SmallestEigenvalue, curvature, 1e-13);
        Assert.Equal(expected[0], check.SmallestEigenvalue, 1e-13);
        Assert.Equal(curvature, check.WitnessCurvature!.Value, 1e-15);
    }

    [Fact]
    public void Tolerance_IsRelativeToTheNorm()
    {
        // ‖H‖ = 1e6, so τ = 1e-10 × 1e6 = 1e-4: −1e-5 is zero to within the tolerance (but not −1e-3).
        Assert.True(Curvature.IsPositiveSemidefinite(new[] { 1e6, 0, 0, -1e-5 }, 2));
        Assert.False(Curvature.IsPositiveSemidefinite(new[] { 1e6, 0, 0, -1e-3 }, 2));
        var check = Curvature.CheckPositiveSemidefinite(new[] { 1e6, 0, 0, -1e-5 }, 2);
        Assert.Equal(1e-4, check.Tolerance, 1e-18);
        Assert.False(check.IsPositiveDefinite);

        // Below norm 1 the tolerance is absolute: 1e-12·I is "singular" with the default, definite with a smaller one.
        double[] tiny = { 1e-12, 0, 0, 1e-12 };
        Assert.False(Curvature.CheckPositiveSemidefinite(tiny, 2).IsPositiveDefinite);
        Assert.True(Curvature.CheckPositiveSemidefinite(tiny, 2, relativeTolerance: 1e-14).IsPositiveDefinite);
        Assert.True(Curvature.IsPositiveSemidefinite(new[] { -1e-12, 0, 0, -1e-12 }, 2));
        Assert.False(Curvature.IsPositiveSemidefinite(new[] { -1e-12, 0, 0, -1e-12 }, 2, relativeTolerance: 0));
    }

    [Fact]
    public void ZeroMatrix_AndEmptyMatrix()
    {
        var zero = Curvature.CheckPositiveSemidefinite(new double[9], 3);
        Assert.True(zero.IsPositiveSemidefinite);
        Assert.False(zero.IsPositiveDefinite);
        Assert.Equal(0, zero.SmallestEigenvalue);

        var empty = Curvature.CheckPositiveSemidefinite(ReadOnlySpan<double>.Empty, 0);
        Assert.True(empty.IsPositiveDefinite);
        Assert.Equal(double.PositiveInfinity, empty.SmallestEigenvalue);
        Assert.True(Curvature.IsPositiveSemidefinite(ReadOnlySpan<double>.Empty, 0));
    }

    [Fact]
    public void IsPositiveSemidefinite_AgreesWithTheCheck_AndDoesNotAllocate()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            int n = 1 + seed % 8;
            double[] h = RandomSymmetric(n, seed);
            double[] psd = SoftmaxCrossEntropyHessian(RandomProbabilities(n, seed));
            Assert.Equal(Curvature.CheckPositiveSemidefinite(h, n).IsPositiveSemidefinite, Curvature.IsPositiveSemidefinite(h, n));
            Assert.True(Curvature.IsPositiveSemidefinite(psd, n));
        }

        double[] m = SoftmaxCrossEntropyHessian(RandomProbabilities(12, 1));
        Curvature.IsPositiveSemidefinite(m, 12);
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool result = Curvature.IsPositiveSemidefinite(m, 12);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(result);
    }

    [Fact]
    public void InvalidArguments_AreNamed()
    {
        double[] h = { 1, 0, 0, 1 };
        Assert.Equal("relativeTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => Curvature.CheckPositiveSemidefinite(h, 2, -1e-10)).ParamName);
        Assert.Equal("relativeTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => Curvature.IsPositiveSemidefinite(h, 2, double.NaN)).ParamName);
        Assert.Equal("relativeTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => Curvature.IsPositiveSemidefinite(h, 2, double.PositiveInfinity)).ParamName);
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => Curvature.CheckPositiveSemidefinite(h, 3)).ParamName);
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => Curvature.IsPositiveSemidefinite(new double[] { 1, 2, 3, 1 }, 2)).ParamName);
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => Curvature.IsPositiveSemidefinite(new double[] { 1, 0, 0, double.NaN }, 2)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Curvature.IsPositiveSemidefinite(h, -2)).ParamName);
    }

    private sealed class ToleranceComparer(double tolerance) : System.Collections.Generic.IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
