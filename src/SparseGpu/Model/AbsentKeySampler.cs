namespace SparseGpu.Model;

/// <summary>
/// Draws keys uniformly at random, without replacement, from [0, total) minus a sorted set of excluded keys —
/// exactly uniform at any density, in O(count log count + excluded) time and O(count) extra memory. It never
/// enumerates the candidates: a rank r among the allowed keys is mapped to its key by walking the excluded list.
/// </summary>
public static class AbsentKeySampler
{
    /// <returns>The chosen keys in ascending order.</returns>
    public static long[] Sample(long total, ReadOnlySpan<long> sortedExcluded, int count, Rng rng)
    {
        long allowed = total - sortedExcluded.Length;
        if (count < 0 || count > allowed)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"only {allowed} keys are available");

        // Floyd's algorithm: a uniform count-subset of [0, allowed) with count draws.
        var chosen = new HashSet<long>(count);
        for (long j = allowed - count; j < allowed; j++)
        {
            long t = rng.NextLong(j + 1);
            if (!chosen.Add(t)) chosen.Add(j);
        }
        long[] ranks = [.. chosen];
        Array.Sort(ranks);

        // rank r -> key: the smallest key k such that k - (#excluded <= k) = r and k is not excluded.
        int e = 0;
        for (int i = 0; i < ranks.Length; i++)
        {
            long key = ranks[i] + e;
            while (e < sortedExcluded.Length && sortedExcluded[e] <= key)
            {
                e++;
                key = ranks[i] + e;
            }
            ranks[i] = key;
        }
        return ranks;
    }
}
