using System.Diagnostics;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>
/// Turns a run's epochs into files: a metrics.csv row, model.ckpt rewritten (atomically) after every epoch, a
/// kept checkpoint every N epochs, and (with <see cref="Events"/>) a line in events.jsonl for each epoch, topology
/// update, checkpoint and snapshot; with --validation, best.ckpt whenever the validation accuracy improves.
/// </summary>
public sealed class RunRecorder : ITrainingObserver
{
    private readonly RunDirectory _directory;
    private readonly TrainingSettings _settings;
    private readonly MetricsCsv _metrics;
    private readonly int _checkpointEvery;
    private readonly IRunReporter _reporter;
    private readonly RunLock? _lock;

    public RunRecorder(
        RunDirectory directory,
        TrainingSettings settings,
        MetricsCsv metrics,
        int checkpointEvery,
        IRunReporter reporter,
        RunLock? runLock = null
    )
    {
        _directory = directory;
        _settings = settings;
        _metrics = metrics;
        _checkpointEvery = checkpointEvery;
        _reporter = reporter;
        _lock = runLock;
    }

    public EpochMetrics? LastEpoch { get; private set; }

    /// <summary>Write snapshots/epoch-NNNN.snap after every N-th epoch (0: never).</summary>
    public int SnapshotEvery { get; init; }

    /// <summary>Time spent writing snapshots in this process (their cost against the epoch time).</summary>
    public TimeSpan SnapshotTime { get; private set; }

    /// <summary>The run's event log, if it keeps one.</summary>
    public RunEventLog? Events { get; init; }

    /// <summary>With --validation: the epoch best.ckpt holds, so far (a resumed run starts from the one its
    /// metrics.csv records).</summary>
    public BestEpoch? Best { get; set; }

    public void OnProgress(TrainingProgress progress) => _reporter.Progress(progress);

    public void OnTopologyUpdate(int epoch) =>
        _reporter.TopologyUpdate(epoch, _settings.TotalEpochs, _settings.Regrowth);

    public void OnTopologyUpdated(int epoch, IReadOnlyList<EditCounts> edits, double seconds) =>
        Events?.Write("topology_update", RunEvents.TopologyUpdate(epoch, _settings.Regrowth, seconds, edits));

    public void OnEpochCompleted(EpochMetrics metrics, TrainingState state)
    {
        _lock?.EnsureHeld(); // an owner that lost its lock while paused must not write a second copy of this epoch
        long before = _metrics.Append(metrics);
        Events?.Write("epoch", RunEvents.Epoch(metrics));
        try
        {
            // Before model.ckpt: a crash between the two leaves best.ckpt from an epoch that the resumed run
            // recomputes bit for bit, so it writes the same best.ckpt again.
            KeepIfBest(metrics, state);
            WriteCheckpoint(_directory.Model, state);
        }
        catch
        {
            _metrics.TruncateTo(before); // model.ckpt still holds the previous epoch; so must the table
            throw;
        }
        if (_checkpointEvery > 0 && metrics.Epoch % _checkpointEvery == 0)
            WriteCheckpoint(_directory.EpochCheckpoint(metrics.Epoch), state);
        if (SnapshotEvery > 0 && metrics.Epoch % SnapshotEvery == 0)
            WriteSnapshot(metrics.Epoch, state.Network);
        LastEpoch = metrics;
        _reporter.EpochCompleted(metrics);
    }

    /// <summary>best.ckpt, rewritten (atomically) when the epoch's validation accuracy beats every earlier one;
    /// an equal one keeps the earlier epoch.</summary>
    private void KeepIfBest(EpochMetrics metrics, TrainingState state)
    {
        if (metrics.ValidationAccuracy is not { } accuracy || (Best is { } best && accuracy <= best.ValidationAccuracy))
            return;
        WriteCheckpoint(_directory.Best, state);
        Best = new BestEpoch(metrics.Epoch, accuracy, metrics.TestAccuracy);
        Events?.Write("best_model", RunEvents.BestModel(Best, _directory.Best));
    }

    /// <summary>snapshots/epoch-NNNN.snap after <paramref name="epoch"/> (0: before the first), with its
    /// event.</summary>
    public void WriteSnapshot(int epoch, Model.Network network)
    {
        var clock = Stopwatch.StartNew();
        string snapshot = TopologySnapshotFile.PathFor(_directory.Path, epoch);
        TopologySnapshotFile.Write(snapshot, epoch, network);
        if (epoch > 0)
            SnapshotTime += clock.Elapsed; // epoch 0's is not part of the training time it is compared with
        Events?.Write(
            "snapshot",
            new
            {
                epoch,
                file = Path.GetRelativePath(_directory.Path, snapshot),
                seconds = clock.Elapsed.TotalSeconds,
            }
        );
    }

    /// <summary>A checkpoint of the state, with its event (an interrupted run's too).</summary>
    public void WriteCheckpoint(string path, TrainingState state)
    {
        var clock = Stopwatch.StartNew();
        CheckpointFile.Write(path, _settings, state);
        Events?.Write(
            "checkpoint",
            new
            {
                file = Path.GetFileName(path),
                completed_epochs = state.CompletedEpochs,
                next_sample = state.NextSample,
                seconds = clock.Elapsed.TotalSeconds,
            }
        );
    }
}
