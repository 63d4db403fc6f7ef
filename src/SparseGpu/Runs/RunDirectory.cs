using System.Globalization;
using SparseGpu.Model;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>The files of one training run.</summary>
public sealed class RunDirectory
{
    public RunDirectory(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }
    public string Config => System.IO.Path.Combine(Path, RunLayout.Config);
    public string Metrics => System.IO.Path.Combine(Path, RunLayout.Metrics);
    public string Events => System.IO.Path.Combine(Path, RunLayout.Events);

    /// <summary>The latest state: after every epoch, and where an interrupted run stopped.</summary>
    public string Model => System.IO.Path.Combine(Path, RunLayout.Model);

    /// <summary>With --validation: the epoch with the best validation accuracy (the earliest of equals).</summary>
    public string Best => System.IO.Path.Combine(Path, RunLayout.Best);

    /// <summary>The periodic checkpoint kept after <paramref name="epoch"/> (1-based).</summary>
    public string EpochCheckpoint(int epoch) => System.IO.Path.Combine(Path, RunLayout.EpochCheckpoint(epoch));

    /// <summary>
    /// runs/DATASET-METHOD[-dDENSITY|-kFANIN][-hWIDTHS]-seedN-TIME-XXXXXX under the current directory: density (per
    /// layer: joined by _), fan-in and widths appear when they are not the defaults, and a random suffix keeps runs
    /// started in the same second apart (studies launch many at once).
    /// </summary>
    public static string DefaultFor(
        TrainingSettings settings,
        DateTime now,
        Func<string> suffix,
        string root = RunLayout.DefaultRoot
    )
    {
        var parts = new List<string> { Data.OwnDataset.DisplayName(settings.Dataset), settings.Regrowth };
        if (settings.FanIn is { } fanIn)
            parts.Add("k" + fanIn.ToString("0.######", CultureInfo.InvariantCulture));
        else if (settings.Density is { } density && !density.Equals(Densities.Uniform(NetworkShape.DefaultDensity)))
            parts.Add(
                "d" + string.Join("_", density.Values.Select(d => d.ToString("0.######", CultureInfo.InvariantCulture)))
            );
        if (!settings.Hidden.SequenceEqual(NetworkShape.DefaultHidden))
            parts.Add(
                "h"
                    + (
                        settings.Hidden.Distinct().Count() == 1
                            ? $"{settings.Hidden.Length}x{settings.Hidden[0]}"
                            : string.Join("-", settings.Hidden)
                    )
            );
        parts.Add($"seed{settings.Seed}");
        parts.Add(RunLayout.Timestamp(now));
        string stem = System.IO.Path.Combine(root, string.Join("-", parts));
        string path;
        do path = $"{stem}-{suffix()}";
        while (Directory.Exists(path));
        return path;
    }

    public static string DefaultFor(TrainingSettings settings) => DefaultFor(settings, DateTime.Now, RandomSuffix);

    /// <summary>Six hex digits: 16.7 million values, so two runs of the same second practically never meet (and a
    /// folder that exists already is skipped anyway).</summary>
    public static string RandomSuffix() =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
}
