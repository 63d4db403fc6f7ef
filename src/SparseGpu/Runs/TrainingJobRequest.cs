using SparseGpu.Engines;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>What `sparsegpu train` was asked to do.</summary>
public sealed record TrainingJobRequest
{
    /// <summary>Settings given on the command line: a new run fills the rest with defaults, a resumed run only
    /// extends its epochs.</summary>
    public TrainingOverrides Overrides { get; init; } = new();

    /// <summary>A new run's complete settings (a sweep's run, from its spec), used as they are instead of
    /// <see cref="Overrides"/>.</summary>
    public TrainingSettings? Settings { get; init; }
    public string? OutDirectory { get; init; }
    public string? ResumeFrom { get; init; }
    public string Device { get; init; } = "auto";
    public int Threads { get; init; }
    public int CheckpointEvery { get; init; }

    /// <summary>Keep the topology (snapshots/epoch-NNNN.snap) every N epochs and before the first; 0: off.</summary>
    public int SnapshotEvery { get; init; }
    public string? DataDirectory { get; init; }
    public bool AllowDownload { get; init; } = true;

    /// <summary>Whether MNIST may fall back to the bundled subset when its files are missing (off in studies: a
    /// sweep must not silently train some runs on 5,000 images).</summary>
    public bool AllowBundledFallback { get; init; } = true;

    /// <summary>The run directory's lock when the caller holds it already (a sweep); otherwise the job takes
    /// it.</summary>
    public RunLock? HeldLock { get; init; }

    /// <summary>Opens the engine the run trains on instead of <see cref="Device"/> (a pack's lane, see
    /// <c>PackedTrainingJob</c>); the run disposes it. Null: the engine for <see cref="Device"/>.</summary>
    public Func<INetworkEngine>? OpenEngine { get; init; }

    /// <summary>The command line that started the run, for config.json and events.jsonl (null: not started from
    /// one).</summary>
    public IReadOnlyList<string>? CommandLine { get; init; }
}

public sealed record TrainingJobResult(
    TrainingStop Stop,
    RunDirectory Directory,
    EpochMetrics? LastEpoch,
    TrainingState State
)
{
    /// <summary>With --validation: the epoch best.ckpt holds (null: off, or no epoch completed).</summary>
    public BestEpoch? Best { get; init; }
}
