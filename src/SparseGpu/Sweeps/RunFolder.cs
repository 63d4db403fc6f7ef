using System.Text.Json;
using SparseGpu.Runs;

namespace SparseGpu.Sweeps;

public enum RunState
{
    Pending,
    Running,
    Failed,
    Done,
}

/// <summary>What a run folder's marker files say: complete.json (done), failed.json, running.lock (with a heartbeat).</summary>
public sealed record RunStatus(RunPlan Run, RunState State, string Detail);

/// <summary>
/// The folder of one sweep run: the training run's files (config.json, metrics.csv, model.ckpt), robustness/, a
/// log, and marker files written atomically. Each run has its own folder, so shards sharing a results directory
/// never write the same file.
/// </summary>
public sealed class RunFolder
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    public RunFolder(string sweepDirectory, RunPlan run)
    {
        Run = run;
        Path = System.IO.Path.Combine(sweepDirectory, "runs", run.Id);
        Training = new RunDirectory(Path);
    }

    public RunPlan Run { get; }
    public string Path { get; }
    public RunDirectory Training { get; }
    public string RobustnessDirectory => System.IO.Path.Combine(Path, "robustness");
    public string CompleteMarker => System.IO.Path.Combine(Path, "complete.json");
    public string FailedMarker => System.IO.Path.Combine(Path, "failed.json");
    public string Lock => System.IO.Path.Combine(Path, "running.lock");
    public string Log => System.IO.Path.Combine(Path, "log.txt");

    /// <summary>The robustness settings as recorded in complete.json: a run is done only for the settings it was done with.</summary>
    public string RobustnessKey => RecordedRobustness.Canonical(Run.Robustness);

    public RunStatus Status()
    {
        if (File.Exists(CompleteMarker))
        {
            using JsonDocument done = JsonDocument.Parse(File.ReadAllText(CompleteMarker));
            if (RecordedRobustness.Of(done.RootElement) == RobustnessKey) return new RunStatus(Run, RunState.Done, "trained and swept");
        }
        if (File.Exists(Lock) && DateTime.UtcNow - File.GetLastWriteTimeUtc(Lock) < StaleAfter)
            return new RunStatus(Run, RunState.Running, File.ReadAllText(Lock).Trim());
        if (File.Exists(FailedMarker))
        {
            using JsonDocument failed = JsonDocument.Parse(File.ReadAllText(FailedMarker));
            return new RunStatus(Run, RunState.Failed, failed.RootElement.GetProperty("message").GetString() ?? "");
        }
        if (TrainedEpochs() is { } epochs)
            return new RunStatus(Run, RunState.Pending, epochs >= Run.Settings.Epochs
                ? "trained; robustness sweep pending"
                : $"interrupted after {epochs} of {Run.Settings.Epochs} epochs; resumes from its checkpoint");
        return new RunStatus(Run, RunState.Pending, "not started");
    }

    /// <summary>Whole epochs in model.ckpt, or null without a readable checkpoint.</summary>
    public int? TrainedEpochs()
    {
        if (!File.Exists(Training.Model)) return null;
        try
        {
            return CheckpointFile.Read(Training.Model).State.CompletedEpochs;
        }
        catch (SparseGpuException)
        {
            return null;
        }
    }

    public void MarkComplete(double trainingSeconds, double robustnessSeconds)
    {
        var marker = new
        {
            id = Run.Id,
            robustness = Run.Robustness,
            finished_utc = DateTime.UtcNow,
            host = Environment.MachineName,
            training_seconds = trainingSeconds,
            robustness_seconds = robustnessSeconds,
        };
        AtomicFile.WriteAllText(CompleteMarker, JsonSerializer.Serialize(marker, JsonFormat.Options) + "\n");
        if (File.Exists(FailedMarker)) File.Delete(FailedMarker);
    }

    public void MarkFailed(string stage, string message)
    {
        var marker = new { id = Run.Id, stage, message, failed_utc = DateTime.UtcNow, host = Environment.MachineName };
        AtomicFile.WriteAllText(FailedMarker, JsonSerializer.Serialize(marker, JsonFormat.Options) + "\n");
    }
}
