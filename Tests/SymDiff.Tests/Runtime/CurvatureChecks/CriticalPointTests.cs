using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SymDiff;
using Xunit;

namespace SymDiff.Tests.Runtime.CurvatureChecks;


/// <summary>The functions whose critical points are classified (the generator adds <c>FFunction</c> and friends).</summary>
public static partial class CriticalPointFunctions
{
    /// <summary>Document 002, §2.1: 3x₁² − 3x₁x₂ + 4x₁³ + x₁⁴ + 2x₂².</summary>
    [Differentiable]
    public static double F(double x1, double x2) => 3 * x1 * x1 - 3 * x1 * x2 + 4 * x1 * x1 * x1 + x1 * x1 * x1 * x1 + 2 * x2 * x2;

    /// <summary>−x² − y² − xy/2: a maximum at the origin (Hessian eigenvalues −2.5 and −1.5).</summary>
    [Differentiable]
    public static double Cap(double x, double y) => -x * x - y * y - 0.5 * x * y;

    /// <summary>x⁴ + y²: a minimum at the origin that the second-order test cannot see (eigenvalues 0 and 2).</summary>
    [Differentiable]
    public static double Quartic(double x, double y) => x * x * x * x + y * y;

    /// <summary>x³ + y² − z²: at the origin eigenvalues (−2, 0, 2), a saddle despite the zero eigenvalue.</summary>
    [Differentiable]
    public static double CubicSaddle(double x, double y, double z) => x * x * x + y * y - z * z;

    /// <summary>x² + y²: gradient (2x, 2y), whose infinity and Euclidean norms differ by √2 on the diagonal.</summary>
    [Differentiable]
    public static double Bowl(double x, double y) => x * x + y * y;
}

/// <summary>
/// <see cref="Curvature.Classify(IDifferentiableFunction, ReadOnlySpan{double}, double, double)"/> on generated
/// functions (document 002's critical points, a maximum, degenerate points) and the Hessian overload.
/// </summary>
public sealed class CriticalPointTests
{
    private static readonly double Root21 = Math.Sqrt(21);

    public static TheoryData<double, double, CriticalPointKind, double, double> Document002() => new()
    {
        // Document 002 writes the third point's x₁ as 3/16·(−√21 − 6), a typo for 1/4·(−√21 − 6) ≈ −2.64564 (x₂ = ¾x₁).
        { 0.0, 0.0, CriticalPointKind.Minimum, 1.838, 8.162 },
        { -1.5 + Root21 / 4, -9.0 / 8 + 3 * Root21 / 16, CriticalPointKind.Saddle, -2.403, 5.406 },
        { -1.5 - Root21 / 4, -9.0 / 8 - 3 * Root21 / 16, CriticalPointKind.Minimum, 3.607, 26.891 },
    };

    [Theory]
    [MemberData(nameof(Document002))]
    public void Document002_CriticalPoints_AreClassifiedAsTheDocumentSays(double x1, double x2, CriticalPointKind kind, double lower, double upper)
    {
        CriticalPoint point = Curvature.Classify(CriticalPointFunctions.FFunction, new[] { x1, x2 });

        Assert.Equal(kind, point.Kind);
        Assert.True(point.GradientNorm < 1e-13, $"‖∇f‖∞ = {point.GradientNorm:R}");
        Assert.Equal(point.Gradient.Max(Math.Abs), point.GradientNorm);
        Assert.Equal(new[] { x1, x2 }, point.Point);
        Assert.Equal(CriticalPointFunctions.F(x1, x2), point.Value, 1e-15);

        // The document's three decimals...
        Assert.Equal(lower, point.Eigenvalues[0], 1.5e-3);
        Assert.Equal(upper, point.Eigenvalues[1], 1.5e-3);

        // ... and the closed form of the 2 × 2 Hessian [[6 + 24x₁ + 12x₁², −3], [−3, 4]] to rounding.
        double a = 6 + 24 * x1 + 12 * x1 * x1;
        double mean = (a + 4) / 2;
        double radius = Math.Sqrt((a - 4) * (a - 4) / 4 + 9);
        Assert.Equal(mean - radius, point.Eigenvalues[0], 1e-13);
        Assert.Equal(mean + radius, point.Eigenvalues[1], 1e-13);
        Assert.Equal(new[] { a, -3, -3, 4 }, point.Hessian.ToArray(), new ToleranceComparer(1e-13));

        // The Hessian overload agrees.
        Assert.Equal(kind, Curvature.Classify(point.Hessian.ToArray(), 2));
    }

    [Fact]
    public void Saddle_ToString_NamesTheKindPointAndEigenvalues()
    {
        CriticalPoint point = Curvature.Classify(CriticalPointFunctions.FFunction, new[] { -1.5 + Root21 / 4, -9.0 / 8 + 3 * Root21 / 16 });
        string text = point.ToString();
        Assert.StartsWith("saddle point at (x1 = -0.354356, x2 = -0.265767): f = 0.0732243, ‖∇f‖∞ = ", text);
        Assert.Contains("‖∇f‖∞ = " + ErrorText(point.GradientNorm) + ", Hessian", text);
        Assert.EndsWith("Hessian eigenvalues (-2.40326, 5.40553)", text);
        Assert.Equal(new[] { "x1", "x2" }, point.ParameterNames);
    }

    [Fact]
    public void NegativeDefiniteCap_IsAMaximum()
    {
        CriticalPoint point = Curvature.Classify(CriticalPointFunctions.CapFunction, new[] { 0.0, 0.0 });
        Assert.Equal(CriticalPointKind.Maximum, point.Kind);
        Assert.Equal(-2.5, point.Eigenvalues[0], 1e-15);
        Assert.Equal(-1.5, point.Eigenvalues[1], 1e-15);
        Assert.StartsWith("local maximum at (x = 0, y = 0)", point.ToString());
    }

    [Fact]
    public void QuarticAtTheOrigin_IsDegenerate()
    {
        CriticalPoint point = Curvature.Classify(CriticalPointFunctions.QuarticFunction, new[] { 0.0, 0.0 });
        Assert.Equal(CriticalPointKind.Degenerate, point.Kind);
        Assert.Equal(new[] { 0.0, 2.0 }, point.Eigenvalues);
        Assert.Equal(0, point.GradientNorm);
    }

    [Fact]
    public void ZeroEigenvalueWithBothSigns_IsASaddle_NotDegenerate()
    {
        CriticalPoint point = Curvature.Classify(CriticalPointFunctions.CubicSaddleFunction, new[] { 0.0, 0.0, 0.0 });
        Assert.Equal(CriticalPointKind.Saddle, point.Kind);
        Assert.Equal(new[] { -2.0, 0.0, 2.0 }, point.Eigenvalues);
    }

    [Fact]
    public void NonZeroGradient_IsNotCritical_ButStillReportsTheCurvature()
    {
        CriticalPoint point = Curvature.Classify(CriticalPointFunctions.FFunction, new[] { 1.0, 1.0 });

        Assert.Equal(CriticalPointKind.NotCritical, point.Kind);
        // ∇f(1, 1) = (6 − 3 + 12 + 4, 4 − 3) = (19, 1): ‖∇f‖∞ = 19.
        Assert.Equal(new[] { 19.0, 1.0 }, point.Gradient);
        Assert.Equal(19, point.GradientNorm);
        Assert.Equal(2, point.Eigenvalues.Count);
        Assert.Equal("not a critical point at (x1 = 1, x2 = 1): f = 7, ‖∇f‖∞ = 1.9E+1 > 1.0E-8, Hessian eigenvalues (3.76462, 42.2354)", point.ToString());
    }

    [Fact]
    public void TheGradientTest_UsesTheInfinityNorm_LikeTheOptimizers()
    {
        // At (4e-9, 4e-9) the gradient of x² + y² is (8e-9, 8e-9): ‖∇f‖∞ = 8e-9 ≤ 1e-8 < ‖∇f‖₂ ≈ 1.13e-8.
        CriticalPoint point = Curvature.Classify(CriticalPointFunctions.BowlFunction, new[] { 4e-9, 4e-9 });
        Assert.Equal(CriticalPointKind.Minimum, point.Kind);
        Assert.Equal(8e-9, point.GradientNorm);
        Assert.Equal(1e-8, point.GradientTolerance);

        CriticalPoint outside = Curvature.Classify(CriticalPointFunctions.BowlFunction, new[] { 4e-9, 6e-9 });
        Assert.Equal(CriticalPointKind.NotCritical, outside.Kind);
        Assert.Equal(12e-9, outside.GradientNorm, 1e-24);

        // The same number as the optimizer's OptimizationResult.GradientNorm at the point it returns.
        var run = Newton.Minimize(CriticalPointFunctions.FFunction, new[] { -3.0, -2.0 });
        Assert.True(run.Converged, run.Message);
        Assert.Equal(run.GradientNorm, Curvature.Classify(CriticalPointFunctions.FFunction, run.Solution).GradientNorm);
    }

    [Fact]
    public void ToString_IsCultureInvariant_WithOneStyleForSmallNumbers()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            CriticalPoint point = Curvature.Classify(CriticalPointFunctions.BowlFunction, new[] { 4e-9, -1.25e-9 });
            Assert.Equal("local minimum at (x = 4E-09, y = -1.25E-09): f = 1.75625E-17, ‖∇f‖∞ = 8.0E-9, Hessian eigenvalues (2, 2)", point.ToString());

            CriticalPoint cap = Curvature.Classify(CriticalPointFunctions.CapFunction, new[] { 0.5, 0.0 }, gradientTolerance: 0.25);
            Assert.Equal("not a critical point at (x = 0.5, y = 0): f = -0.25, ‖∇f‖∞ = 1.0E+0 > 2.5E-1, Hessian eigenvalues (-2.5, -1.5)", cap.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void GradientTolerance_DecidesWhatIsCritical()
    {
        // At (1e-7, 1e-7), ∇f ≈ (3e-7, 1e-7): critical for a loose tolerance, not for the default 1e-8.
        double[] x = { 1e-7, 1e-7 };
        Assert.Equal(CriticalPointKind.NotCritical, Curvature.Classify(CriticalPointFunctions.FFunction, x).Kind);
        Assert.Equal(CriticalPointKind.Minimum, Curvature.Classify(CriticalPointFunctions.FFunction, x, gradientTolerance: 1e-5).Kind);
    }

    [Fact]
    public void HessianOverload_ClassifiesKnownMatrices_WithoutAllocating()
    {
        Assert.Equal(CriticalPointKind.Minimum, Curvature.Classify(new[] { 6.0, -3, -3, 4 }, 2));
        Assert.Equal(CriticalPointKind.Saddle, Curvature.Classify(new[] { 1.0, 2, 2, 1 }, 2));
        Assert.Equal(CriticalPointKind.Maximum, Curvature.Classify(new[] { -1.0, 0, 0, -3 }, 2));
        Assert.Equal(CriticalPointKind.Degenerate, Curvature.Classify(new[] { 0.0, 0, 0, 2 }, 2));
        Assert.Equal(CriticalPointKind.Degenerate, Curvature.Classify(new[] { 0.0, 0, 0, -2 }, 2));
        Assert.Equal(CriticalPointKind.Degenerate, Curvature.Classify(new double[4], 2));
        Assert.Equal(CriticalPointKind.Degenerate, Curvature.Classify(ReadOnlySpan<double>.Empty, 0));

        // Within the tolerance of zero: 1e-11 counts as zero with the default 1e-10, not with 1e-12.
        Assert.Equal(CriticalPointKind.Degenerate, Curvature.Classify(new[] { 1e-11, 0, 0, 2 }, 2));
        Assert.Equal(CriticalPointKind.Minimum, Curvature.Classify(new[] { 1e-11, 0, 0, 2 }, 2, relativeTolerance: 1e-12));

        double[] h = { 6.0, -3, -3, 4 };
        Curvature.Classify(h, 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Curvature.Classify(h, 2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void InvalidArguments_AreNamed()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Curvature.Classify(null!, new[] { 0.0, 0.0 })).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Curvature.Classify(CriticalPointFunctions.FFunction, new[] { 0.0 })).ParamName);
        Assert.Equal("gradientTolerance", Assert.Throws<ArgumentOutOfRangeException>(
            () => Curvature.Classify(CriticalPointFunctions.FFunction, new[] { 0.0, 0.0 }, gradientTolerance: -1)).ParamName);
        Assert.Equal("relativeTolerance", Assert.Throws<ArgumentOutOfRangeException>(
            () => Curvature.Classify(CriticalPointFunctions.FFunction, new[] { 0.0, 0.0 }, relativeTolerance: double.NaN)).ParamName);
        Assert.Equal("hessian", Assert.Throws<ArgumentException>(() => Curvature.Classify(new[] { 1.0, 2, 3, 1 }, 2)).ParamName);
        Assert.Equal("hessian", Assert.Throws<ArgumentException>(() => Curvature.Classify(new[] { 1.0, 2, 3 }, 2)).ParamName);

        var nonFinite = Assert.Throws<ArgumentException>(() => Curvature.Classify(new BrokenFunction(double.NaN, 0), new[] { 1.0, 2.0 }));
        Assert.Equal("x", nonFinite.ParamName);
        Assert.Contains("∂²f/∂a∂b = NaN at (a = 1, b = 2)", nonFinite.Message);

        var asymmetric = Assert.Throws<ArgumentException>(() => Curvature.Classify(new BrokenFunction(1, 2), new[] { 1.0, 2.0 }));
        Assert.Equal("f", asymmetric.ParamName);
        Assert.Contains("not symmetric", asymmetric.Message);
    }

    /// <summary>The runtime's style for small numbers: two significant digits in exponent form, 0 for zero.</summary>
    private static string ErrorText(double value) => value == 0 ? "0" : value.ToString("0.0E+0", CultureInfo.InvariantCulture);

    /// <summary>A function whose Hessian has a chosen (0, 1) and (1, 0) entry.</summary>
    private sealed class BrokenFunction(double h01, double h10) : IDifferentiableFunction
    {
        public int Dimension => 2;

        public IReadOnlyList<string> ParameterNames { get; } = new[] { "a", "b" };

        public double Value(ReadOnlySpan<double> x) => 0;

        public double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
        {
            gradient[0] = 0;
            gradient[1] = 0;
            return 0;
        }

        public double Hessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
        {
            Gradient(x, gradient);
            hessian[0] = 1;
            hessian[1] = h01;
            hessian[2] = h10;
            hessian[3] = 1;
            return 0;
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
