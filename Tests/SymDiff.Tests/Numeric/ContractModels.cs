using System;

namespace SymDiff.Tests.Numeric;

/// <summary>[Differentiable] methods of each accessibility, for <see cref="ContractTests"/>.</summary>
public partial class AccessibilityModels
{
    [Differentiable]
    public static double PublicF(double x, double y) => x * y;

    [Differentiable]
    internal static double InternalF(double x, double y) => x * y;

    [Differentiable]
    protected internal static double ProtectedInternalF(double x, double y) => x * y;

    [Differentiable]
    protected static double ProtectedF(double x, double y) => x * y;

    [Differentiable]
    private protected static double PrivateProtectedF(double x, double y) => x * y;

    [Differentiable]
    private static double PrivateF(double x, double y) => x * y;

    /// <summary>Calls the private method and its generated gradient (so that neither is unused).</summary>
    public static double CallPrivate(double x, double y, Span<double> gradient) => PrivateF(x, y) + PrivateFGradient(x, y, gradient);
}

/// <summary>An internal type, for an internal method in a non-public type.</summary>
internal static partial class InternalModels
{
    [Differentiable]
    internal static double F(double x, double y) => (x * x) + Math.Sin(y);
}

/// <summary>Three variables, to check the order of the gradient and of the row-major Hessian.</summary>
public static partial class ThreeVariables
{
    [Differentiable]
    public static double F(double x, double y, double z) => (x * y * y) + (Math.Exp(z) * x) + (y * z * z * z);

    [Differentiable]
    public static double Fma(double x, double y, double z) => Math.FusedMultiplyAdd(x, y, z);

    [Differentiable]
    public static double Cube(double x) => Math.Pow(x, 3);
}

/// <summary>A function whose value is a signed zero at some points, for the returned-value contract.</summary>
public static partial class EdgeValueModels
{
    [Differentiable]
    public static double Atan2OfSelfDifference(double x)
    {
        double u = x / (2.0 + (x * x));
        return Math.Atan2(u - u, -1.0);
    }
}
