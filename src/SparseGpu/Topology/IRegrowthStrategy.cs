using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>
/// What a regrowth method is asked: choose <see cref="Count"/> new links for one layer. Candidates are the links
/// absent from the layer (keys not in <see cref="Excluded"/>); <see cref="AfterRemoval"/> is the layer as it stands
/// once the weakest links are gone, for methods that score candidates from the topology.
/// </summary>
public sealed record RegrowthRequest(
    LayerTopology AfterRemoval,
    long[] Excluded,
    int Count,
    Rng Random,
    int LayerIndex
);

/// <summary>The chosen link keys, and how many were chosen by score versus uniformly at random.</summary>
public sealed record RegrowthChoice(long[] Keys, int ByScore, int AtRandom);

/// <summary>
/// A topology method only decides which links to add; <see cref="TopologyEditor"/> removes the weakest links,
/// enforces the rules and applies the decision, so a new method (CH3-L3) never touches the editor.
/// </summary>
public interface IRegrowthStrategy
{
    /// <summary>The name the --method option uses.</summary>
    string Name { get; }

    /// <summary>The name figures and reports show (e.g. "RLR").</summary>
    string DisplayName => Name;

    /// <summary>The method's colour in every figure, as #rrggbb, so a method looks the same everywhere.</summary>
    string Colour => RegrowthStrategies.FallbackColour(Name);

    /// <summary>False for a static topology: no links are removed or regrown.</summary>
    bool EvolvesTopology { get; }

    RegrowthChoice Choose(RegrowthRequest request);

    /// <summary>
    /// Whether the layers may be edited at once, one per thread: the method keeps no state and uses no device, so
    /// each layer's edit depends only on that layer and its own random streams (results are the same either way).
    /// </summary>
    bool EditsLayersInParallel => false;
}
