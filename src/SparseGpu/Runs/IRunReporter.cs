using SparseGpu.Data;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>Where a run tells the user what it does (the command line renders it on stderr).</summary>
public interface IRunReporter
{
    /// <summary>A one-line notice: device chosen, data fallback, files written.</summary>
    void Notice(string message);

    void Progress(TrainingProgress progress);

    void EpochCompleted(EpochMetrics metrics);

    /// <summary>A topology update starts before epoch <paramref name="epoch"/> (1-based), so a display can show that
    /// it runs (on wide layers it takes a while).</summary>
    void TopologyUpdate(int epoch, int totalEpochs, string method) { }

    /// <summary>A data file's download advanced (a display draws a bar; a log gets the line).</summary>
    void Download(DownloadProgress progress) => Notice(progress.Describe());
}

/// <summary>Reports nothing (tests, library use).</summary>
public sealed class SilentReporter : IRunReporter
{
    public static readonly SilentReporter Instance = new();

    public void Notice(string message) { }

    public void Progress(TrainingProgress progress) { }

    public void EpochCompleted(EpochMetrics metrics) { }
}
