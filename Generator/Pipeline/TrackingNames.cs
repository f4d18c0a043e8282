namespace SymDiff.Generator.Pipeline;

/// <summary>Names of the tracked pipeline steps (used by the caching tests).</summary>
internal static class TrackingNames
{
    /// <summary>Each <c>[Differentiable]</c> method lowered to its equatable <see cref="MethodModel"/>.</summary>
    public const string Methods = "SymDiff.Methods";

    /// <summary>The generator's options from the build (the expression size limit).</summary>
    public const string Options = "SymDiff.Options";

    /// <summary>Each model differentiated and emitted into a <see cref="GenerationResult"/>.</summary>
    public const string Generated = "SymDiff.Generated";
}
