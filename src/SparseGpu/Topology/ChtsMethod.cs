using SparseGpu.LinkPrediction;

namespace SparseGpu.Topology;

/// <summary>
/// `--method chts`, the Cannistraci-Hebb soft rule (Zhang, Cannistraci et al. 2024, "Epitopological learning and
/// Cannistraci-Hebb network shape intelligence brain-inspired theory for ultra-sparse advantage in deep learning",
/// ICLR): each update removes ⌊ζ·links⌋ of the smallest |w| (as the Cannistraci-Hebb training code's magnitude
/// removal does), then regrows as many links sampled without replacement with probability proportional to the
/// predictor's score (--predictor, default CH3-L3n) among the absent links (<see cref="SoftRegrowth"/>), at w = 0.
/// </summary>
/// <param name="sources">The training engine's link scorers and the run's --predictor.</param>
public sealed class ChtsMethod(SignalSources sources) : ITopologyMethod
{
    public const string MethodName = "chts";

    /// <summary>The predictor when --predictor is absent.</summary>
    public const string DefaultPredictor = LinkPredictionMethods.Ch3L3n;

    public string Name => MethodName;

    public string DisplayName => "CHTs";

    public string Colour => "#8c564b";

    public string Summary =>
        "Cannistraci-Hebb soft rule (Zhang et al. 2024): removes ζ of the smallest |w|, regrows as many sampled "
        + "without replacement with probability proportional to the --predictor score (ch3l3n unless given) "
        + "among the absent links, at w = 0; when too few score above zero, the rest uniformly at random";

    public bool EvolvesTopology => true;

    /// <summary>Added with version 6.</summary>
    public int CheckpointVersion => 6;

    public TopologySignals Signals => TopologySignals.Weights | TopologySignals.LinkScores;

    public IRegrowthStrategy Growth { get; } =
        new SoftRegrowth(sources.Predictor ?? DefaultPredictor, sources.LinkScorers);
}
