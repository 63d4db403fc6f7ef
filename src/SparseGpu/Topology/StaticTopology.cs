namespace SparseGpu.Topology;

/// <summary>`--method none`: the initial random topology is kept for the whole run (static sparse
/// training).</summary>
public sealed class StaticTopology : IRegrowthStrategy
{
    public string Name => "none";

    public string DisplayName => "static";

    public string Colour => "#555555";

    public bool EvolvesTopology => false;

    public RegrowthChoice Choose(RegrowthRequest request) =>
        request.Count == 0
            ? new RegrowthChoice([], 0, 0)
            : throw new InvalidOperationException("a static topology regrows nothing");
}
