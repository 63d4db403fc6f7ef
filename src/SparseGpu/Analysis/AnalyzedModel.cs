using SparseGpu.Model;
using SparseGpu.Runs;

namespace SparseGpu.Analysis;

/// <summary>A trained network with what identifies it in the tables: its path (or run directory), method, data set,
/// seed.</summary>
public sealed record AnalyzedModel(
    string Name,
    string Method,
    string Dataset,
    ulong Seed,
    Network Network,
    string? RunDirectory = null
)
{
    /// <summary>The settings it was trained with (null for a network that is not a checkpoint's).</summary>
    public Training.TrainingSettings? Settings { get; init; }

    public int SparseLayers => Network.Layers.Count - 1;

    public static AnalyzedModel FromCheckpoint(string path, string? runDirectory = null)
    {
        Checkpoint checkpoint = CheckpointFile.Read(path);
        return new AnalyzedModel(
            runDirectory ?? path,
            checkpoint.Settings.Regrowth,
            Data.OwnDataset.DisplayName(checkpoint.Settings.Dataset),
            checkpoint.Settings.Seed,
            checkpoint.State.Network,
            runDirectory
        )
        {
            Settings = checkpoint.Settings,
        };
    }
}
