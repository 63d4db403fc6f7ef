namespace SparseGpu.Sweeps;

/// <summary>What `sparsegpu sweep` was asked to do.</summary>
public sealed record SweepRequest
{
    public required string Spec { get; init; }
    public required string OutDirectory { get; init; }
    public int Jobs { get; init; } = 1;
    public string? Shard { get; init; }

    /// <summary>Overrides the spec's device.</summary>
    public string? Device { get; init; }

    /// <summary>Up to this many compatible runs train together in the same launches (overrides the spec's
    /// `pack`; null: the spec's, else 1).</summary>
    public int? Pack { get; init; }

    /// <summary>CPU threads per run (0: the cores shared out among the jobs).</summary>
    public int Threads { get; init; }

    public string? DataDirectory { get; init; }
    public bool AllowDownload { get; init; } = true;

    /// <summary>Replace the sweep.json of another spec in the output directory instead of refusing.</summary>
    public bool Force { get; init; }

    /// <summary>The sweep's command line, recorded in each run's config.json and events.jsonl.</summary>
    public IReadOnlyList<string>? CommandLine { get; init; }
}

public enum RunOutcomeKind
{
    Skipped,
    Completed,
    Interrupted,
    Failed,
    Busy,
}

public sealed record RunOutcome(RunPlan Run, RunOutcomeKind Kind, string Message, double Seconds);

/// <summary>How a sweep reports: one line when a run starts and when it ends (position: 1-based place in this
/// shard).</summary>
public interface ISweepReporter
{
    void Notice(string message);
    void RunStarted(RunPlan run, int position, int total);
    void RunFinished(RunOutcome outcome, int position, int total);
}
