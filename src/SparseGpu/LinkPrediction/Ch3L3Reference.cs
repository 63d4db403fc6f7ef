using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// CH3-L3 written literally from its definition, for tests: slow (it visits every absent link) and obviously right.
/// For an absent link between input u and output v of a layer seen as a bipartite graph, the L3 paths are
/// v – a – b – u with a an input linked to v, b an output linked to u, and a–b linked. The local community
/// (<see cref="L3Community"/>) is every a and b on such paths. The external degree of a community node x is
/// e(x) = deg(x) − (links of x to other community nodes) − (links of x to u or v).
/// CH3-L3(u,v) = Σ over paths 1/√((1+e(a))·(1+e(b))).
/// </summary>
public sealed class Ch3L3Reference : ILinkScorer
{
    public static double Score(LayerTopology t, int u, int v)
    {
        var c = L3Community.Of(t, u, v);
        return c.Paths.Sum(p => 1.0 / Math.Sqrt((1.0 + c.ExternalOfInput(p.A)) * (1.0 + c.ExternalOfOutput(p.B))));
    }

    /// <summary>Every candidate with a positive score.</summary>
    public static List<ScoredLink> All(LayerTopology t, ReadOnlySpan<long> excluded) =>
        L3Community.PositiveCandidates(t, excluded, (u, v) => Score(t, u, v));

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        var best = new BestLinks(count, ranking);
        foreach (ScoredLink link in All(topology, excluded))
            best.Offer(link);
        return best.Ranked();
    }
}
