using System;

namespace SymDiff;

/// <summary>
/// Marks a parameter of a <see cref="DifferentiableAttribute">[Differentiable]</see> method as data rather than a
/// variable: it passes through the generated methods unchanged and takes no entry in the gradient, the Jacobian or
/// the Hessian. Use it for inputs, targets and other fixed data (<c>[Constant] ReadOnlySpan&lt;double&gt; x</c>).
/// </summary>
/// <remarks><see cref="int"/> and <see cref="bool"/> parameters are always constant and need no attribute.</remarks>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ConstantAttribute : Attribute
{
}
