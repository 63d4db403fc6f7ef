using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>
/// What a growth rule is asked: choose <see cref="Count"/> new links for one layer. Candidates are the links absent
/// from the layer (keys not in <see cref="Excluded"/>); <see cref="AfterRemoval"/> is the layer as it stands once the
/// removed links are gone, for rules that score candidates from the topology.
/// </summary>
public sealed record RegrowthRequest(
    LayerTopology AfterRemoval,
    long[] Excluded,
    int Count,
    Rng Random,
    int LayerIndex
);

/// <summary>
/// The chosen link keys, how many were chosen by score versus uniformly at random, and their initial weights
/// (<paramref name="Weights"/>, one per key in the order of <paramref name="Keys"/>; null: every new link starts at
/// zero).
/// </summary>
public sealed record RegrowthChoice(long[] Keys, int ByScore, int AtRandom, float[]? Weights = null);

/// <summary>
/// A topology method's growth rule (<see cref="ITopologyMethod.Growth"/>): it only decides which links to add and
/// at what weight; <see cref="TopologyEditor"/> checks the answer and installs it, so a new rule never touches the
/// editor.
/// </summary>
public interface IRegrowthStrategy
{
    RegrowthChoice Choose(RegrowthRequest request);

    /// <summary>
    /// True: the links this update just removed are candidates again (SET draws among every absent position); false:
    /// they are not, unless the layer is too dense to regrow elsewhere (RLR, CH3L3).
    /// </summary>
    bool MayRegrowRemoved => false;
}

/// <summary>The growth rule of a fixed topology: asked for nothing, it adds nothing.</summary>
public sealed class NoRegrowth(string method) : IRegrowthStrategy
{
    public RegrowthChoice Choose(RegrowthRequest request) =>
        request.Count == 0
            ? new RegrowthChoice([], 0, 0)
            : throw new InvalidOperationException($"{method} regrows nothing");
}
