using System;
using System.Collections.Generic;
using System.Linq;
using SymDiff.Tests.Infrastructure;
using Xunit;
using M = SymDiff.Tests.Numeric.MathFunctions;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// Every System.Math and SymMath function the generator knows, each as its own <c>[Differentiable]</c> method in
/// <see cref="MathFunctions"/>: the generated gradient against Ridders-extrapolated finite differences of the function
/// (1e-8) and a hand-written closed form (1e-12), the generated Hessian against finite differences of the generated
/// gradient (1e-6) and a closed form; then the documented conventions at kinks and jumps.
/// </summary>
public sealed class MathFunctionTests
{
    private sealed record Case(DiffFunction F, double Step, double[][] Points, Func<double[], double[]> Gradient, Func<double[], double[]> Hessian);

    private static readonly Dictionary<string, Case> Cases = BuildCases();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientAndHessian_MatchFiniteDifferences(string name)
    {
        Case c = Cases[name];
        foreach (var p in c.Points)
        {
            c.F.CheckAgainstFiniteDifferences(p, c.Step);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientAndHessian_MatchClosedForms(string name)
    {
        Case c = Cases[name];
        foreach (var p in c.Points)
        {
            c.F.CheckAgainstClosedForm(p, c.Gradient(p), c.Hessian(p));
        }
    }

    [Fact]
    public void EveryKnownFunction_HasACase()
    {
        string[] known =
        {
            "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh",
            "Exp", "Log", "LogBase", "Log10", "Log2", "Sqrt", "Cbrt", "Pow", "Abs", "Max", "Min", "Clamp", "Sign",
            "Floor", "Ceiling", "Round", "Truncate", "Fma", "Sigmoid", "Softplus", "Relu", "LeakyRelu", "Square",
        };
        Assert.Empty(known.Except(Cases.Keys));
    }

    // ----- conventions at kinks and jumps (design: the derivative of the branch taken; README's conventions) -----

    [Fact]
    public void Abs_HasDerivativeZero_AtZero()
    {
        var f = Fn("Abs");
        var (v, g, h) = f.Hessian(0.0);
        Assert.Equal(0.0, v);
        Assert.Equal(new[] { 0.0 }, g);
        Assert.Equal(new[] { 0.0 }, h);
        Assert.Equal(new[] { 0.0 }, f.Gradient(0.0).Gradient);
        Assert.Equal(new[] { 0.0 }, f.Gradient(-0.0).Gradient);
        Assert.Equal(new[] { -1.0 }, f.Gradient(-1e-300).Gradient);
        Assert.Equal(new[] { 1.0 }, f.Gradient(double.Epsilon).Gradient);
    }

    [Fact]
    public void Max_AtATie_GivesTheDerivativeToTheFirstArgument()
    {
        var f = Fn("Max");
        foreach (var t in new[] { -2.5, 0.0, 1.0, 3.75 })
        {
            var (v, g, h) = f.Hessian(t, t);
            Assert.Equal(t, v);
            Assert.Equal(new[] { 1.0, 0.0 }, g);
            Assert.Equal(new[] { 0.0, 0.0, 0.0, 0.0 }, h);
            Assert.Equal(new[] { 1.0, 0.0 }, f.Gradient(t, t).Gradient);
        }

        Assert.Equal(new[] { 0.0, 1.0 }, f.Gradient(1.0, Math.BitIncrement(1.0)).Gradient);
        Assert.Equal(new[] { 1.0, 0.0 }, f.Gradient(Math.BitIncrement(1.0), 1.0).Gradient);
    }

    [Fact]
    public void Min_AtATie_GivesTheDerivativeToTheFirstArgument()
    {
        var f = Fn("Min");
        foreach (var t in new[] { -2.5, 0.0, 1.0 })
        {
            var (v, g, h) = f.Hessian(t, t);
            Assert.Equal(t, v);
            Assert.Equal(new[] { 1.0, 0.0 }, g);
            Assert.Equal(new[] { 0.0, 0.0, 0.0, 0.0 }, h);
        }

        Assert.Equal(new[] { 1.0, 0.0 }, f.Gradient(1.0, Math.BitIncrement(1.0)).Gradient);
        Assert.Equal(new[] { 0.0, 1.0 }, f.Gradient(Math.BitIncrement(1.0), 1.0).Gradient);
    }

    [Fact]
    public void MaxWithZero_IsReluLike_WithTheTieGoingToTheVariable()
    {
        var f = DiffFunction.Of(nameof(M.MaxWithZero), M.MaxWithZero, M.MaxWithZeroGradient, M.MaxWithZeroHessian);
        Assert.Equal(new[] { 1.0 }, f.Gradient(0.0).Gradient);
        Assert.Equal(new[] { 1.0 }, f.Gradient(2.0).Gradient);
        Assert.Equal(new[] { 0.0 }, f.Gradient(-2.0).Gradient);
        Assert.Equal(new[] { 0.0 }, f.Hessian(0.5).Hessian);
    }

    [Fact]
    public void Clamp_AtABound_GivesTheDerivativeToTheValue()
    {
        var f = Fn("Clamp");
        Assert.Equal(new[] { 1.0, 0.0, 0.0 }, f.Gradient(0.0, 0.0, 1.0).Gradient);
        Assert.Equal(new[] { 1.0, 0.0, 0.0 }, f.Gradient(1.0, 0.0, 1.0).Gradient);
        Assert.Equal(new[] { 0.0, 1.0, 0.0 }, f.Gradient(-0.5, 0.0, 1.0).Gradient);
        Assert.Equal(new[] { 0.0, 0.0, 1.0 }, f.Gradient(1.5, 0.0, 1.0).Gradient);
        Assert.Equal(new double[9], f.Hessian(0.5, 0.0, 1.0).Hessian);

        var constant = DiffFunction.Of(nameof(M.ClampConstantBounds), M.ClampConstantBounds, M.ClampConstantBoundsGradient, M.ClampConstantBoundsHessian);
        AssertGradient(-1.0, 0.0, constant.Gradient(-3.0));
        AssertGradient(-1.0, 1.0, constant.Gradient(-1.0));
        AssertGradient(0.5, 1.0, constant.Gradient(0.5));
        AssertGradient(2.0, 1.0, constant.Gradient(2.0));
        AssertGradient(2.0, 0.0, constant.Gradient(2.5));
    }

    [Fact]
    public void Relu_HasDerivativeZero_AtZero()
    {
        var f = Fn("Relu");
        var (v, g, h) = f.Hessian(0.0);
        Assert.Equal(0.0, v);
        Assert.Equal(new[] { 0.0 }, g);
        Assert.Equal(new[] { 0.0 }, h);
        Assert.Equal(new[] { 1.0 }, f.Gradient(double.Epsilon).Gradient);
        Assert.Equal(new[] { 0.0 }, f.Gradient(-1.0).Gradient);
    }

    [Fact]
    public void LeakyRelu_AtZero_HasTheLeftSlope()
    {
        var f = Fn("LeakyRelu");
        foreach (var slope in new[] { 0.01, 0.2, -0.5 })
        {
            var (v, g, h) = f.Hessian(0.0, slope);
            Assert.Equal(0.0, v);
            Assert.Equal(new[] { slope, 0.0 }, g); // ∂/∂slope = x = 0 there
            Assert.Equal(new[] { 0.0, 1.0, 1.0, 0.0 }, h); // the left piece slope·x: ∂²/∂x∂slope = 1
        }

        var constant = DiffFunction.Of(nameof(M.LeakyReluConstantSlope), M.LeakyReluConstantSlope, M.LeakyReluConstantSlopeGradient, M.LeakyReluConstantSlopeHessian);
        Assert.Equal(new[] { 0.1 }, constant.Gradient(0.0).Gradient);
        Assert.Equal(new[] { 0.1 }, constant.Gradient(-3.0).Gradient);
        Assert.Equal(new[] { 1.0 }, constant.Gradient(3.0).Gradient);
        Assert.Equal(new[] { 0.0 }, constant.Hessian(-3.0).Hessian);
    }

    [Theory]
    [InlineData("Sign")]
    [InlineData("Floor")]
    [InlineData("Ceiling")]
    [InlineData("Round")]
    [InlineData("Truncate")]
    public void StepFunctions_HaveDerivativeZero_EvenAtTheirJumps(string name)
    {
        var f = Fn(name);
        foreach (var x in new[] { -2.0, -1.5, -0.5, 0.0, 0.5, 1.0, 2.5, 3.7 })
        {
            var (v, g, h) = f.Hessian(x);
            Assert.Equal(f.Value(x), v);
            Assert.Equal(new[] { 0.0 }, g);
            Assert.Equal(new[] { 0.0 }, h);
        }
    }

    [Fact]
    public void SignTimesX_HasDerivativeSign()
    {
        var f = DiffFunction.Of(nameof(M.SignTimes), M.SignTimes, M.SignTimesGradient, M.SignTimesHessian);
        AssertGradient(2.0, -1.0, f.Gradient(-2.0));
        AssertGradient(0.0, 0.0, f.Gradient(0.0));
        AssertGradient(3.0, 1.0, f.Gradient(3.0));
    }

    [Fact]
    public void IntegerDivision_IsEvaluatedLikeCSharp()
    {
        // (1 / 2) is integer division in C#: 0. So Half(x) = 0·x + x/2.
        var f = DiffFunction.Of(nameof(M.Half), M.Half, M.HalfGradient, M.HalfHessian);
        foreach (var x in new[] { -3.0, 0.0, 0.7, 10.0 })
        {
            var (v, g, h) = f.Hessian(x);
            Assert.Equal(M.Half(x), v);
            Assert.Equal(x / 2, v);
            Assert.Equal(new[] { 0.5 }, g);
            Assert.Equal(new[] { 0.0 }, h);
        }
    }

    [Fact]
    public void DivisionByAConstant_IsDoubleDivision()
    {
        // x / 10.0 is double division; 1/10 is not exact in binary, so it must not be folded, nor printed as the
        // C# integer division 1 / 10 (= 0).
        var tenth = DiffFunction.Of(nameof(M.DivideByTen), M.DivideByTen, M.DivideByTenGradient, M.DivideByTenHessian);
        foreach (var x in new[] { -2.0, 1.5, 30.0 })
        {
            var (v, g, h) = tenth.Hessian(x);
            NumericKit.AssertClose(x / 10.0, v, 1e-15, $"DivideByTen({x}) from the Hessian method");
            NumericKit.AssertClose(x / 10.0, tenth.Gradient(x).Value, 1e-15, $"DivideByTen({x}) from the Gradient method");
            NumericKit.AssertClose(0.1, g[0], 1e-15, $"DivideByTen'({x})");
            Assert.Equal(0.0, h[0]);
        }

        var third = DiffFunction.Of(nameof(M.SinOfAThird), M.SinOfAThird, M.SinOfAThirdGradient, M.SinOfAThirdHessian);
        foreach (var x in new[] { -2.0, 1.5, 4.0 })
        {
            third.CheckAgainstClosedForm(new[] { x }, new[] { Math.Cos(x / 3) / 3 }, new[] { -Math.Sin(x / 3) / 9 });
            third.CheckAgainstFiniteDifferences(new[] { x }, 0.1);
        }

        var fractions = DiffFunction.Of(nameof(M.ConstantFractions), M.ConstantFractions, M.ConstantFractionsGradient, M.ConstantFractionsHessian);
        foreach (var (x, y) in new[] { (1.5, 0.7), (-2.0, 3.0) })
        {
            fractions.CheckAgainstClosedForm(new[] { x, y }, new[] { y / 7, (x / 7) + (1.0 / 3) }, new[] { 0, 1.0 / 7, 1.0 / 7, 0 });
            fractions.CheckAgainstFiniteDifferences(new[] { x, y }, 0.1);
        }
    }

    [Fact]
    public void IntegerValuedConstants_StayDoubles_InGeneratedCode()
    {
        // In memory, not in this project's source: if the generated code does not compile it must fail this test, not
        // the build. Constants that fold to whole numbers must be written as double literals: (c ? 2 : 3) is an int,
        // Math.Ceiling(int) is ambiguous (double/decimal), and (c ? 1 : 3) / 3 is integer division.
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;

            public static partial class Constants
            {
                [Differentiable]
                public static double CeilingOfBranches(double x, double y) => Math.Ceiling(y > 0 ? 2.0 : 3.0) + x;

                [Differentiable]
                public static double RoundOfBranches(double x, double y) => Math.Round(y > 0 ? 2.0 : -3.0) * x;

                [Differentiable]
                public static double BranchesOverAConstant(double x, double y) => (y > 0 ? 1.0 : 3.0) / 3.0 * x;

                [Differentiable]
                public static double FoldedMaxOverAConstant(double x, double y) => (Math.Max(2.0, 7.0) / 3.0) + (x * y);
            }
            """);
        run.AssertSuccess();
        var assembly = GeneratorHarness.LoadAssembly(run.OutputCompilation);
        foreach (var (name, x, y, gx, gy) in new[]
        {
            ("CeilingOfBranches", 1.5, 0.7, 1.0, 0.0),
            ("RoundOfBranches", 1.5, -0.7, -3.0, 0.0),
            ("BranchesOverAConstant", 1.5, 0.7, 1.0 / 3.0, 0.0),
            ("BranchesOverAConstant", 1.5, -0.7, 1.0, 0.0),
            ("FoldedMaxOverAConstant", 1.5, 0.7, 0.7, 1.5),
        })
        {
            var f = GeneratorHarness.GetStaticDelegate<Func<double, double, double>>(assembly, "Constants", name);
            var gradient = GeneratorHarness.GetStaticDelegate<Gradient2>(assembly, "Constants", name + "Gradient");
            var g = new double[2];
            NumericKit.AssertClose(f(x, y), gradient(x, y, g), 1e-15, $"{name}({x}, {y})");
            NumericKit.AssertAllClose(new[] { gx, gy }, g, 1e-15, $"{name} gradient at ({x}, {y})");
        }
    }

    [Fact]
    public void MathConstants_AreTheirValues()
    {
        var f = DiffFunction.Of(nameof(M.Pi), M.Pi, M.PiGradient, M.PiHessian);
        var (v, g, h) = f.Hessian(2.0);
        Assert.Equal((Math.PI * 2.0) + Math.E, v, 15);
        Assert.Equal(new[] { Math.PI }, g);
        Assert.Equal(new[] { 0.0 }, h);
    }

    [Fact]
    public void PowWithConstantIntegerExponent_WorksForNegativeBases()
    {
        var f = DiffFunction.Of(nameof(M.PowConstantExponent), M.PowConstantExponent, M.PowConstantExponentGradient, M.PowConstantExponentHessian);
        foreach (var x in new[] { -2.5, -0.3, 0.0, 1.7 })
        {
            f.CheckAgainstClosedForm(new[] { x }, new[] { 3 * x * x }, new[] { 6 * x });
        }

        f.CheckAgainstFiniteDifferences(new[] { -1.3 }, 0.1);
    }

    [Fact]
    public void Pow_AtZeroBaseWithPositiveExponent_HasFiniteDerivatives()
    {
        // x^y is identically 0 in y for x = 0 and y > 0, so ∂/∂y = 0; ∂/∂x = y·0^(y−1) = 0 for y > 1; and
        // ∂²/∂x∂y = 0^(y−1)·(1 + y·ln 0) → 0 for y > 1 (x^(y−1)·ln x → 0), ∂²/∂y² = x^y·ln²x → 0.
        var f = Fn("Pow");
        var (v, g, h) = f.Hessian(0.0, 2.5);
        Assert.Equal(0.0, v);
        Assert.Equal(new[] { 0.0, 0.0 }, g);
        Assert.Equal(new[] { 0.0, 0.0, 0.0, 0.0 }, h);
    }

    private static void AssertGradient(double value, double derivative, (double Value, double[] Gradient) actual)
    {
        Assert.Equal(value, actual.Value);
        Assert.Equal(new[] { derivative }, actual.Gradient);
    }

    // ----- the cases -----

    private static DiffFunction Fn(string name) => Cases[name].F;

    private static Dictionary<string, Case> BuildCases()
    {
        var cases = new Dictionary<string, Case>(StringComparer.Ordinal);

        void Unary(string name, Func<double, double> f, Gradient1 g, Hessian1 h,
            double step, double[] points, Func<double, double> d1, Func<double, double> d2) =>
            cases.Add(name, new Case(DiffFunction.Of(name, f, g, h), step, points.Select(x => new[] { x }).ToArray(),
                p => new[] { d1(p[0]) }, p => new[] { d2(p[0]) }));

        double[] anywhere = { -2.1, -0.45, 0.3, 0.8, 2.6 };
        double[] open1 = { -0.7, -0.2, 0.1, 0.65 };
        double[] positive = { 0.3, 1.0, 2.5, 40.0 };
        double[] offIntegers = { -1.7, -0.3, 0.35, 2.2 };

        Unary("Sin", M.Sin, M.SinGradient, M.SinHessian, 0.1, anywhere.Append(10.0).ToArray(), Math.Cos, x => -Math.Sin(x));
        Unary("Cos", M.Cos, M.CosGradient, M.CosHessian, 0.1, anywhere.Append(10.0).ToArray(), x => -Math.Sin(x), x => -Math.Cos(x));
        Unary("Tan", M.Tan, M.TanGradient, M.TanHessian, 0.05, new[] { -1.2, -0.4, 0.3, 1.1, 2.5 },
            x => 1 + (Math.Tan(x) * Math.Tan(x)), x => 2 * Math.Tan(x) * (1 + (Math.Tan(x) * Math.Tan(x))));
        Unary("Asin", M.Asin, M.AsinGradient, M.AsinHessian, 0.05, open1,
            x => 1 / Math.Sqrt(1 - (x * x)), x => x / Math.Pow(1 - (x * x), 1.5));
        Unary("Acos", M.Acos, M.AcosGradient, M.AcosHessian, 0.05, open1,
            x => -1 / Math.Sqrt(1 - (x * x)), x => -x / Math.Pow(1 - (x * x), 1.5));
        Unary("Atan", M.Atan, M.AtanGradient, M.AtanHessian, 0.1, anywhere,
            x => 1 / (1 + (x * x)), x => -2 * x / ((1 + (x * x)) * (1 + (x * x))));
        Unary("Sinh", M.Sinh, M.SinhGradient, M.SinhHessian, 0.1, anywhere, Math.Cosh, Math.Sinh);
        Unary("Cosh", M.Cosh, M.CoshGradient, M.CoshHessian, 0.1, anywhere, Math.Sinh, Math.Cosh);
        Unary("Tanh", M.Tanh, M.TanhGradient, M.TanhHessian, 0.1, anywhere,
            x => 1 / (Math.Cosh(x) * Math.Cosh(x)), x => -2 * Math.Tanh(x) / (Math.Cosh(x) * Math.Cosh(x)));
        Unary("Asinh", M.Asinh, M.AsinhGradient, M.AsinhHessian, 0.1, anywhere,
            x => 1 / Math.Sqrt((x * x) + 1), x => -x / Math.Pow((x * x) + 1, 1.5));
        Unary("Acosh", M.Acosh, M.AcoshGradient, M.AcoshHessian, 0.05, new[] { 1.3, 2.0, 5.0, 30.0 },
            x => 1 / Math.Sqrt((x * x) - 1), x => -x / Math.Pow((x * x) - 1, 1.5));
        Unary("Atanh", M.Atanh, M.AtanhGradient, M.AtanhHessian, 0.05, open1,
            x => 1 / (1 - (x * x)), x => 2 * x / ((1 - (x * x)) * (1 - (x * x))));
        Unary("Exp", M.Exp, M.ExpGradient, M.ExpHessian, 0.1, new[] { -3.0, 0.0, 1.5, 4.0 }, Math.Exp, Math.Exp);
        Unary("Log", M.Log, M.LogGradient, M.LogHessian, 0.05, positive, x => 1 / x, x => -1 / (x * x));
        Unary("Log10", M.Log10, M.Log10Gradient, M.Log10Hessian, 0.05, positive,
            x => 1 / (x * Math.Log(10)), x => -1 / (x * x * Math.Log(10)));
        Unary("Log2", M.Log2, M.Log2Gradient, M.Log2Hessian, 0.05, positive,
            x => 1 / (x * Math.Log(2)), x => -1 / (x * x * Math.Log(2)));
        Unary("Sqrt", M.Sqrt, M.SqrtGradient, M.SqrtHessian, 0.05, positive,
            x => 0.5 / Math.Sqrt(x), x => -0.25 / (x * Math.Sqrt(x)));
        Unary("Cbrt", M.Cbrt, M.CbrtGradient, M.CbrtHessian, 0.05, new[] { -8.0, -2.0, -0.5, 0.4, 3.0 },
            x => 1 / (3 * Math.Cbrt(x) * Math.Cbrt(x)), x => -2 / (9 * x * Math.Cbrt(x) * Math.Cbrt(x)));
        Unary("Abs", M.Abs, M.AbsGradient, M.AbsHessian, 0.1, new[] { -1.5, -0.3, 0.4, 2.0 }, x => Math.Sign(x), _ => 0);
        Unary("Sign", M.Sign, M.SignGradient, M.SignHessian, 0.1, offIntegers, _ => 0, _ => 0);
        Unary("Floor", M.Floor, M.FloorGradient, M.FloorHessian, 0.1, offIntegers, _ => 0, _ => 0);
        Unary("Ceiling", M.Ceiling, M.CeilingGradient, M.CeilingHessian, 0.1, offIntegers, _ => 0, _ => 0);
        Unary("Round", M.Round, M.RoundGradient, M.RoundHessian, 0.1, offIntegers, _ => 0, _ => 0);
        Unary("Truncate", M.Truncate, M.TruncateGradient, M.TruncateHessian, 0.1, offIntegers, _ => 0, _ => 0);
        Unary("Sigmoid", M.Sigmoid, M.SigmoidGradient, M.SigmoidHessian, 0.1, anywhere.Append(-8.0).ToArray(),
            x => Sigma(x) * Sigma(-x), x => Sigma(x) * Sigma(-x) * (Sigma(-x) - Sigma(x)));
        Unary("Softplus", M.Softplus, M.SoftplusGradient, M.SoftplusHessian, 0.1, anywhere.Append(-8.0).ToArray(),
            Sigma, x => Sigma(x) * Sigma(-x));
        Unary("Relu", M.Relu, M.ReluGradient, M.ReluHessian, 0.1, new[] { -1.5, -0.3, 0.4, 2.0 }, x => x > 0 ? 1 : 0, _ => 0);
        Unary("Square", M.Square, M.SquareGradient, M.SquareHessian, 0.1, new[] { -2.0, 0.0, 1.5, 7.0 }, x => 2 * x, _ => 2);

        void Binary(string name, Func<double, double, double> f, Gradient2 g, Hessian2 h,
            double step, double[][] points, Func<double[], double[]> gradient, Func<double[], double[]> hessian) =>
            cases.Add(name, new Case(DiffFunction.Of(name, f, g, h), step, points, gradient, hessian));

        Binary("Atan2", M.Atan2, M.Atan2Gradient, M.Atan2Hessian, 0.1,
            new[] { new[] { 1.0, 2.0 }, new[] { -0.5, 1.0 }, new[] { 0.7, -1.5 }, new[] { -1.2, -0.3 } },
            p =>
            {
                double y = p[0], x = p[1], r2 = (x * x) + (y * y);
                return new[] { x / r2, -y / r2 };
            },
            p =>
            {
                double y = p[0], x = p[1], r4 = ((x * x) + (y * y)) * ((x * x) + (y * y));
                double mixed = ((y * y) - (x * x)) / r4;
                return new[] { -2 * x * y / r4, mixed, mixed, 2 * x * y / r4 };
            });
        Binary("Pow", M.Pow, M.PowGradient, M.PowHessian, 0.1,
            new[] { new[] { 0.5, 2.3 }, new[] { 1.7, -1.2 }, new[] { 3.0, 0.5 }, new[] { 2.2, 3.0 } },
            p =>
            {
                double x = p[0], y = p[1];
                return new[] { y * Math.Pow(x, y - 1), Math.Pow(x, y) * Math.Log(x) };
            },
            p =>
            {
                double x = p[0], y = p[1], ln = Math.Log(x);
                double mixed = Math.Pow(x, y - 1) * (1 + (y * ln));
                return new[] { y * (y - 1) * Math.Pow(x, y - 2), mixed, mixed, Math.Pow(x, y) * ln * ln };
            });
        Binary("LogBase", M.LogBase, M.LogBaseGradient, M.LogBaseHessian, 0.05,
            new[] { new[] { 0.5, 2.0 }, new[] { 3.0, 10.0 }, new[] { 7.0, 0.5 }, new[] { 2.5, 1.7 } },
            p =>
            {
                double x = p[0], b = p[1], lb = Math.Log(b);
                return new[] { 1 / (x * lb), -Math.Log(x) / (b * lb * lb) };
            },
            p =>
            {
                double x = p[0], b = p[1], lb = Math.Log(b);
                double mixed = -1 / (x * b * lb * lb);
                return new[] { -1 / (x * x * lb), mixed, mixed, Math.Log(x) * (lb + 2) / (b * b * lb * lb * lb) };
            });
        double[][] apart = { new[] { 1.0, 2.0 }, new[] { 2.0, 1.0 }, new[] { -0.5, -1.5 }, new[] { 0.3, -0.2 } };
        Binary("Max", M.Max, M.MaxGradient, M.MaxHessian, 0.1, apart,
            p => p[0] >= p[1] ? new[] { 1.0, 0.0 } : new[] { 0.0, 1.0 }, _ => new double[4]);
        Binary("Min", M.Min, M.MinGradient, M.MinHessian, 0.1, apart,
            p => p[0] <= p[1] ? new[] { 1.0, 0.0 } : new[] { 0.0, 1.0 }, _ => new double[4]);
        Binary("LeakyRelu", M.LeakyRelu, M.LeakyReluGradient, M.LeakyReluHessian, 0.1,
            new[] { new[] { 1.5, 0.1 }, new[] { -0.7, 0.2 }, new[] { -2.0, 0.01 }, new[] { 0.3, 0.5 } },
            p => p[0] > 0 ? new[] { 1.0, 0.0 } : new[] { p[1], p[0] },
            p => p[0] > 0 ? new double[4] : new[] { 0.0, 1.0, 1.0, 0.0 });

        void Ternary(string name, Func<double, double, double, double> f, Gradient3 g, Hessian3 h,
            double step, double[][] points, Func<double[], double[]> gradient, Func<double[], double[]> hessian) =>
            cases.Add(name, new Case(DiffFunction.Of(name, f, g, h), step, points, gradient, hessian));

        Ternary("Clamp", M.Clamp, M.ClampGradient, M.ClampHessian, 0.1,
            new[] { new[] { 0.5, 0.0, 1.0 }, new[] { -1.0, 0.0, 1.0 }, new[] { 2.0, 0.0, 1.0 }, new[] { 0.3, -0.5, 2.0 } },
            p => p[0] < p[1] ? new[] { 0.0, 1.0, 0.0 } : p[0] > p[2] ? new[] { 0.0, 0.0, 1.0 } : new[] { 1.0, 0.0, 0.0 },
            _ => new double[9]);
        Ternary("Fma", M.Fma, M.FmaGradient, M.FmaHessian, 0.1,
            new[] { new[] { 1.0, 2.0, 3.0 }, new[] { -0.5, 1.5, -2.0 } },
            p => new[] { p[1], p[0], 1.0 },
            _ => new[] { 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0 });
        return cases;
    }

    private static double Sigma(double x) => 1 / (1 + Math.Exp(-x));
}
