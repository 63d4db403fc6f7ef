namespace SparseGpu.Topology;

/// <summary>
/// `--method rlr`, random link regrowth (the Cannistraci-Hebb lineage's baseline, after SET): remove ⌊ζ·links⌋ of
/// the smallest |w|, regrow as many uniformly among the links absent before the update, at weight 0. It differs
/// from `set` in three ways: one |w| threshold instead of one per sign, new links at zero instead of random weights,
/// and a link just removed is never re-added.
/// </summary>
public sealed class RlrMethod : ITopologyMethod
{
    public string Name => "rlr";

    public string DisplayName => "RLR";

    public string Colour => "#1f77b4";

    public string Summary =>
        "random link regrowth: removes ζ of the smallest |w|, regrows as many uniformly at random at w = 0, never "
        + "re-adding a link just removed";

    public bool EvolvesTopology => true;

    public bool EditsLayersInParallel => true;

    public IRegrowthStrategy Growth { get; } = new RandomRegrowth();
}
