using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

/// <summary>A trainer observer that keeps each epoch's metrics, its metrics.csv row without the wall times, and a
/// copy of the network after it.</summary>
internal sealed class RecordedEpochs : ITrainingObserver
{
    public List<EpochMetrics> Metrics { get; } = [];
    public List<Network> Networks { get; } = [];
    public List<string> Rows { get; } = [];

    public void OnProgress(TrainingProgress progress) { }

    public void OnEpochCompleted(EpochMetrics metrics, TrainingState state)
    {
        Metrics.Add(metrics);
        Networks.Add(state.Network.Clone());
        Rows.Add(MetricsCsv.Row(metrics with { TrainSeconds = 0, TopologySeconds = 0, EvalSeconds = 0 }));
    }
}
