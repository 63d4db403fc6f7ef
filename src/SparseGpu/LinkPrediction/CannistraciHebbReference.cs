using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// CH3-L3n, CH2-L3n and CH2-L3 written literally from their definitions, for tests: slow (it visits every absent
/// link and every path) and obviously right. As for <see cref="Ch3L3Reference"/>: for an absent link between input u
/// and output v, the L3 paths are v – a – b – u with a an input linked to v, b an output linked to u, and a–b
/// linked; the local community is every a and b on such paths; a community node x has internal degree i(x) (its
/// links to other community nodes) and external degree e(x) = deg(x) − i(x) − (links of x to u or v).
/// <list type="bullet">
/// <item>CH3-L3n(u,v) = Σ over community nodes x of 1/(1+e(x));</item>
/// <item>CH2-L3n(u,v) = Σ over community nodes x of (1+i(x))/(1+e(x));</item>
/// <item>CH2-L3(u,v) = Σ over paths of √((1+i(a))(1+i(b))) / √((1+e(a))(1+e(b))).</item>
/// </list>
/// These are the formulas of the Cannistraci-Hebb training code (node-based: its dense-matrix "L3n" regrowth;
/// path-based: its CH_scores_new_v2 with model 2) on a bipartite layer; src/SparseGpu.Cli/README.md (linkpred)
/// gives them with a worked example.
/// </summary>
public sealed class CannistraciHebbReference(string method) : ILinkScorer
{
    private readonly string _method = LinkPredictionMethods.Require(method);

    public static double Score(string method, LayerTopology t, int u, int v)
    {
        method = LinkPredictionMethods.Require(method);
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
        int InternalOfInput(int a) => communityOutputs.Count(b => t.Contains(a, b));
        int InternalOfOutput(int b) => communityInputs.Count(a => t.Contains(a, b));
        int ExternalOfInput(int a) => t.OutDegree(a) - InternalOfInput(a) - (t.Contains(a, v) ? 1 : 0);
        int ExternalOfOutput(int b) => t.InDegree(b) - InternalOfOutput(b) - (t.Contains(u, b) ? 1 : 0);

        return method switch
        {
            LinkPredictionMethods.Ch3L3n => communityInputs.Sum(a => 1.0 / (1 + ExternalOfInput(a)))
                + communityOutputs.Sum(b => 1.0 / (1 + ExternalOfOutput(b))),
            LinkPredictionMethods.Ch2L3n => communityInputs.Sum(a =>
                (1.0 + InternalOfInput(a)) / (1 + ExternalOfInput(a))
            ) + communityOutputs.Sum(b => (1.0 + InternalOfOutput(b)) / (1 + ExternalOfOutput(b))),
            LinkPredictionMethods.Ch2L3 => paths.Sum(p =>
                Math.Sqrt(
                    (1.0 + InternalOfInput(p.A))
                        * (1.0 + InternalOfOutput(p.B))
                        / ((1.0 + ExternalOfInput(p.A)) * (1.0 + ExternalOfOutput(p.B)))
                )
            ),
            _ => Ch3L3Reference.Score(t, u, v),
        };
    }

    /// <summary>Every candidate with a positive score.</summary>
    public static List<ScoredLink> All(string method, LayerTopology t, ReadOnlySpan<long> excluded)
    {
        var blocked = excluded.ToArray().ToHashSet();
        var result = new List<ScoredLink>();
        for (int v = 0; v < t.Outputs; v++)
        for (int u = 0; u < t.Inputs; u++)
        {
            long key = t.Key(u, v);
            if (t.Contains(u, v) || blocked.Contains(key))
                continue;
            double score = Score(method, t, u, v);
            if (score > 0)
                result.Add(new ScoredLink(key, score));
        }
        return result;
    }

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        var best = new BestLinks(count, ranking);
        foreach (ScoredLink link in All(_method, topology, excluded))
            best.Offer(link);
        return best.Ranked();
    }
}
