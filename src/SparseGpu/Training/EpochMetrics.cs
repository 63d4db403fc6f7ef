namespace SparseGpu.Training;

/// <summary>Per sparse layer after the epoch's topology update.</summary>
public sealed record LayerMetrics(
    int Links,
    int ActiveNeurons,
    int Removed,
    int Regrown,
    int RegrownByScore,
    int RegrownAtRandom
);

/// <summary>One row of metrics.csv.</summary>
public sealed record EpochMetrics(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double TrainSeconds,
    double TopologySeconds,
    double EvalSeconds,
    IReadOnlyList<LayerMetrics> Layers
);

/// <summary>Progress inside an epoch, for the display.</summary>
public readonly record struct TrainingProgress(
    int Epoch,
    int TotalEpochs,
    int Batch,
    int BatchesPerEpoch,
    double SamplesPerSecond,
    double RunningLoss
);
