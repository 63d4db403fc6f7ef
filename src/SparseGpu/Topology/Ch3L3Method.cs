using SparseGpu.LinkPrediction;

namespace SparseGpu.Topology;

/// <summary>
/// `--method ch3l3` (Cannistraci-Hebb training, Zhang et al. 2024): remove ⌊ζ·links⌋ of the smallest |w|, regrow
/// the absent links of highest CH3-L3 score on the layer after removal (<see cref="Ch3L3Regrowth"/>), at weight 0.
/// </summary>
/// <param name="sources">The training engine's signals: its CH3-L3 scorer.</param>
public sealed class Ch3L3Method(SignalSources sources) : ITopologyMethod
{
    public string Name => LinkPredictionMethods.Ch3L3;

    public string DisplayName => "CH3L3";

    public string Colour => "#ff7f0e";

    public string Summary =>
        "CH3-L3 link prediction (Cannistraci-Hebb training, Zhang et al. 2024): removes ζ of the smallest |w|, "
        + "regrows the absent links of highest CH3-L3 score at w = 0";

    public bool EvolvesTopology => true;

    public TopologySignals Signals => TopologySignals.Weights | TopologySignals.LinkScores;

    public IRegrowthStrategy Growth { get; } = new Ch3L3Regrowth(sources.LinkScorers);
}
