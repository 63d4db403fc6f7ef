using SparseGpu.Model;

namespace SparseGpu.Analysis;

/// <summary>
/// Link age and provenance of one sparse layer over a run's snapshots: how long each living link has been present,
/// whether the links a topology update removes are the ones the previous update grew, and the share of all possible
/// positions the layer has ever used (in-time over-parameterisation, Liu et al. 2021). Exact only when the snapshots
/// see every topology update (`train --snapshot-every` equal to the update interval, 1 by default): links grown and
/// removed between two snapshots are invisible, so <see cref="Step"/> is given whether this snapshot follows the
/// previous one with no update in between unseen, and gives nothing once one was missed.
/// </summary>
public sealed class LinkAge
{
    private Dictionary<long, int> _born = [];
    private HashSet<long> _grownAtPrevious = [];
    private readonly HashSet<long> _everUsed = [];
    private bool _exact = true;
    private bool _started;
    private int _exactSteps;

    /// <summary>Takes the layer's topology at <paramref name="epoch"/>; null when the ages are no longer exact (a
    /// snapshot was missed) or this is the first snapshot and not epoch 0.</summary>
    /// <param name="followsPrevious">Whether no topology update happened between the previous snapshot and this
    /// one without being seen (consecutive epochs).</param>
    public LinkAgeMeasures? Step(int epoch, LayerTopology topology, bool followsPrevious)
    {
        _exact &= _started ? followsPrevious : epoch == 0;
        long[] keys = topology.Keys();
        if (!_exact)
        {
            _started = true;
            return null;
        }
        var born = new Dictionary<long, int>(keys.Length);
        var grown = new HashSet<long>();
        foreach (long key in keys)
        {
            if (_born.TryGetValue(key, out int since))
                born[key] = since;
            else
            {
                born[key] = epoch;
                if (_started)
                    grown.Add(key);
            }
            _everUsed.Add(key);
        }
        int removed = 0,
            removedGrownAtPrevious = 0;
        foreach (long key in _born.Keys)
        {
            if (born.ContainsKey(key))
                continue;
            removed++;
            if (_grownAtPrevious.Contains(key))
                removedGrownAtPrevious++;
        }
        int[] ages = born.Values.Select(b => epoch - b).ToArray();
        Array.Sort(ages);
        var measures = new LinkAgeMeasures(
            _exactSteps >= 2 && removed > 0 ? (double)removedGrownAtPrevious / removed : null,
            ages.Length == 0 ? double.NaN : ages.Average(),
            ages.Length == 0 ? double.NaN : Statistics.Quantile(ages.Select(a => (float)a).ToArray(), 0.5),
            ages.Length == 0 ? 0 : ages[^1],
            (double)_everUsed.Count / topology.PossibleLinks,
            ages.GroupBy(a => a).Select(g => (g.Key, g.Count())).ToList()
        );
        _born = born;
        _grownAtPrevious = grown;
        _started = true;
        _exactSteps++;
        return measures;
    }
}

/// <summary>One snapshot's link-age measures of one layer (see <see cref="LinkAge"/>).</summary>
/// <param name="RemovedGrownAtPreviousFraction">Of the links the latest update removed, the fraction that the update
/// before it had grown; null at the first two snapshots or when nothing was removed.</param>
/// <param name="AgeDistribution">Living links per age in epochs, ascending.</param>
public sealed record LinkAgeMeasures(
    double? RemovedGrownAtPreviousFraction,
    double AgeMean,
    double AgeMedian,
    int AgeMax,
    double EverUsedFraction,
    IReadOnlyList<(int Age, int Links)> AgeDistribution
);
