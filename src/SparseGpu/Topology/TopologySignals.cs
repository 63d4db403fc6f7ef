namespace SparseGpu.Topology;

/// <summary>What a topology method's rules read from training, beside the layer's links.</summary>
[Flags]
public enum TopologySignals
{
    None = 0,

    /// <summary>The current weights (magnitude removal, SET's signed thresholds).</summary>
    Weights = 1,

    /// <summary>A link predictor's scores of absent links (CH3-L3), from the engine's link scorer.</summary>
    LinkScores = 2,

    /// <summary>Dense-equivalent gradients of absent links over a batch window (RigL), from the training engine's
    /// operations (<see cref="SignalSources.LinkGradients"/>); an engine that cannot compute them (a packed lane) is
    /// refused before training starts.</summary>
    AbsentLinkGradients = 4,
}
