using SparseGpu.LinkPrediction;

namespace SparseGpu.Topology;

/// <summary>
/// Draws candidates without replacement, each draw choosing among the candidates not yet drawn with probability
/// proportional to their score (successive sampling, as torch.multinomial without replacement does), by exponential
/// keys (Efraimidis and Spirakis 2006): candidate i gets E_i / s_i with E_i = −ln u_i, and the <c>count</c> smallest
/// keys are the sample. u_i is a hash of the seed and the link key alone, so the sample depends on neither the order
/// in which the scorer lists candidates nor its thread count, and is the same on every engine that gives the same
/// scores.
/// </summary>
public static class ProportionalSampler
{
    /// <summary>The keys of <paramref name="count"/> distinct candidates, ascending.</summary>
    /// <param name="candidates">Distinct links, each with a positive, finite score.</param>
    public static long[] Sample(ReadOnlySpan<ScoredLink> candidates, int count, ulong seed)
    {
        if (count < 0 || count > candidates.Length)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"only {candidates.Length} candidates");
        if (count == 0)
            return [];
        // A bounded heap keeps the count smallest keys seen: its root is the largest kept.
        var kept = new PriorityQueue<long, (double Key, long Link)>(count, LargestFirst);
        foreach (ScoredLink candidate in candidates)
        {
            if (!(candidate.Score > 0 && double.IsFinite(candidate.Score)))
                throw new ArgumentException($"candidate {candidate.Key} has score {candidate.Score}, not positive");
            var key = (-Math.Log(Uniform(seed, candidate.Key)) / candidate.Score, candidate.Key);
            if (kept.Count < count)
                kept.Enqueue(candidate.Key, key);
            else if (LargestFirst.Compare(key, PeekPriority(kept)) > 0)
                kept.EnqueueDequeue(candidate.Key, key);
        }
        long[] chosen = kept.UnorderedItems.Select(item => item.Element).ToArray();
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>A uniform number in (0, 1] from the seed and the link key (53 random bits).</summary>
    public static double Uniform(ulong seed, long link)
    {
        ulong x = seed ^ (ulong)link * 0x9E3779B97F4A7C15UL;
        ulong bits = Rng.SplitMix64(ref x) >> 11;
        return (bits + 1) * (1.0 / (1UL << 53));
    }

    /// <summary>Orders keys so that the queue dequeues the largest first: larger key, then larger link.</summary>
    private static readonly Comparer<(double Key, long Link)> LargestFirst = Comparer<(double Key, long Link)>.Create(
        (a, b) =>
        {
            int byKey = b.Key.CompareTo(a.Key);
            return byKey != 0 ? byKey : b.Link.CompareTo(a.Link);
        }
    );

    private static (double Key, long Link) PeekPriority(PriorityQueue<long, (double Key, long Link)> queue) =>
        queue.TryPeek(out _, out var priority) ? priority : throw new InvalidOperationException("empty");
}
