namespace SparseGpu.Topology;

/// <summary>`--method none`: the initial random topology is kept for the whole run (static sparse
/// training).</summary>
public sealed class StaticTopology : ITopologyMethod
{
    public string Name => "none";

    public string DisplayName => "static";

    public string Colour => "#555555";

    public string Summary => "static topology";

    public bool EvolvesTopology => false;

    public TopologySignals Signals => TopologySignals.None;

    public IRegrowthStrategy Growth { get; } = new NoRegrowth("a static topology");
}
