namespace SparseGpu.Runs;

/// <summary>
/// Every file and folder name the program writes and reads back, in one place: a training run's folder, a sweep's
/// folder and the default output root. <see cref="RunDirectory"/> and the sweep's RunFolder build paths from these.
/// </summary>
public static class RunLayout
{
    /// <summary>Where outputs go when no --out is given, under the current directory.</summary>
    public const string DefaultRoot = "runs";

    /// <summary>The time stamp in default output names: 20261130-165959.</summary>
    public static string Timestamp(DateTime time) =>
        time.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    // A training run's folder.
    public const string Config = "config.json";
    public const string Metrics = "metrics.csv";
    public const string Model = "model.ckpt";

    /// <summary>With --validation: the checkpoint of the epoch with the best validation accuracy so far.</summary>
    public const string Best = "best.ckpt";
    public const string Snapshots = "snapshots";
    public const string Lock = "running.lock";
    public const string Events = "events.jsonl";

    /// <summary>The periodic checkpoint kept after an epoch (1-based).</summary>
    public static string EpochCheckpoint(int epoch) =>
        $"checkpoint-epoch-{epoch.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}.ckpt";

    // A robustness output folder.
    public const string RobustnessRecords = "robustness.csv";
    public const string RobustnessSummary = "summary.csv";
    public const string RobustnessManifest = "robustness.json";

    // A sweep's folder: runs/ID/ per run (a training run's folder plus these), aggregate/ for the tables and figures.
    public const string SweepRuns = "runs";
    public const string SweepAggregate = "aggregate";
    public const string RunRobustness = "robustness";
    public const string CompleteMarker = "complete.json";
    public const string FailedMarker = "failed.json";
    public const string RunLog = "log.txt";
}
