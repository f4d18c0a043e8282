using System;

namespace SymDiff;

/// <summary>
/// Marks the <see cref="Span{T}">Span&lt;double&gt;</see> parameter that receives the value of a vector-valued
/// <see cref="DifferentiableAttribute">[Differentiable]</see> method (which then returns <c>void</c>). The generator
/// adds <c>{Name}Jacobian</c>, <c>{Name}VectorJacobianProduct</c> and <c>{Name}JacobianVectorProduct</c>, whose
/// rows run over the elements of this parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ResultAttribute : Attribute
{
}
