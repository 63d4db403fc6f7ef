using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// The fast CPU path of CH3-L3: path enumeration (<see cref="Ch3L3RowScorer"/>) over outputs shared out among
/// threads (<see cref="RowScoring"/>). Memory is O(links + threads × (neurons + count)): no dense score matrix is
/// ever built.
/// </summary>
public sealed class Ch3L3Cpu(int threads = 0) : ILinkScorer
{
    private readonly int _threads = threads > 0 ? threads : Environment.ProcessorCount;

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        if (count == 0)
            return [];
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        return RowScoring.Best(
            topology.Outputs,
            _threads,
            count,
            ranking,
            () => new Ch3L3RowScorer(topology, excludedLinks)
        );
    }

    /// <summary>Every candidate with a positive score, in no particular order (for the linkpred tool's
    /// --all).</summary>
    public static List<ScoredLink> All(LayerTopology topology, ReadOnlySpan<long> excluded) =>
        RowScoring.All(
            topology.Outputs,
            new Ch3L3RowScorer(topology, new ExcludedLinks(topology.Inputs, topology.Outputs, excluded))
        );
}
