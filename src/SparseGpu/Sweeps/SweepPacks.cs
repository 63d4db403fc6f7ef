using SparseGpu.Training;

namespace SparseGpu.Sweeps;

/// <summary>Where a sweep run's training starts: whether it has epochs left, and the checkpoint's position
/// (0, 0 for a new run).</summary>
public readonly record struct TrainingStart(bool Trains, int CompletedEpochs, int NextSample);

/// <summary>
/// `sweep --pack K`: the runs of a sweep cut into packs of up to K runs that train together in the same launches.
/// A pack's runs have one data set (its image count and classes fix the pack's shape), differ only in what
/// <see cref="PackCompatibility"/> allows (in a sweep: method and seed), and start at the same point (all new, or
/// all resumed from the same epoch and sample, as the runs of an interrupted pack are). A run with nothing left to
/// train is a pack of its own. Incompatible runs go into other packs, never into one with a different setting.
/// </summary>
public static class SweepPacks
{
    /// <returns>Positions in <paramref name="runs"/>, one list per pack, each in the runs' order, the packs in the
    /// order of their first runs.</returns>
    public static IReadOnlyList<IReadOnlyList<int>> Group(
        IReadOnlyList<(RunPlan Run, TrainingStart Start)> runs,
        int size
    )
    {
        if (size < 1)
            throw new ArgumentOutOfRangeException(nameof(size), size, "a pack holds at least one run");
        var packs = new List<List<int>>();
        for (int i = 0; i < runs.Count; i++)
        {
            List<int>? open = runs[i].Start.Trains
                ? packs.FirstOrDefault(p => p.Count < size && Together(runs[p[0]], runs[i]))
                : null;
            if (open is null)
                packs.Add([i]);
            else
                open.Add(i);
        }
        return packs;
    }

    private static bool Together((RunPlan Run, TrainingStart Start) first, (RunPlan Run, TrainingStart Start) other) =>
        first.Start == other.Start
        && string.Equals(first.Run.Settings.Dataset, other.Run.Settings.Dataset, StringComparison.OrdinalIgnoreCase)
        && PackCompatibility.Difference(first.Run.Settings, other.Run.Settings) is null;
}
