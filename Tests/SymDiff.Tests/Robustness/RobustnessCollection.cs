using Xunit;

namespace SymDiff.Tests.Robustness;

/// <summary>
/// The robustness tests run alone, after the parallel ones: their time bounds measure the generator, not the
/// other test classes competing for the same two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RobustnessCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Robustness";
}
