using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// The public contract of the generated methods (design notes): span lengths, returned value, signature,
/// accessibility, and the order of the derivative outputs.
/// </summary>
public sealed class ContractTests
{
    private const double Sentinel = 12345.678;

    private static double[] Filled(int length) => Enumerable.Repeat(Sentinel, length).ToArray();

    // ----- spans -----

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void GradientMethod_WithATooShortGradient_ThrowsNamingIt_AndWritesNothing(int length)
    {
        var gradient = Filled(length);
        var e = Assert.Throws<ArgumentException>(() => SeedModel.FGradient(1.0, 0.0, gradient));
        Assert.Equal("gradient", e.ParamName);
        Assert.All(gradient, g => Assert.Equal(Sentinel, g));

        var e3 = Assert.Throws<ArgumentException>(() => ThreeVariables.FGradient(1.0, 2.0, 3.0, Filled(2)));
        Assert.Equal("gradient", e3.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void HessianMethod_WithATooShortGradient_ThrowsNamingIt_AndWritesNothing(int length)
    {
        var gradient = Filled(length);
        var hessian = Filled(4);
        var e = Assert.Throws<ArgumentException>(() => SeedModel.FHessian(1.0, 0.0, gradient, hessian));
        Assert.Equal("gradient", e.ParamName);
        Assert.All(gradient, g => Assert.Equal(Sentinel, g));
        Assert.All(hessian, h => Assert.Equal(Sentinel, h));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void HessianMethod_WithATooShortHessian_ThrowsNamingIt_AndWritesNothing(int length)
    {
        var gradient = Filled(2);
        var hessian = Filled(length);
        var e = Assert.Throws<ArgumentException>(() => SeedModel.FHessian(1.0, 0.0, gradient, hessian));
        Assert.Equal("hessian", e.ParamName);
        Assert.All(gradient, g => Assert.Equal(Sentinel, g));
        Assert.All(hessian, h => Assert.Equal(Sentinel, h));

        var e3 = Assert.Throws<ArgumentException>(() => ThreeVariables.FHessian(1.0, 2.0, 3.0, Filled(3), Filled(8)));
        Assert.Equal("hessian", e3.ParamName);
    }

    [Fact]
    public void HessianMethod_WithBothSpansTooShort_ThrowsNamingOneOfThem()
    {
        var e = Assert.Throws<ArgumentException>(() => NewtonSeed.FHessian(1.0, 0.0, Span<double>.Empty, Span<double>.Empty));
        Assert.Contains(e.ParamName, new[] { "gradient", "hessian" });
    }

    [Fact]
    public void LongerSpans_AreFine_AndTheirExtraEntriesAreUntouched()
    {
        var gradient = Filled(5);
        double value = SeedModel.FGradient(1.0, 0.0, gradient);
        Assert.Equal(SeedModel.F(1.0, 0.0), value);
        NumericKit.AssertClose(0.0646454137655230, gradient[0], 1e-12, "∂f/∂x");
        NumericKit.AssertClose(-0.181186363732994, gradient[1], 1e-12, "∂f/∂y");
        Assert.Equal(new[] { Sentinel, Sentinel, Sentinel }, gradient[2..]);

        var g = Filled(3);
        var h = Filled(7);
        NewtonSeed.FHessian(0.0, 0.0, g, h);
        Assert.Equal(new[] { 0.0, -17.0, Sentinel }, g);
        Assert.Equal(new[] { 4.0, -1.0, -1.0, 4.0, Sentinel, Sentinel, Sentinel }, h);
    }

    [Fact]
    public void SpansOverOneArray_AtAnOffset_AreWrittenInPlace()
    {
        var buffer = Filled(10);
        NewtonSeed.FHessian(0.0, 0.0, buffer.AsSpan(1, 2), buffer.AsSpan(4, 4));
        Assert.Equal(new[] { Sentinel, 0.0, -17.0, Sentinel, 4.0, -1.0, -1.0, 4.0, Sentinel, Sentinel }, buffer);
    }

    // ----- the returned value is F's value -----

    public static TheoryData<string> SeedMethods() => new() { "SeedModel.F", "SeedModel.FSymMath", "SeedModel.Sigmoid", "NewtonSeed.F" };

    /// <summary>
    /// The generated methods compute F's value from the simplified expression (shared subexpressions, reciprocals
    /// multiplied, 1/(1 + e^−z) as the stable sigmoid), so it agrees with F to rounding, not always bitwise.
    /// </summary>
    [Theory]
    [MemberData(nameof(SeedMethods))]
    public void ReturnedValue_IsFsValue_ToRounding_ForTheSeedFunctions(string method)
    {
        Func<double, double, double> f;
        Func<double, double, double> viaGradient;
        Func<double, double, double> viaHessian;
        var g = new double[2];
        var h = new double[4];
        switch (method)
        {
            case "SeedModel.F":
                (f, viaGradient, viaHessian) = (SeedModel.F, (x, y) => SeedModel.FGradient(x, y, g), (x, y) => SeedModel.FHessian(x, y, g, h));
                break;
            case "SeedModel.FSymMath":
                (f, viaGradient, viaHessian) = (SeedModel.FSymMath, (x, y) => SeedModel.FSymMathGradient(x, y, g), (x, y) => SeedModel.FSymMathHessian(x, y, g, h));
                break;
            case "SeedModel.Sigmoid":
                (f, viaGradient, viaHessian) = ((x, _) => SeedModel.Sigmoid(x), (x, _) => SeedModel.SigmoidGradient(x, g), (x, _) => SeedModel.SigmoidHessian(x, g, h));
                break;
            default:
                (f, viaGradient, viaHessian) = (NewtonSeed.F, (x, y) => NewtonSeed.FGradient(x, y, g), (x, y) => NewtonSeed.FHessian(x, y, g, h));
                break;
        }

        var rng = new Random(5);
        for (int k = 0; k < 300; k++)
        {
            double x = (rng.NextDouble() * 10) - 5, y = (rng.NextDouble() * 10) - 5;
            double expected = f(x, y);
            double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
            foreach (var (name, actual) in new[] { ("Gradient", viaGradient(x, y)), ("Hessian", viaHessian(x, y)) })
            {
                Assert.True(
                    Math.Abs(actual - expected) <= 4 * ulp,
                    $"at (x, y) = ({NumericKit.R(x)}, {NumericKit.R(y)}): {method} = {NumericKit.R(expected)}, the {name} method returned {NumericKit.R(actual)} (more than 4 ulps away)");
            }
        }
    }

    [Fact]
    public void ReturnedValue_IsBitwiseFsValue_ForFusedMultiplyAdd()
    {
        // (1 + 2⁻³⁰)(1 − 2⁻³⁰) = 1 − 2⁻⁶⁰ rounds to 1 when not fused; fused, minus 1 leaves exactly −2⁻⁶⁰.
        double a = 1 + Math.Pow(2, -30), b = 1 - Math.Pow(2, -30);
        Assert.Equal(-Math.Pow(2, -60), ThreeVariables.Fma(a, b, -1.0));
        NumericKit.AssertBitwise(ThreeVariables.Fma(a, b, -1.0), ThreeVariables.FmaGradient(a, b, -1.0, new double[3]), "FmaGradient");
        NumericKit.AssertBitwise(ThreeVariables.Fma(a, b, -1.0), ThreeVariables.FmaHessian(a, b, -1.0, new double[3], new double[9]), "FmaHessian");
    }

    [Fact]
    public void ReturnedValue_OfAConstantPower_IsWithinAnUlp()
    {
        // x³ is written x * x * x, which may round differently from Math.Pow(x, 3) in the last bit.
        var rng = new Random(6);
        for (int k = 0; k < 1000; k++)
        {
            double x = (rng.NextDouble() * 20) - 10;
            double expected = ThreeVariables.Cube(x), actual = ThreeVariables.CubeGradient(x, new double[1]);
            Assert.True(Math.Abs(actual - expected) <= Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected), $"Cube({NumericKit.R(x)}) = {NumericKit.R(expected)}, CubeGradient returned {NumericKit.R(actual)}");
        }
    }

    [Fact]
    public void ReturnedValue_KeepsThePositiveZeroOfADifference()
    {
        // u − u is +0.0 for every finite u (also negative u), so atan2(u − u, −1) = +π; 0·u would be −0.0 for u < 0.
        foreach (var x in new[] { -1.0, 0.5 })
        {
            Assert.Equal(Math.PI, EdgeValueModels.Atan2OfSelfDifference(x));
            NumericKit.AssertBitwise(Math.PI, EdgeValueModels.Atan2OfSelfDifferenceGradient(x, new double[1]), $"Atan2OfSelfDifferenceGradient({x})");
            NumericKit.AssertBitwise(Math.PI, EdgeValueModels.Atan2OfSelfDifferenceHessian(x, new double[1], new double[1]), $"Atan2OfSelfDifferenceHessian({x})");
        }
    }

    // ----- signature and accessibility -----

    [Fact]
    public void GeneratedMethods_HaveTheContractsSignature()
    {
        MethodInfo gradient = typeof(SeedModel).GetMethod(nameof(SeedModel.FGradient), BindingFlags.Public | BindingFlags.Static)!;
        Assert.NotNull(gradient);
        Assert.Equal(typeof(double), gradient.ReturnType);
        Assert.Equal(new[] { "x", "y", "gradient" }, gradient.GetParameters().Select(p => p.Name));
        Assert.Equal(new[] { typeof(double), typeof(double), typeof(Span<double>) }, gradient.GetParameters().Select(p => p.ParameterType));

        MethodInfo hessian = typeof(SeedModel).GetMethod(nameof(SeedModel.FHessian), BindingFlags.Public | BindingFlags.Static)!;
        Assert.NotNull(hessian);
        Assert.Equal(typeof(double), hessian.ReturnType);
        Assert.Equal(new[] { "x", "y", "gradient", "hessian" }, hessian.GetParameters().Select(p => p.Name));
        Assert.Equal(new[] { typeof(double), typeof(double), typeof(Span<double>), typeof(Span<double>) }, hessian.GetParameters().Select(p => p.ParameterType));
    }

    [Theory]
    [InlineData("PublicF")]
    [InlineData("InternalF")]
    [InlineData("ProtectedInternalF")]
    [InlineData("ProtectedF")]
    [InlineData("PrivateProtectedF")]
    [InlineData("PrivateF")]
    public void GeneratedMethods_KeepFsAccessibility(string name)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
        MethodInfo f = typeof(AccessibilityModels).GetMethod(name, All)!;
        Assert.NotNull(f);
        foreach (var suffix in new[] { "Gradient", "Hessian" })
        {
            MethodInfo generated = typeof(AccessibilityModels).GetMethod(name + suffix, All)!;
            Assert.NotNull(generated);
            Assert.True(generated.IsStatic);
            Assert.Equal(f.Attributes & MethodAttributes.MemberAccessMask, generated.Attributes & MethodAttributes.MemberAccessMask);
        }
    }

    [Fact]
    public void InternalMethodOfAnInternalType_GetsInternalGeneratedMethods()
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var name in new[] { "FGradient", "FHessian" })
        {
            MethodInfo m = typeof(InternalModels).GetMethod(name, All)!;
            Assert.True(m.IsAssembly, $"{name} should be internal");
        }

        var g = new double[2];
        Assert.Equal(InternalModels.F(1.5, 0.5), InternalModels.FGradient(1.5, 0.5, g));
        Assert.Equal(new[] { 3.0, Math.Cos(0.5) }, g);
    }

    [Fact]
    public void PrivateGeneratedMethods_WorkFromInsideTheType()
    {
        var g = new double[2];
        Assert.Equal(2 * 6.0, AccessibilityModels.CallPrivate(2.0, 3.0, g));
        Assert.Equal(new[] { 3.0, 2.0 }, g);
    }

    // ----- order of outputs -----

    [Fact]
    public void ThreeVariables_GradientInDeclarationOrder_HessianRowMajor()
    {
        // f = x·y² + e^z·x + y·z³
        double x = 0.7, y = -1.3, z = 0.4, ez = Math.Exp(z);
        var g = new double[3];
        var h = new double[9];
        double value = ThreeVariables.FHessian(x, y, z, g, h);
        NumericKit.AssertClose(ThreeVariables.F(x, y, z), value, 1e-15, "value");
        NumericKit.AssertAllClose(new[] { (y * y) + ez, (2 * x * y) + (z * z * z), (ez * x) + (3 * y * z * z) }, g, 1e-14, "gradient");
        NumericKit.AssertAllClose(new[]
        {
            0, 2 * y, ez,
            2 * y, 2 * x, 3 * z * z,
            ez, 3 * z * z, (ez * x) + (6 * y * z),
        }, h, 1e-14, "Hessian");

        var g2 = new double[3];
        NumericKit.AssertClose(value, ThreeVariables.FGradient(x, y, z, g2), 1e-15, "value of FGradient");
        NumericKit.AssertAllClose(g, g2, 1e-14, "gradient of FGradient");
    }
}
