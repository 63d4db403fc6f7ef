using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>
/// Which links a topology update removes from one layer (a method's <see cref="ITopologyMethod.Removal"/>), so a
/// method that prunes by another criterion (sign, gradient, age, a score) plugs in without touching the editor, which
/// checks and installs whatever is chosen.
/// </summary>
public interface IRemovalStrategy
{
    /// <summary>The name used in logs and settings.</summary>
    string Name { get; }

    /// <summary>How many links of <paramref name="layer"/> an update of fraction <paramref name="zeta"/> removes:
    /// ⌊ζ·links⌋ unless the rule counts otherwise (SET counts each sign on its own).</summary>
    int Count(Layer layer, double zeta) => TopologyEditor.RemovalCount(layer.LinkCount, zeta);

    /// <summary>One flag per link of <paramref name="layer"/>, exactly <paramref name="count"/> of them set
    /// (<paramref name="count"/> is <see cref="Count"/> of the same layer and <paramref name="zeta"/>).</summary>
    bool[] Choose(Layer layer, double zeta, int count, Rng random);
}

/// <summary>Removes the links with the smallest |w|, ties broken by a key drawn from the random stream.</summary>
public sealed class MagnitudeRemoval : IRemovalStrategy
{
    public static readonly MagnitudeRemoval Instance = new();

    public string Name => "magnitude";

    public bool[] Choose(Layer layer, double zeta, int count, Rng random) =>
        MagnitudeOrder.Smallest(layer.Weights, count, random);
}
