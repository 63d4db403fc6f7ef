namespace SparseGpu.Training;

/// <summary>Receives what a run does: progress for the display, finished epochs for metrics and checkpoints.</summary>
public interface ITrainingObserver
{
    /// <summary>Called at most every <see cref="Trainer.ProgressInterval"/> during an epoch.</summary>
    void OnProgress(TrainingProgress progress);

    /// <summary>Called after each epoch, with the state at the epoch boundary (network as trained and
    /// edited).</summary>
    void OnEpochCompleted(EpochMetrics metrics, TrainingState state);

    /// <summary>Called when a topology update starts, before epoch <paramref name="epoch"/> (1-based).</summary>
    void OnTopologyUpdate(int epoch) { }

    /// <summary>Called when the topology update before epoch <paramref name="epoch"/> is done: per sparse layer what
    /// it removed and regrew, and how long it took.</summary>
    void OnTopologyUpdated(int epoch, IReadOnlyList<Topology.EditCounts> edits, double seconds) { }
}
