using System;

namespace SymDiff;

/// <summary>
/// Marks a <c>static double</c> method for compile-time differentiation. The SymDiff source generator adds,
/// to the same <c>partial</c> type and with the same accessibility, <c>{Name}Gradient</c> and
/// <c>{Name}Hessian</c> methods that return the function's value and write its exact gradient and Hessian.
/// </summary>
/// <remarks>
/// <para>The derivative vector runs over the method's <see cref="double"/> parameters in declaration order.</para>
/// <para>Branches (<c>if</c>, <c>?:</c>, <see cref="Math.Max(double, double)"/>, <see cref="Math.Abs(double)"/> ...)
/// are differentiated piecewise: the derivative is that of the branch taken at the point.</para>
/// <para>Anything the generator cannot differentiate is reported as a <c>SYMDIFF</c> error at its location.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
