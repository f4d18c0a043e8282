using System;
using System.Runtime.CompilerServices;

namespace SymDiff;

/// <summary>
/// Activation and helper functions that the SymDiff generator knows by name: call them from a
/// <see cref="DifferentiableAttribute"/> method and their exact derivatives are generated.
/// Every function is numerically stable for large |x| (no overflow to infinity or NaN where the value is finite).
/// </summary>
public static class SymMath
{
    /// <summary>The logistic sigmoid σ(x) = 1 / (1 + e^(−x)); its derivative is σ(x)(1 − σ(x)).</summary>
    /// <remarks>Evaluated with e^(−|x|) so that neither branch overflows.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x)
    {
        if (x >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-x));
        }

        double e = Math.Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>The softplus log(1 + e^x); its derivative is σ(x).</summary>
    /// <remarks>Evaluated as max(x, 0) + log(1 + e^(−|x|)), exact to rounding for all finite x.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Softplus(double x) => Math.Max(x, 0.0) + LogOnePlusExpOfNonPositive(-Math.Abs(x));

    /// <summary>The rectified linear unit max(x, 0); its derivative is taken as 1 for x &gt; 0 and 0 otherwise (0 at x = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Relu(double x) => x > 0 ? x : 0.0;

    /// <summary>The leaky rectified linear unit: x for x &gt; 0, <paramref name="slope"/>·x otherwise.
    /// Its derivative is 1 for x &gt; 0 and <paramref name="slope"/> otherwise (the left slope at x = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LeakyRelu(double x, double slope) => x > 0 ? x : slope * x;

    /// <summary>x², written as one multiplication.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Square(double x) => x * x;

    // log(1 + e^t) for t <= 0: e^t cannot overflow, and log1p keeps full relative accuracy for tiny e^t.
    private static double LogOnePlusExpOfNonPositive(double t) => LogOnePlus(Math.Exp(t));

    // log(1 + u) accurate to a few ulps for small u (Goldberg's correction: the rounding of 1 + u cancels out).
    private static double LogOnePlus(double u)
    {
        double w = 1.0 + u;
        return w == 1.0 ? u : Math.Log(w) * u / (w - 1.0);
    }
}
