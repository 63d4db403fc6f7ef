using ILGPU;
using ILGPU.Algorithms;

namespace SparseGpu.Kernels;

/// <summary>A layer's links for path counting: rows by output neuron and the transpose index by input neuron.</summary>
public struct BipartiteView
{
    public int Inputs;
    public int Outputs;
    public ArrayView<int> RowOffsets;
    public ArrayView<int> Columns;
    public ArrayView<int> TransposeOffsets;
    public ArrayView<int> TransposeRows;

    /// <summary>Excluded candidates per output: row offsets and inputs (the editor's just-removed links).</summary>
    public ArrayView<int> ExcludedOffsets;
    public ArrayView<int> ExcludedInputs;
}

/// <summary>
/// Per-slot scratch of the CH3-L3 kernels: one slot per output neuron in flight, each with O(inputs + outputs)
/// arrays laid out slot after slot. Stamps let a slot reuse its arrays for the next output without clearing.
/// </summary>
public struct Ch3L3Scratch
{
    public ArrayView<int> InputState;
    public ArrayView<double> Score;
    public ArrayView<int> SharedWithAStamp;
    public ArrayView<int> SharedWithA;
    public ArrayView<int> Touched;
    public ArrayView<int> TouchedCount;
    public ArrayView<int> SharedWithVStamp;
    public ArrayView<int> SharedWithV;
}

/// <summary>
/// CH3-L3 scores of every candidate of a chunk of output neurons, one thread per output, with exactly the steps,
/// order and double-precision arithmetic of the CPU path (SparseGpu.LinkPrediction.Ch3L3RowScorer), so that
/// scores, and therefore rankings, are bit-identical across devices. <see cref="Score"/> leaves each output's
/// candidates in its slot and their number in TouchedCount; <see cref="Emit"/> copies them to their offsets.
/// </summary>
public static class Ch3L3Kernels
{
    public static void Score(BipartiteView g, Ch3L3Scratch s, int firstOutput, int slots)
    {
        for (int slot = GridStride.Start; slot < slots; slot += GridStride.Step)
        {
            int v = firstOutput + slot;
            int count = 0;
            if (v < g.Outputs)
            {
                long inputBase = (long)slot * g.Inputs, outputBase = (long)slot * g.Outputs;
                int blocked = 2 * (v + 1), scored = blocked + 1;
                for (int p = g.RowOffsets[v]; p < g.RowOffsets[v + 1]; p++) s.InputState[inputBase + g.Columns[p]] = blocked;
                for (int p = g.ExcludedOffsets[v]; p < g.ExcludedOffsets[v + 1]; p++) s.InputState[inputBase + g.ExcludedInputs[p]] = blocked;

                for (int p = g.RowOffsets[v]; p < g.RowOffsets[v + 1]; p++)
                {
                    int a = g.Columns[p];
                    for (int q = g.TransposeOffsets[a]; q < g.TransposeOffsets[a + 1]; q++)
                    {
                        long b = outputBase + g.TransposeRows[q];
                        if (s.SharedWithVStamp[b] != v + 1)
                        {
                            s.SharedWithVStamp[b] = v + 1;
                            s.SharedWithV[b] = 0;
                        }
                        s.SharedWithV[b] += 1;
                    }
                }

                for (int p = g.RowOffsets[v]; p < g.RowOffsets[v + 1]; p++)
                {
                    int a = g.Columns[p];
                    int degreeA = g.TransposeOffsets[a + 1] - g.TransposeOffsets[a];
                    int stamp = p + 1;
                    for (int q = g.TransposeOffsets[a]; q < g.TransposeOffsets[a + 1]; q++)
                    {
                        int b = g.TransposeRows[q];
                        if (b == v) continue;
                        for (int r = g.RowOffsets[b]; r < g.RowOffsets[b + 1]; r++)
                        {
                            long u = inputBase + g.Columns[r];
                            if (s.SharedWithAStamp[u] != stamp)
                            {
                                s.SharedWithAStamp[u] = stamp;
                                s.SharedWithA[u] = 0;
                            }
                            s.SharedWithA[u] += 1;
                        }
                    }
                    for (int q = g.TransposeOffsets[a]; q < g.TransposeOffsets[a + 1]; q++)
                    {
                        int b = g.TransposeRows[q];
                        if (b == v) continue;
                        int outerB = g.RowOffsets[b + 1] - g.RowOffsets[b] - s.SharedWithV[outputBase + b];
                        for (int r = g.RowOffsets[b]; r < g.RowOffsets[b + 1]; r++)
                        {
                            int input = g.Columns[r];
                            long u = inputBase + input;
                            int state = s.InputState[u];
                            if (state == blocked) continue;
                            if (state != scored)
                            {
                                s.InputState[u] = scored;
                                s.Score[u] = 0.0;
                                s.Touched[inputBase + count] = input;
                                count++;
                            }
                            s.Score[u] += 1.0 / XMath.Sqrt((double)((long)(degreeA - s.SharedWithA[u]) * outerB));
                        }
                    }
                }
            }
            s.TouchedCount[slot] = count;
        }
    }

    /// <summary>Copies slot i's candidates (key = output × inputs + input, score) to [offsets[i], offsets[i] + count).</summary>
    public static void Emit(BipartiteView g, Ch3L3Scratch s, int firstOutput, int slots, ArrayView<int> offsets, ArrayView<long> keys, ArrayView<double> scores)
    {
        for (int slot = GridStride.Start; slot < slots; slot += GridStride.Step)
        {
            int v = firstOutput + slot;
            long inputBase = (long)slot * g.Inputs;
            int count = s.TouchedCount[slot];
            int offset = offsets[slot];
            for (int i = 0; i < count; i++)
            {
                int input = s.Touched[inputBase + i];
                keys[offset + i] = (long)v * g.Inputs + input;
                scores[offset + i] = s.Score[inputBase + input];
            }
        }
    }
}
