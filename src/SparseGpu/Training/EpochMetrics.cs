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

/// <summary>One row of metrics.csv; the validation loss and accuracy only with --validation (null: off).</summary>
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
    IReadOnlyList<LayerMetrics> Layers,
    double? ValidationLoss = null,
    double? ValidationAccuracy = null
)
{
    /// <summary>--method imp: the pruning round the epoch trains in (0: before the first prune); null
    /// otherwise.</summary>
    public int? ImpRound { get; init; }

    /// <summary>Which network of a pack the epoch is of ("network 2 of 4"), for a display that shows every
    /// network's epochs; null when not packed. Not written to metrics.csv.</summary>
    public string? Network { get; init; }
}

/// <summary>Progress inside an epoch, for the display.</summary>
public readonly record struct TrainingProgress(
    int Epoch,
    int TotalEpochs,
    int Batch,
    int BatchesPerEpoch,
    double SamplesPerSecond,
    double RunningLoss,
    int BatchSize = 0
)
{
    /// <summary>Packed training: every network's running loss, in pack order (the first is
    /// <see cref="RunningLoss"/>; NaN before a network's first report); null when not packed.</summary>
    public IReadOnlyList<double>? PackLosses { get; init; }

    /// <summary>The training time left at this epoch's speed (null when unknown): an ETA for the first report of a
    /// run, before two reports give a measured one (the display showed "ETA ?" there).</summary>
    public TimeSpan? RemainingAtThisSpeed
    {
        get
        {
            long batchesLeft = (long)TotalEpochs * BatchesPerEpoch - ((long)(Epoch - 1) * BatchesPerEpoch + Batch);
            return BatchSize > 0 && SamplesPerSecond > 0 && double.IsFinite(SamplesPerSecond)
                ? TimeSpan.FromSeconds(Math.Max(0, batchesLeft) * BatchSize / SamplesPerSecond)
                : null;
        }
    }
}
