using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// |N(a) ∩ N(u)| for every input a and every step of its two-hop walk — b ∈ N(a) in transpose order, then
/// u ∈ N(b) in row order — stored in walk order. Path enumeration needs this count for each path v–a–b–u; it
/// depends on a and u only, so computing it once per input instead of once per link (a, v) removes deg(a) − 1 of
/// every deg(a) walks. Size: Σ_b in-degree(b)² counts (3.3·10⁷ for a 333k × 333k layer with 10 links per
/// output: 133 MB).
/// </summary>
internal sealed class Ch3L3SharedCounts
{
    private Ch3L3SharedCounts(int[] segmentStarts, int[] counts)
    {
        SegmentStarts = segmentStarts;
        Counts = counts;
    }

    /// <summary>Per transpose position q (the link from input a to output b): where the counts of the steps
    /// a–b–u, u ∈ N(b) in row order, start in <see cref="Counts"/>. Input a's walk is its positions' segments in
    /// order.</summary>
    public int[] SegmentStarts { get; }

    public int[] Counts { get; }

    /// <summary>How many counts a layer's tables hold: Σ over outputs b of in-degree(b)².</summary>
    public static long Entries(LayerTopology topology)
    {
        long entries = 0;
        for (int b = 0; b < topology.Outputs; b++)
            entries += (long)topology.InDegree(b) * topology.InDegree(b);
        return entries;
    }

    /// <summary>The tables, or null when they would exceed <paramref name="maxEntries"/> (or an array's
    /// length).</summary>
    public static Ch3L3SharedCounts? TryBuild(LayerTopology topology, long maxEntries, int threads)
    {
        long entries = Entries(topology);
        if (entries > Math.Min(maxEntries, Array.MaxLength))
            return null;
        var (rowOffsets, columns, transposeOffsets, transposeRows) = topology.SharedArrays();
        var segmentStarts = new int[transposeRows.Length];
        int next = 0;
        for (int q = 0; q < transposeRows.Length; q++)
        {
            segmentStarts[q] = next;
            next += topology.InDegree(transposeRows[q]);
        }
        var counts = new int[entries];
        const int InputsPerChunk = 256;
        int chunks = (topology.Inputs + InputsPerChunk - 1) / InputsPerChunk;
        int nextChunk = -1;
        Parallel.For(
            0,
            Math.Max(1, Math.Min(threads, chunks)),
            _ =>
            {
                // (stamp, count) per input u, interleaved so that a step touches one cache line.
                var shared = new (int Stamp, int Count)[topology.Inputs];
                int chunk;
                while ((chunk = Interlocked.Increment(ref nextChunk)) < chunks)
                {
                    int end = Math.Min(topology.Inputs, (chunk + 1) * InputsPerChunk);
                    for (int a = chunk * InputsPerChunk; a < end; a++)
                    {
                        int stamp = a + 1;
                        for (int q = transposeOffsets[a]; q < transposeOffsets[a + 1]; q++)
                        {
                            int b = transposeRows[q];
                            for (int r = rowOffsets[b]; r < rowOffsets[b + 1]; r++)
                            {
                                ref var cell = ref shared[columns[r]];
                                if (cell.Stamp != stamp)
                                    cell = (stamp, 0);
                                cell.Count++;
                            }
                        }
                        for (int q = transposeOffsets[a]; q < transposeOffsets[a + 1]; q++)
                        {
                            int b = transposeRows[q];
                            int k = segmentStarts[q];
                            for (int r = rowOffsets[b]; r < rowOffsets[b + 1]; r++)
                                counts[k++] = shared[columns[r]].Count;
                        }
                    }
                }
            }
        );
        return new Ch3L3SharedCounts(segmentStarts, counts);
    }
}
