using System;

namespace SymDiff;

/// <summary>
/// Marks a <c>static double</c> method (or a <c>static void</c> one with a <see cref="ResultAttribute">[Result]</see>
/// span) for compile-time differentiation. The SymDiff source generator adds, to the same <c>partial</c> type and
/// with the same accessibility, <c>{Name}Gradient</c>, <c>{Name}Hessian</c> and <c>{Name}HessianVectorProduct</c>
/// methods that return the function's value and write its exact derivatives (for a vector result:
/// <c>{Name}Jacobian</c>, <c>{Name}VectorJacobianProduct</c> and <c>{Name}JacobianVectorProduct</c>).
/// </summary>
/// <remarks>
/// <para>The derivative vector runs over the differentiable parameters flattened in declaration order: a
/// <see cref="double"/> is one entry, a <c>ReadOnlySpan&lt;double&gt;</c>, <c>Span&lt;double&gt;</c> or
/// <c>double[]</c> its length. <see cref="int"/> and <see cref="bool"/> parameters, and parameters marked
/// <see cref="ConstantAttribute">[Constant]</see>, take no entry.</para>
/// <para>Counted <c>for</c> loops stay loops in the generated code, differentiated in reverse mode.</para>
/// <para>Branches (<c>if</c>, <c>?:</c>, <see cref="Math.Max(double, double)"/>, <see cref="Math.Abs(double)"/> ...)
/// are differentiated piecewise: the derivative is that of the branch taken at the point.</para>
/// <para>Anything the generator cannot differentiate is reported as a <c>SYMDIFF</c> error at its location.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
