using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// For a node-based predictor (CH3-L3n, CH2-L3n), each input a's community term for every input u two hops away:
/// <see cref="CannistraciHebbRow.NodeTerm"/> of deg(a) and |N(a) ∩ N(u)|, which depends on a and u only, listed
/// in the order <see cref="CannistraciHebbRow"/> first reaches u from a (b ∈ N(a) in transpose order, then
/// u ∈ N(b) in row order). Scoring an output v then adds a's term by reading a's list instead of walking and
/// counting a's paths again for every link (a, v). Size: at most Σ_b in-degree(b)² entries of 12 bytes (the
/// distinct two-hop inputs of each input).
/// </summary>
internal sealed class CannistraciHebbInputTerms
{
    private CannistraciHebbInputTerms(int[] offsets, int[] inputs, double[] terms)
    {
        Offsets = offsets;
        Inputs = inputs;
        Terms = terms;
    }

    /// <summary>Input a's entries are [Offsets[a], Offsets[a + 1]).</summary>
    public int[] Offsets { get; }

    /// <summary>The inputs u, in first-reach order per a.</summary>
    public int[] Inputs { get; }

    /// <summary>a's term for the candidates of input u.</summary>
    public double[] Terms { get; }

    /// <summary>The lists, or null when the walk they are counted from (Σ_b in-degree(b)² steps) exceeds
    /// <paramref name="maxEntries"/> or an array's length.</summary>
    public static CannistraciHebbInputTerms? TryBuild(
        LayerTopology topology,
        int predictor,
        long maxEntries,
        int threads
    )
    {
        if (Ch3L3SharedCounts.Entries(topology) > Math.Min(maxEntries, Array.MaxLength))
            return null;
        var (rowOffsets, columns, transposeOffsets, transposeRows) = topology.SharedArrays();
        int inputs = topology.Inputs;
        var offsets = new int[inputs + 1];
        // Two walks over each input's two hops: the first counts its distinct inputs, the second lists them.
        ForEachInput(
            inputs,
            threads,
            () => new int[inputs],
            (a, stamps) =>
            {
                int distinct = 0;
                for (int q = transposeOffsets[a]; q < transposeOffsets[a + 1]; q++)
                {
                    int b = transposeRows[q];
                    for (int r = rowOffsets[b]; r < rowOffsets[b + 1]; r++)
                        if (stamps[columns[r]] != a + 1)
                        {
                            stamps[columns[r]] = a + 1;
                            distinct++;
                        }
                }
                offsets[a + 1] = distinct;
            }
        );
        for (int a = 0; a < inputs; a++)
            offsets[a + 1] += offsets[a];
        var listed = new int[offsets[inputs]];
        var terms = new double[offsets[inputs]];
        ForEachInput(
            inputs,
            threads,
            () => (Stamps: new int[inputs], Shared: new int[inputs]),
            (a, scratch) =>
            {
                int next = offsets[a];
                for (int q = transposeOffsets[a]; q < transposeOffsets[a + 1]; q++)
                {
                    int b = transposeRows[q];
                    for (int r = rowOffsets[b]; r < rowOffsets[b + 1]; r++)
                    {
                        int u = columns[r];
                        if (scratch.Stamps[u] != a + 1)
                        {
                            scratch.Stamps[u] = a + 1;
                            scratch.Shared[u] = 0;
                            listed[next++] = u;
                        }
                        scratch.Shared[u]++;
                    }
                }
                int degree = transposeOffsets[a + 1] - transposeOffsets[a];
                for (int e = offsets[a]; e < offsets[a + 1]; e++)
                    terms[e] = CannistraciHebbRow.NodeTerm(predictor, degree, scratch.Shared[listed[e]]);
            }
        );
        return new CannistraciHebbInputTerms(offsets, listed, terms);
    }

    private static void ForEachInput<TScratch>(
        int inputs,
        int threads,
        Func<TScratch> scratch,
        Action<int, TScratch> body
    )
    {
        const int InputsPerChunk = 256;
        int chunks = (inputs + InputsPerChunk - 1) / InputsPerChunk;
        int nextChunk = -1;
        Parallel.For(
            0,
            Math.Max(1, Math.Min(threads, chunks)),
            _ =>
            {
                TScratch own = scratch();
                int chunk;
                while ((chunk = Interlocked.Increment(ref nextChunk)) < chunks)
                {
                    int end = Math.Min(inputs, (chunk + 1) * InputsPerChunk);
                    for (int a = chunk * InputsPerChunk; a < end; a++)
                        body(a, own);
                }
            }
        );
    }
}
