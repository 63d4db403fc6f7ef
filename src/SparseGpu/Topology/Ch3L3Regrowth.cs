using SparseGpu.LinkPrediction;
using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>
/// CH3L3's growth rule: the candidates with the highest CH3-L3 score on the layer after removal, equal scores ordered
/// by a key derived from the run's seed; when fewer candidates score above zero than are needed, the rest are
/// drawn uniformly among the remaining absent links.
/// </summary>
/// <param name="scorers">The link scorer for a predictor name on the training device; null: the fast CPU path.
/// Asked once, at the first update, so a run that never updates never opens a scorer.</param>
public sealed class Ch3L3Regrowth(Func<string, ILinkScorer>? scorers = null) : IRegrowthStrategy
{
    private readonly Lazy<ILinkScorer> _scorer = new(() =>
        scorers?.Invoke(LinkPredictionMethods.Ch3L3) ?? new Ch3L3ByLayerShape(new Ch3L3Cpu())
    );

    public RegrowthChoice Choose(RegrowthRequest request)
    {
        ILinkScorer scorer = _scorer.Value;
        var ranking = LinkRanking.Seeded(request.Random.NextUInt64());
        long[] byScore = scorer
            .Best(request.AfterRemoval, request.Excluded, request.Count, ranking)
            .Select(l => l.Key)
            .ToArray();
        Array.Sort(byScore);
        int missing = request.Count - byScore.Length;
        long[] atRandom =
            missing == 0
                ? []
                : AbsentKeySampler.Sample(
                    request.AfterRemoval.PossibleLinks,
                    MergeSorted(request.Excluded, byScore),
                    missing,
                    request.Random
                );
        return new RegrowthChoice([.. byScore, .. atRandom], byScore.Length, atRandom.Length);
    }

    /// <summary>Two ascending key lists with no key in both, merged into one ascending list.</summary>
    internal static long[] MergeSorted(long[] a, long[] b)
    {
        long[] merged = new long[a.Length + b.Length];
        int i = 0,
            j = 0,
            n = 0;
        while (i < a.Length || j < b.Length)
            merged[n++] = j >= b.Length || (i < a.Length && a[i] < b[j]) ? a[i++] : b[j++];
        return merged;
    }
}
