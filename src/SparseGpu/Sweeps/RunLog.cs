using System.Globalization;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Sweeps;

/// <summary>A run's log.txt: its notices and epochs with timestamps, so a cluster job's runs can be read one by
/// one.</summary>
public sealed class RunLog(string path) : IRunReporter
{
    private readonly object _gate = new();

    public void Notice(string message) => Write(message);

    public void Progress(TrainingProgress progress) { }

    public void EpochCompleted(EpochMetrics m) =>
        Write(
            string.Create(
                CultureInfo.InvariantCulture,
                $"epoch {m.Epoch}: train loss {m.TrainLoss:F4} acc {m.TrainAccuracy * 100:F2}%, test loss "
                    + $"{m.TestLoss:F4} acc {m.TestAccuracy * 100:F2}%, {m.TrainSeconds:F1} s"
            )
        );

    public void Write(string line)
    {
        lock (_gate)
            File.AppendAllText(path, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z {line}\n");
    }
}
