using System.Text.Json;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Sweeps;

public enum RunState
{
    Pending,
    Running,
    Failed,
    Done,
}

/// <summary>What a run folder's marker files say: complete.json (done), failed.json, running.lock (see
/// <see cref="RunLock"/>).</summary>
public sealed record RunStatus(RunPlan Run, RunState State, string Detail);

/// <summary>
/// The folder of one sweep run: the training run's files (config.json, metrics.csv, model.ckpt), robustness/, a
/// log, and marker files written atomically. Each run has its own folder, so shards sharing a results directory
/// never write the same file.
/// </summary>
public sealed class RunFolder
{
    public RunFolder(string sweepDirectory, RunPlan run)
    {
        Run = run;
        Path = System.IO.Path.Combine(sweepDirectory, RunLayout.SweepRuns, run.Id);
        Training = new RunDirectory(Path);
    }

    public RunPlan Run { get; }
    public string Path { get; }
    public RunDirectory Training { get; }
    public string RobustnessDirectory => System.IO.Path.Combine(Path, RunLayout.RunRobustness);
    public string CompleteMarker => System.IO.Path.Combine(Path, RunLayout.CompleteMarker);
    public string FailedMarker => System.IO.Path.Combine(Path, RunLayout.FailedMarker);
    public string Lock => RunLock.PathIn(Path);
    public string Log => System.IO.Path.Combine(Path, RunLayout.RunLog);

    /// <summary>The robustness settings as recorded in complete.json, with the explicit list of perturbations: a run
    /// is done only for the settings it was done with.</summary>
    public string RobustnessKey => RecordedRobustness.Canonical(Run.Robustness?.Resolved());

    public RunStatus Status()
    {
        MarkerFile complete = MarkerFile.Read(CompleteMarker);
        if (complete.Root is { } done && RecordedRobustness.Of(done) == RobustnessKey)
            return new RunStatus(Run, RunState.Done, "trained and swept");
        LockView held = RunLock.Inspect(Path);
        if (held.State == LockState.Held)
            return new RunStatus(Run, RunState.Running, held.Detail);
        MarkerFile failed = MarkerFile.Read(FailedMarker);
        if (failed.Damage is { } failedDamage)
            return new RunStatus(Run, RunState.Failed, failedDamage);
        if (failed.Root is { } failure)
            return new RunStatus(
                Run,
                RunState.Failed,
                failure.ValueKind == JsonValueKind.Object
                && failure.TryGetProperty("message", out JsonElement message)
                && message.ValueKind == JsonValueKind.String
                    ? message.GetString()!
                    : $"{FailedMarker}: damaged (no message)"
            );
        string damage = complete.Damage is { } completeDamage ? $"{completeDamage}; " : "";
        if (TrainedEpochs() is { } epochs)
            return new RunStatus(
                Run,
                RunState.Pending,
                damage
                    + (
                        epochs >= Run.Settings.TotalEpochs
                            ? "trained; robustness sweep pending"
                            : $"interrupted after {epochs} of {Run.Settings.TotalEpochs} epochs; resumes from its "
                                + "checkpoint"
                    )
            );
        return new RunStatus(Run, RunState.Pending, damage + "not started");
    }

    /// <summary>Whole epochs in model.ckpt, or null without a readable checkpoint.</summary>
    public int? TrainedEpochs()
    {
        if (!File.Exists(Training.Model))
            return null;
        try
        {
            return CheckpointFile.Read(Training.Model).State.CompletedEpochs;
        }
        catch (Exception e) when (e is SparseGpuException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Where training starts for this run's settings: new (no checkpoint), resumed from model.ckpt's
    /// position, or nothing left to train; an unreadable checkpoint counts as new (its resume then fails
    /// alone).</summary>
    public TrainingStart TrainingStart()
    {
        TrainingState? state = null;
        if (File.Exists(Training.Model))
            try
            {
                state = CheckpointFile.Read(Training.Model).State;
            }
            catch (Exception e) when (e is SparseGpuException or IOException or UnauthorizedAccessException) { }
        return state is null
            ? new TrainingStart(true, 0, 0)
            : new TrainingStart(
                state.CompletedEpochs < Run.Settings.TotalEpochs,
                state.CompletedEpochs,
                state.NextSample
            );
    }

    public void MarkComplete(double trainingSeconds, double robustnessSeconds)
    {
        var marker = new
        {
            id = Run.Id,
            robustness = Run.Robustness?.Resolved(),
            finished_utc = DateTime.UtcNow,
            host = Environment.MachineName,
            training_seconds = trainingSeconds,
            robustness_seconds = robustnessSeconds,
        };
        AtomicFile.WriteAllText(CompleteMarker, JsonSerializer.Serialize(marker, JsonFormat.Options) + "\n");
        if (File.Exists(FailedMarker))
            File.Delete(FailedMarker);
    }

    public void MarkFailed(string stage, string message)
    {
        var marker = new
        {
            id = Run.Id,
            stage,
            message,
            failed_utc = DateTime.UtcNow,
            host = Environment.MachineName,
        };
        AtomicFile.WriteAllText(FailedMarker, JsonSerializer.Serialize(marker, JsonFormat.Options) + "\n");
    }
}
