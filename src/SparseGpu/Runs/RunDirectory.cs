using System.Globalization;

namespace SparseGpu.Runs;

/// <summary>The files of one training run.</summary>
public sealed class RunDirectory
{
    public RunDirectory(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }
    public string Config => System.IO.Path.Combine(Path, "config.json");
    public string Metrics => System.IO.Path.Combine(Path, "metrics.csv");

    /// <summary>The latest state: after every epoch, and where an interrupted run stopped.</summary>
    public string Model => System.IO.Path.Combine(Path, "model.ckpt");

    /// <summary>The periodic checkpoint kept after <paramref name="epoch"/> (1-based).</summary>
    public string EpochCheckpoint(int epoch) =>
        System.IO.Path.Combine(Path, $"checkpoint-epoch-{epoch.ToString("D4", CultureInfo.InvariantCulture)}.ckpt");

    public bool HoldsRun => File.Exists(Model) || File.Exists(Metrics);

    /// <summary>runs/DATASET-METHOD-seedN-TIMESTAMP under the current directory.</summary>
    public static string DefaultFor(string dataset, string regrowth, ulong seed) =>
        System.IO.Path.Combine("runs", $"{dataset}-{regrowth}-seed{seed}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
}
