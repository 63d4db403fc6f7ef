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
        if (count == 0)
            return [];
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        int chunks = (topology.Outputs + OutputsPerChunk - 1) / OutputsPerChunk;
        int threads = Math.Min(_threads, chunks);
        var perThread = new BestLinks[threads];
        int nextChunk = -1;
        // One long-lived worker per thread pulling chunks: each allocates its scratch and selection once.
        Parallel.For(
            0,
            threads,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            worker =>
            {
                var scorer = new Ch3L3RowScorer(topology, excludedLinks);
                var best = new BestLinks(count, ranking);
                Action<ScoredLink> offer = best.Offer;
                int chunk;
                while ((chunk = Interlocked.Increment(ref nextChunk)) < chunks)
                {
                    int end = Math.Min(topology.Outputs, (chunk + 1) * OutputsPerChunk);
                    for (int v = chunk * OutputsPerChunk; v < end; v++)
                        scorer.ScoreOutput(v, offer);
                }
                perThread[worker] = best;
            }
        );
        var merged = new BestLinks(count, ranking);
        foreach (BestLinks best in perThread)
            merged.Merge(best);
        return merged.Ranked();
    }

    /// <summary>Every candidate with a positive score, in no particular order (for the linkpred tool's
    /// --all).</summary>
    public static List<ScoredLink> All(LayerTopology topology, ReadOnlySpan<long> excluded)
    {
        var scorer = new Ch3L3RowScorer(topology, new ExcludedLinks(topology.Inputs, topology.Outputs, excluded));
        var result = new List<ScoredLink>();
        for (int v = 0; v < topology.Outputs; v++)
            scorer.ScoreOutput(v, result.Add);
        return result;
    }
}
