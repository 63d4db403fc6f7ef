using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>
/// Turns a run's epochs into files: a metrics.csv row, model.ckpt rewritten (atomically) after every epoch, and a
/// kept checkpoint every N epochs.
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

    public void OnProgress(TrainingProgress progress) => _reporter.Progress(progress);

    public void OnTopologyUpdate(int epoch) => _reporter.TopologyUpdate(epoch, _settings.Epochs, _settings.Regrowth);

    public void OnEpochCompleted(EpochMetrics metrics, TrainingState state)
    {
        _lock?.EnsureHeld(); // an owner that lost its lock while paused must not write a second copy of this epoch
        long before = _metrics.Append(metrics);
        try
        {
            CheckpointFile.Write(_directory.Model, _settings, state);
        }
        catch
        {
            _metrics.TruncateTo(before); // model.ckpt still holds the previous epoch; so must the table
            throw;
        }
        if (_checkpointEvery > 0 && metrics.Epoch % _checkpointEvery == 0)
            CheckpointFile.Write(_directory.EpochCheckpoint(metrics.Epoch), _settings, state);
        if (SnapshotEvery > 0 && metrics.Epoch % SnapshotEvery == 0)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            TopologySnapshotFile.Write(
                TopologySnapshotFile.PathFor(_directory.Path, metrics.Epoch),
                metrics.Epoch,
                state.Network
            );
            SnapshotTime += clock.Elapsed;
        }
        LastEpoch = metrics;
        _reporter.EpochCompleted(metrics);
    }
}
