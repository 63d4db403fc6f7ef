using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Runs;

namespace SparseGpu.Jobs;

/// <summary>
/// How every job that runs a network on data starts (train, evaluate, robustness, and sweeps through them): the
/// device name checked before anything slow, one data provider, the model checked against the data and the memory
/// it needs before an engine is opened, then the engine.
/// </summary>
public static class JobPreamble
{
    /// <summary>Checks the device's name and the CPU path's thread count before anything slow.</summary>
    public static void RequireDevice(string device, int threads)
    {
        EngineFactory.RequireKnownName(device);
        CpuThreads.Require(threads);
    }

    /// <param name="allowDownload">Whether missing files are fetched from the official sources (with
    /// checksums).</param>
    public static DatasetProvider Data(string? dataDirectory, bool allowDownload, IRunReporter reporter) =>
        new(
            DataDirectory.ResolveExisting(dataDirectory),
            allowDownload ? () => DatasetDownloader.Open(reporter.Download) : null,
            reporter.Notice
        );

    /// <summary>
    /// One rule for every job that measures a trained model (evaluate, robustness): on the data set it was trained
    /// on. Scoring an MNIST model on Fashion-MNIST gives a number that looks like a result (same image size, same
    /// class count) and means nothing, so it is refused, not done silently.
    /// </summary>
    public static void RequireTrainedOn(Checkpoint checkpoint, DatasetInfo info, string path)
    {
        if (!string.Equals(checkpoint.Settings.Dataset, info.Name, StringComparison.OrdinalIgnoreCase))
            throw new SparseGpuException(
                $"{path}: the model was trained on {checkpoint.Settings.Dataset}, not {info.Name}"
            );
    }

    /// <summary>Fails unless the network takes the data's images and gives its classes, and fits in memory.</summary>
    /// <param name="owner">The file the network came from, for the message.</param>
    public static void RequireFit(Network network, ImageSet data, string dataset, string owner, int batchSize = 1)
    {
        if (network.Inputs != data.InputSize || network.Classes != data.Classes)
            throw new SparseGpuException(
                $"{owner}: the model takes {network.Inputs} inputs and gives {network.Classes} classes; "
                    + $"{dataset} has {data.InputSize} pixels and {data.Classes} classes"
            );
        NetworkMemory.Require(network, batchSize, owner);
    }

    public static INetworkEngine Engine(string device, int threads, IRunReporter reporter) =>
        EngineFactory.Create(device, threads, reporter.Notice);
}
