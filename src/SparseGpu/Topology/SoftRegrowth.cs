using SparseGpu.LinkPrediction;
using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>
/// The Cannistraci-Hebb soft rule's growth (`--method chts`): the predictor scores every absent candidate on the
/// layer after removal, and the new links are drawn without replacement with probability proportional to the score
/// among the candidates of positive score (<see cref="ProportionalSampler"/>), at weight 0. The draw's seed is the
/// first number of the layer's regrowth stream (seed, regrowth, epoch, layer), so a run is the same on every engine
/// and thread count and resumes bit for bit. When fewer candidates score above zero than are needed, all of them are
/// taken and the rest are drawn uniformly among the remaining absent links from the same stream (the documented
/// fallback, counted as regrown at random in metrics.csv), as CH3L3's growth does.
/// </summary>
/// <param name="predictor">A name of <see cref="LinkPredictionMethods"/>.</param>
/// <param name="scorers">The link scorer for a predictor name on the training device; null: the fast CPU path.
/// Asked once, at the first update.</param>
public sealed class SoftRegrowth(string predictor, Func<string, ILinkScorer>? scorers = null) : IRegrowthStrategy
{
    private readonly Lazy<ILinkScorer> _scorer = new(() => scorers?.Invoke(predictor) ?? FastCpu(predictor));

    public string Predictor { get; } = LinkPredictionMethods.Require(predictor);

    public RegrowthChoice Choose(RegrowthRequest request)
    {
        ulong sampleSeed = request.Random.NextUInt64();
        LayerTopology layer = request.AfterRemoval;
        ScoredLink[] positive = _scorer.Value.Best(
            layer,
            request.Excluded,
            int.MaxValue,
            LinkRanking.ByPosition(layer.Inputs, layer.Outputs)
        );
        if (positive.Length >= request.Count)
        {
            long[] sampled = ProportionalSampler.Sample(positive, request.Count, sampleSeed);
            return new RegrowthChoice(sampled, sampled.Length, 0);
        }
        long[] byScore = positive.Select(l => l.Key).ToArray();
        Array.Sort(byScore);
        long[] atRandom = AbsentKeySampler.Sample(
            layer.PossibleLinks,
            Ch3L3Regrowth.MergeSorted(request.Excluded, byScore),
            request.Count - byScore.Length,
            request.Random
        );
        return new RegrowthChoice([.. byScore, .. atRandom], byScore.Length, atRandom.Length);
    }

    private static ILinkScorer FastCpu(string predictor) =>
        CannistraciHebbPredictors.Covers(predictor)
            ? new CannistraciHebbCpu(predictor)
            : new Ch3L3ByLayerShape(new Ch3L3Cpu());
}
