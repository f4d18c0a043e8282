using System;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// One <c>[Differentiable]</c> method per function the generator knows (System.Math and SymDiff.SymMath), each a thin
/// wrapper, so that each function's derivative rules are checked on their own by <see cref="MathFunctionTests"/>.
/// </summary>
public static partial class MathFunctions
{
    [Differentiable]
    public static double Sin(double x) => Math.Sin(x);

    [Differentiable]
    public static double Cos(double x) => Math.Cos(x);

    [Differentiable]
    public static double Tan(double x) => Math.Tan(x);

    [Differentiable]
    public static double Asin(double x) => Math.Asin(x);

    [Differentiable]
    public static double Acos(double x) => Math.Acos(x);

    [Differentiable]
    public static double Atan(double x) => Math.Atan(x);

    [Differentiable]
    public static double Atan2(double y, double x) => Math.Atan2(y, x);

    [Differentiable]
    public static double Sinh(double x) => Math.Sinh(x);

    [Differentiable]
    public static double Cosh(double x) => Math.Cosh(x);

    [Differentiable]
    public static double Tanh(double x) => Math.Tanh(x);

    [Differentiable]
    public static double Asinh(double x) => Math.Asinh(x);

    [Differentiable]
    public static double Acosh(double x) => Math.Acosh(x);

    [Differentiable]
    public static double Atanh(double x) => Math.Atanh(x);

    [Differentiable]
    public static double Exp(double x) => Math.Exp(x);

    [Differentiable]
    public static double Log(double x) => Math.Log(x);

    [Differentiable]
    public static double LogBase(double x, double b) => Math.Log(x, b);

    [Differentiable]
    public static double Log10(double x) => Math.Log10(x);

    [Differentiable]
    public static double Log2(double x) => Math.Log2(x);

    [Differentiable]
    public static double Sqrt(double x) => Math.Sqrt(x);

    [Differentiable]
    public static double Cbrt(double x) => Math.Cbrt(x);

    [Differentiable]
    public static double Pow(double x, double y) => Math.Pow(x, y);

    [Differentiable]
    public static double Abs(double x) => Math.Abs(x);

    [Differentiable]
    public static double Max(double x, double y) => Math.Max(x, y);

    [Differentiable]
    public static double Min(double x, double y) => Math.Min(x, y);

    [Differentiable]
    public static double Clamp(double x, double lo, double hi) => Math.Clamp(x, lo, hi);

    [Differentiable]
    public static double Sign(double x) => Math.Sign(x);

    [Differentiable]
    public static double Floor(double x) => Math.Floor(x);

    [Differentiable]
    public static double Ceiling(double x) => Math.Ceiling(x);

    [Differentiable]
    public static double Round(double x) => Math.Round(x);

    [Differentiable]
    public static double Truncate(double x) => Math.Truncate(x);

    [Differentiable]
    public static double Fma(double x, double y, double z) => Math.FusedMultiplyAdd(x, y, z);

    [Differentiable]
    public static double Sigmoid(double x) => SymMath.Sigmoid(x);

    [Differentiable]
    public static double Softplus(double x) => SymMath.Softplus(x);

    [Differentiable]
    public static double Relu(double x) => SymMath.Relu(x);

    [Differentiable]
    public static double LeakyRelu(double x, double slope) => SymMath.LeakyRelu(x, slope);

    [Differentiable]
    public static double Square(double x) => SymMath.Square(x);

    [Differentiable]
    public static double Half(double x) => (1 / 2) * x + x / 2;

    [Differentiable]
    public static double Pi(double x) => Math.PI * x + Math.E;

    [Differentiable]
    public static double LeakyReluConstantSlope(double x) => SymMath.LeakyRelu(x, 0.1);

    [Differentiable]
    public static double ClampConstantBounds(double x) => Math.Clamp(x, -1.0, 2.0);

    [Differentiable]
    public static double MaxWithZero(double x) => Math.Max(x, 0.0);

    [Differentiable]
    public static double PowConstantExponent(double x) => Math.Pow(x, 3);

    [Differentiable]
    public static double DivideByTen(double x) => x / 10.0;

    [Differentiable]
    public static double SinOfAThird(double x) => Math.Sin(x / 3.0);

    [Differentiable]
    public static double ConstantFractions(double x, double y) => (x * y / 7.0) + (y / 3.0);

    [Differentiable]
    public static double SignTimes(double x) => Math.Sign(x) * x;
}
