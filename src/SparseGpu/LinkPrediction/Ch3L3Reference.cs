using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// CH3-L3 written literally from its definition, for tests: slow (it visits every absent link) and obviously right.
/// For an absent link between input u and output v of a layer seen as a bipartite graph, the L3 paths are
/// v – a – b – u with a an input linked to v, b an output linked to u, and a–b linked. The local community is
/// every a and b on such paths. The external degree of a community node x is e(x) = deg(x) − (links of x to
/// other community nodes) − (links of x to u or v). CH3-L3(u,v) = Σ over paths 1/√((1+e(a))·(1+e(b))).
/// </summary>
public sealed class Ch3L3Reference : ILinkScorer
{
    public static double Score(LayerTopology t, int u, int v)
    {
        if (t.Contains(u, v))
            throw new ArgumentException($"({u},{v}) is a link, not a candidate");
        var paths = new List<(int A, int B)>();
        for (int a = 0; a < t.Inputs; a++)
        {
            if (!t.Contains(a, v))
                continue;
            for (int b = 0; b < t.Outputs; b++)
                if (t.Contains(u, b) && t.Contains(a, b))
                    paths.Add((a, b));
        }
        var communityInputs = paths.Select(p => p.A).ToHashSet();
        var communityOutputs = paths.Select(p => p.B).ToHashSet();

        // An input's neighbours are outputs (and vice versa); u is an input and v an output.
        int ExternalOfInput(int a) =>
            t.OutDegree(a) - communityOutputs.Count(b => t.Contains(a, b)) - (t.Contains(a, v) ? 1 : 0);
        int ExternalOfOutput(int b) =>
            t.InDegree(b) - communityInputs.Count(a => t.Contains(a, b)) - (t.Contains(u, b) ? 1 : 0);

        return paths.Sum(p => 1.0 / Math.Sqrt((1.0 + ExternalOfInput(p.A)) * (1.0 + ExternalOfOutput(p.B))));
    }

    /// <summary>Every candidate with a positive score.</summary>
    public static List<ScoredLink> All(LayerTopology t, ReadOnlySpan<long> excluded)
    {
        var blocked = excluded.ToArray().ToHashSet();
        var result = new List<ScoredLink>();
        for (int v = 0; v < t.Outputs; v++)
        for (int u = 0; u < t.Inputs; u++)
        {
            long key = t.Key(u, v);
            if (t.Contains(u, v) || blocked.Contains(key))
                continue;
            double score = Score(t, u, v);
            if (score > 0)
                result.Add(new ScoredLink(key, score));
        }
        return result;
    }

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        var best = new BestLinks(count, ranking);
        foreach (ScoredLink link in All(topology, excluded))
            best.Offer(link);
        return best.Ranked();
    }
}
