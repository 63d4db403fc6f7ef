using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Training;

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
    /// <param name="dataset">The data set asked for: a catalogue name, or own data's path. Own data passes here
    /// when the model was trained on own data; <see cref="RequireSameData"/> then compares the content once it is
    /// loaded.</param>
    public static void RequireTrainedOn(Checkpoint checkpoint, string dataset, string path)
    {
        bool own = OwnDataset.IsPath(dataset);
        bool trainedOnOwn = OwnDataset.IsPath(checkpoint.Settings.Dataset);
        if (own != trainedOnOwn || (!own && !string.Equals(checkpoint.Settings.Dataset, dataset, IgnoreCase)))
            throw new SparseGpuException(
                $"{path}: the model was trained on {checkpoint.Settings.Dataset}, not {dataset}"
            );
    }

    /// <summary>
    /// Own data is the same data when its content hash is the one the model was trained on: the identity is the
    /// content, not the path, so moved or re-exported data (IDX to .npz) still evaluates and changed data does not.
    /// </summary>
    public static void RequireSameData(Checkpoint checkpoint, DatasetSplits data, string path) =>
        RequireSameData(checkpoint.Settings, data, path);

    /// <inheritdoc cref="RequireSameData(Checkpoint, DatasetSplits, string)"/>
    public static void RequireSameData(TrainingSettings settings, DatasetSplits data, string path)
    {
        if (data.Sha256 is null)
            return;
        if (settings.DatasetSha256 is not { } trained)
            throw new SparseGpuException($"{path}: the checkpoint records no SHA-256 of its own data");
        if (trained != data.Sha256)
            throw new SparseGpuException(
                $"{path}: the model was trained on own data with SHA-256 {trained[..12]}…, but {data.Source} has "
                    + $"{data.Sha256[..12]}… (different images or labels)"
            );
    }

    /// <summary>
    /// The settings with own data's SHA-256 recorded (config.json, checkpoints); when the settings already hold one
    /// (a resumed run, or --dataset-sha256) the data must match it. Catalogue data sets are returned unchanged.
    /// </summary>
    public static TrainingSettings WithDataIdentity(TrainingSettings settings, DatasetSplits data, string? resumeFrom)
    {
        if (data.Sha256 is null)
        {
            if (settings.DatasetSha256 is not null)
                throw new InvalidSettingException("dataset-sha256", " is for own data (--dataset PATH) only");
            return settings;
        }
        if (settings.DatasetSha256 is { } expected && expected != data.Sha256)
            throw new SparseGpuException(
                $"{data.Source}: its SHA-256 is {data.Sha256}, not the {expected} "
                    + (resumeFrom is null ? "given by --dataset-sha256" : $"{resumeFrom} was trained on")
            );
        return settings with { DatasetSha256 = data.Sha256 };
    }

    private const StringComparison IgnoreCase = StringComparison.OrdinalIgnoreCase;

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
