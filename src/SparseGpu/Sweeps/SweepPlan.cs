using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SparseGpu.Training;

namespace SparseGpu.Sweeps;

/// <summary>
/// One run of a sweep. Its id names the data set, method and seed and ends with a hash of every training setting,
/// so the same spec gives the same ids on every machine and a changed setting never reuses old results.
/// </summary>
/// <param name="Varied">The settings listed as lists in the spec's `training` block, with this run's values.</param>
public sealed record RunPlan(
    int Index,
    string Id,
    string Dataset,
    string Method,
    ulong Seed,
    TrainingSettings Settings,
    SweepRobustness? Robustness,
    IReadOnlyList<VariedSetting>? Varied = null
)
{
    public IReadOnlyList<VariedSetting> VariedSettings => Varied ?? [];
}

/// <summary>
/// Expands a spec into runs (data sets × varied training settings × methods × seeds, in the spec's order) and cuts it
/// into shards.
/// </summary>
public static class SweepPlan
{
    private static readonly JsonSerializerOptions Canonical = Runs.JsonFormat.RunId;

    public static IReadOnlyList<RunPlan> Expand(SweepSpec spec)
    {
        var runs = new List<RunPlan>();
        IReadOnlyList<GridPoint> points = spec.GridPoints();
        foreach (string dataset in spec.Datasets)
        foreach (GridPoint point in points)
        foreach (string method in spec.Methods)
        foreach (ulong seed in spec.Seeds)
        {
            TrainingSettings settings = SweepSpec.SettingsFor(dataset, method, seed, point);
            string id = $"{settings.Dataset}-{settings.Regrowth}-seed{seed}-{SettingsHash(settings)}";
            runs.Add(
                new RunPlan(
                    runs.Count,
                    id,
                    settings.Dataset,
                    settings.Regrowth,
                    seed,
                    settings,
                    spec.Robustness,
                    point.Varied
                )
            );
        }
        return runs;
    }

    /// <summary>The first 8 hex digits of the SHA-256 of the settings' canonical JSON.</summary>
    public static string SettingsHash(TrainingSettings settings) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(settings, Canonical)))[..8];

    /// <summary>"I/N" (0 ≤ I &lt; N) as a pair.</summary>
    public static (int Index, int Count) ParseShard(string text)
    {
        string[] parts = text.Split('/');
        if (
            parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count > 0
            && index < count
        )
            return (index, count);
        throw new InvalidSettingException("shard", $" '{text}' must be I/N with 0 <= I < N (e.g. 0/4)");
    }

    /// <summary>Every N-th run starting at the I-th: shards are disjoint, cover the sweep, and get similar mixes of
    /// data sets and methods.</summary>
    public static IReadOnlyList<RunPlan> Shard(IReadOnlyList<RunPlan> runs, int index, int count) =>
        runs.Where(r => r.Index % count == index).ToList();
}
