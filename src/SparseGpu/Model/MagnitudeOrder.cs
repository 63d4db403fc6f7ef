namespace SparseGpu.Model;

/// <summary>
/// Links ordered by weight magnitude, equal magnitudes by a random key: the one ordering behind magnitude removal
/// in topology updates and the weight-order robustness sweeps. Sorting primitive keys instead of calling a
/// comparison per pair makes it about ten times faster, which matters at millions of links per layer.
/// </summary>
public static class MagnitudeOrder
{
    /// <summary>
    /// Link indices by |w| ascending (or descending), equal |w| by a tie key drawn from <paramref name="rng"/>, one
    /// per link in link order (so the same seed gives the same order); NaN counts as the smallest magnitude.
    /// </summary>
    public static int[] Sorted(ReadOnlySpan<float> weights, Rng rng, bool largestFirst)
    {
        int links = weights.Length;
        ulong[] tie = new ulong[links];
        ulong[] keys = new ulong[links];
        int[] order = new int[links];
        for (int link = 0; link < links; link++)
        {
            tie[link] = rng.NextUInt64();
            uint magnitude = Bits(weights[link]);
            if (largestFirst)
                magnitude = ~magnitude;
            // Magnitude first, then the tie key's high half; equal pairs are refined by the whole tie key below.
            keys[link] = ((ulong)magnitude << 32) | (tie[link] >> 32);
            order[link] = link;
        }
        Array.Sort(keys, order);
        for (int start = 0; start < links; )
        {
            int end = start + 1;
            while (end < links && keys[end] == keys[start])
                end++;
            if (end - start > 1)
                Array.Sort(order, start, end - start, Comparer<int>.Create((a, b) => tie[a].CompareTo(tie[b])));
            start = end;
        }
        return order;
    }

    /// <summary>
    /// Marks the <paramref name="count"/> values of largest magnitude (RigL's growth by |gradient|) of a list of
    /// which <paramref name="values"/> are the entries at <paramref name="ranks"/> (ascending), equal magnitudes by a
    /// tie key drawn from <paramref name="rng"/> per entry of the whole list in list order, as <see cref="Smallest"/>
    /// draws them; NaN counts as magnitude 0, so it is taken last (with the zeros). The entries given must include
    /// every one of magnitude at least the count-th largest; then the marks are those a selection over the whole
    /// list would make, and the keys are drawn only as far as the last entry tied at the boundary, only if a tie
    /// there must be broken.
    /// </summary>
    public static bool[] Largest(ReadOnlySpan<float> values, ReadOnlySpan<long> ranks, int count, Rng rng)
    {
        int n = values.Length;
        if (ranks.Length != n)
            throw new ArgumentException($"{ranks.Length} ranks for {n} values", nameof(ranks));
        var marked = new bool[n];
        if (count <= 0)
            return marked;
        if (count >= n)
        {
            Array.Fill(marked, true);
            return marked;
        }
        uint[] magnitudes = new uint[n];
        for (int i = 0; i < n; i++)
            magnitudes[i] = ~Bits(values[i]); // complemented: the largest magnitude sorts first
        uint threshold = Select((uint[])magnitudes.Clone(), count - 1);
        var atThreshold = new List<int>();
        int taken = 0;
        for (int i = 0; i < n; i++)
        {
            if (magnitudes[i] < threshold)
            {
                marked[i] = true;
                taken++;
            }
            else if (magnitudes[i] == threshold)
                atThreshold.Add(i);
        }
        if (atThreshold.Count > count - taken)
        {
            // The whole list's tie keys at these entries' ranks: one draw per entry, skipping the others' draws.
            var tie = new ulong[atThreshold.Count];
            long drawn = 0;
            for (int t = 0; t < tie.Length; t++)
            {
                for (long rank = ranks[atThreshold[t]]; drawn < rank; drawn++)
                    rng.NextUInt64();
                tie[t] = rng.NextUInt64();
                drawn++;
            }
            int[] byTie = Enumerable.Range(0, tie.Length).OrderBy(t => tie[t]).ToArray();
            atThreshold = byTie.Select(t => atThreshold[t]).ToList();
        }
        for (int i = 0; taken < count; i++, taken++)
            marked[atThreshold[i]] = true;
        return marked;
    }

    /// <summary>
    /// Marks the <paramref name="count"/> links with the smallest |w|, ties as in <see cref="Sorted"/> (the same set
    /// as its first <paramref name="count"/>), in linear time: a selection finds the magnitude of the last link
    /// taken; every smaller one is taken, and of the links at exactly that magnitude those with the smallest tie keys.
    /// </summary>
    public static bool[] Smallest(ReadOnlySpan<float> weights, int count, Rng rng)
    {
        int links = weights.Length;
        var marked = new bool[links];
        ulong[] tie = new ulong[links];
        uint[] magnitudes = new uint[links];
        for (int link = 0; link < links; link++)
        {
            tie[link] = rng.NextUInt64();
            magnitudes[link] = Bits(weights[link]);
        }
        if (count <= 0)
            return marked;
        if (count >= links)
        {
            Array.Fill(marked, true);
            return marked;
        }
        uint threshold = Select((uint[])magnitudes.Clone(), count - 1);
        var atThreshold = new List<int>();
        int taken = 0;
        for (int link = 0; link < links; link++)
        {
            if (magnitudes[link] < threshold)
            {
                marked[link] = true;
                taken++;
            }
            else if (magnitudes[link] == threshold)
                atThreshold.Add(link);
        }
        atThreshold.Sort((a, b) => tie[a].CompareTo(tie[b]));
        for (int i = 0; taken < count; i++, taken++)
            marked[atThreshold[i]] = true;
        return marked;
    }

    /// <summary>The <paramref name="rank"/>-th smallest value (0-based); reorders <paramref name="values"/>.</summary>
    private static uint Select(uint[] values, int rank)
    {
        int low = 0,
            high = values.Length - 1;
        var random = new Random(1); // pivot choice only: the result does not depend on it
        while (low < high)
        {
            uint pivot = values[random.Next(low, high + 1)];
            // Three-way partition: [low, lt) < pivot, [lt, gt] == pivot, (gt, high] > pivot.
            int lt = low,
                i = low,
                gt = high;
            while (i <= gt)
            {
                uint value = values[i];
                if (value < pivot)
                {
                    values[i++] = values[lt];
                    values[lt++] = value;
                }
                else if (value > pivot)
                {
                    values[i] = values[gt];
                    values[gt--] = value;
                }
                else
                    i++;
            }
            if (rank < lt)
                high = lt - 1;
            else if (rank > gt)
                low = gt + 1;
            else
                return pivot;
        }
        return values[low];
    }

    /// <summary>|w| as bits that sort like the magnitude (IEEE order of non-negative floats); NaN as zero.</summary>
    private static uint Bits(float weight) =>
        float.IsNaN(weight) ? 0u : BitConverter.SingleToUInt32Bits(MathF.Abs(weight));
}
