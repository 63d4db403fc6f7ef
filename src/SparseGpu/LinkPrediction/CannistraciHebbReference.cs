using System.Diagnostics;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// CH3-L3n, CH2-L3n and CH2-L3 written literally from their definitions, for tests: slow (it visits every absent
/// link and every path) and obviously right. As for <see cref="Ch3L3Reference"/>: for an absent link between input u
/// and output v, the L3 paths are v – a – b – u with a an input linked to v, b an output linked to u, and a–b
/// linked; the local community (<see cref="L3Community"/>) is every a and b on such paths; a community node x has
/// internal degree i(x) (its links to other community nodes) and external degree
/// e(x) = deg(x) − i(x) − (links of x to u or v).
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
        if (method == LinkPredictionMethods.Ch3L3)
            return Ch3L3Reference.Score(t, u, v);
        var c = L3Community.Of(t, u, v);
        return method switch
        {
            LinkPredictionMethods.Ch3L3n => c.Inputs.Sum(a => 1.0 / (1 + c.ExternalOfInput(a)))
                + c.Outputs.Sum(b => 1.0 / (1 + c.ExternalOfOutput(b))),
            LinkPredictionMethods.Ch2L3n => c.Inputs.Sum(a => (1.0 + c.InternalOfInput(a)) / (1 + c.ExternalOfInput(a)))
                + c.Outputs.Sum(b => (1.0 + c.InternalOfOutput(b)) / (1 + c.ExternalOfOutput(b))),
            LinkPredictionMethods.Ch2L3 => c.Paths.Sum(p =>
                Math.Sqrt(
                    (1.0 + c.InternalOfInput(p.A))
                        * (1.0 + c.InternalOfOutput(p.B))
                        / ((1.0 + c.ExternalOfInput(p.A)) * (1.0 + c.ExternalOfOutput(p.B)))
                )
            ),
            _ => throw new UnreachableException($"'{method}' has no reference formula"),
        };
    }

    /// <summary>Every candidate with a positive score.</summary>
    public static List<ScoredLink> All(string method, LayerTopology t, ReadOnlySpan<long> excluded)
    {
        method = LinkPredictionMethods.Require(method);
        return L3Community.PositiveCandidates(t, excluded, (u, v) => Score(method, t, u, v));
    }

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        var best = new BestLinks(count, ranking);
        foreach (ScoredLink link in All(_method, topology, excluded))
            best.Offer(link);
        return best.Ranked();
    }
}
