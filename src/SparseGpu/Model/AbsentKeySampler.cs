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
        var chosen = new LongSet(count);
        for (long j = allowed - count; j < allowed; j++)
        {
            long t = rng.NextLong(j + 1);
            if (!chosen.Add(t))
                chosen.Add(j);
        }
        long[] ranks = chosen.ToArray();
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

    /// <summary>
    /// A set of non-negative longs with open addressing: Floyd's draws test membership millions of times per
    /// topology update of a wide layer, several times faster than HashSet&lt;long&gt;. Holds at most the capacity
    /// given.
    /// </summary>
    private sealed class LongSet
    {
        private const long Empty = -1;
        private readonly long[] _slots;
        private readonly int _mask;
        private int _count;

        public LongSet(int capacity)
        {
            int size = (int)
                Math.Min(
                    1L << 30,
                    Math.Max(16, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, capacity)) * 2)
                );
            _slots = new long[size];
            Array.Fill(_slots, Empty);
            _mask = size - 1;
        }

        public bool Add(long value)
        {
            // Fibonacci hashing spreads consecutive values; linear probing keeps the lookups in one cache line.
            int slot = (int)((ulong)(value * unchecked((long)0x9E3779B97F4A7C15)) >> 34) & _mask;
            while (_slots[slot] != Empty)
            {
                if (_slots[slot] == value)
                    return false;
                slot = (slot + 1) & _mask;
            }
            _slots[slot] = value;
            _count++;
            return true;
        }

        public long[] ToArray()
        {
            long[] values = new long[_count];
            int n = 0;
            foreach (long value in _slots)
                if (value != Empty)
                    values[n++] = value;
            return values;
        }
    }
}
