using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>
/// Which links a topology update removes from one layer: the counterpart of <see cref="IRegrowthStrategy"/>, so a
/// method that prunes by another criterion (gradient, age, a score) plugs in without touching the editor, which
/// checks and installs whatever is chosen.
/// </summary>
public interface IRemovalStrategy
{
    /// <summary>The name used in logs and settings.</summary>
    string Name { get; }

    /// <summary>One flag per link of <paramref name="layer"/>, exactly <paramref name="count"/> of them set.</summary>
    bool[] Choose(Layer layer, int count, Rng random);
}

/// <summary>Removes the links with the smallest |w|, ties broken by a key drawn from the random stream.</summary>
public sealed class MagnitudeRemoval : IRemovalStrategy
{
    public string Name => "magnitude";

    public bool[] Choose(Layer layer, int count, Rng random) => MagnitudeOrder.Smallest(layer.Weights, count, random);
}
