namespace SparseGpu.LinkPrediction;

/// <summary>Scores the candidates of one output neuron at a time, with scratch reused across outputs.</summary>
internal interface IRowScorer
{
    /// <summary>Offers every candidate of output <paramref name="v"/> with a positive score.</summary>
    void ScoreOutput(int v, Action<ScoredLink> offer);
}

/// <summary>
/// How the CPU scorers run their rows: outputs shared out in chunks among threads, each with its own row scorer
/// (its scratch allocated once) and its own bounded selection of the best candidates, merged at the end. Memory is
/// O(threads × (scratch + count)): no dense score matrix is ever built.
/// </summary>
internal static class RowScoring
{
    private const int OutputsPerChunk = 64;

    public static ScoredLink[] Best(
        int outputs,
        int threads,
        int count,
        LinkRanking ranking,
        Func<IRowScorer> newScorer
    )
    {
        int chunks = (outputs + OutputsPerChunk - 1) / OutputsPerChunk;
        threads = Math.Min(threads, chunks);
        var perThread = new BestLinks[threads];
        int nextChunk = -1;
        // One long-lived worker per thread pulling chunks: each allocates its scratch and selection once.
        Parallel.For(
            0,
            threads,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            worker =>
            {
                IRowScorer scorer = newScorer();
                var best = new BestLinks(count, ranking);
                Action<ScoredLink> offer = best.Offer;
                int chunk;
                while ((chunk = Interlocked.Increment(ref nextChunk)) < chunks)
                {
                    int end = Math.Min(outputs, (chunk + 1) * OutputsPerChunk);
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

    /// <summary>Every candidate with a positive score, in no particular order, on this thread.</summary>
    public static List<ScoredLink> All(int outputs, IRowScorer scorer)
    {
        var result = new List<ScoredLink>();
        for (int v = 0; v < outputs; v++)
            scorer.ScoreOutput(v, result.Add);
        return result;
    }
}
