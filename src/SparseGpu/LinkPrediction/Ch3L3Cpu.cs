using System.Collections.Concurrent;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// The fast CPU path of CH3-L3: output neurons are shared out in chunks among threads, each with its own O(n)
/// scratch and its own bounded selection of the best candidates; the selections are merged at the end. Memory
/// is O(links + threads × (neurons + count)): no dense score matrix is ever built.
/// </summary>
public sealed class Ch3L3Cpu(int threads = 0) : ILinkScorer
{
    private const int OutputsPerChunk = 64;

    private readonly int _threads = threads > 0 ? threads : Environment.ProcessorCount;

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        var merged = new BestLinks(count, ranking);
        if (count == 0) return [];
        object gate = new();
        var options = new ParallelOptions { MaxDegreeOfParallelism = _threads };
        Parallel.ForEach(
            Partitioner.Create(0, topology.Outputs, OutputsPerChunk),
            options,
            () => (Scorer: new Ch3L3RowScorer(topology, excludedLinks), Best: new BestLinks(count, ranking)),
            (range, _, local) =>
            {
                for (int v = range.Item1; v < range.Item2; v++) local.Scorer.ScoreOutput(v, local.Best.Offer);
                return local;
            },
            local =>
            {
                lock (gate) merged.Merge(local.Best);
            });
        return merged.Ranked();
    }

    /// <summary>Every candidate with a positive score, in no particular order (for the linkpred tool's --all).</summary>
    public static List<ScoredLink> All(LayerTopology topology, ReadOnlySpan<long> excluded)
    {
        var scorer = new Ch3L3RowScorer(topology, new ExcludedLinks(topology.Inputs, topology.Outputs, excluded));
        var result = new List<ScoredLink>();
        for (int v = 0; v < topology.Outputs; v++) scorer.ScoreOutput(v, result.Add);
        return result;
    }
}
