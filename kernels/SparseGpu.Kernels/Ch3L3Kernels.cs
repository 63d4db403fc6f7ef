using ILGPU;

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
    public ArrayView<Ch3L3InputCell> Inputs;
    public ArrayView<int> Touched;
    public ArrayView<int> TouchedCount;
    public ArrayView<int> SharedWithVStamp;
    public ArrayView<int> SharedWithV;
}

/// <summary>
/// <see cref="Ch3L3Row"/> for a chunk of output neurons, one thread (and one scratch slot) per output.
/// <see cref="Score"/> leaves each output's candidates in its slot and their number in TouchedCount;
/// <see cref="Emit"/> copies them to their offsets.
/// </summary>
public static class Ch3L3Kernels
{
    public static void Score(BipartiteView g, Ch3L3Scratch s, int firstOutput, int slots)
    {
        var graph = DeviceRowScratch.Graph(g);
        for (int slot = GridStride.Start; slot < slots; slot += GridStride.Step)
        {
            int v = firstOutput + slot;
            s.TouchedCount[slot] = v < g.Outputs ? Ch3L3Row.Score(v, graph, DeviceRowScratch.Slot(g, s, slot)) : 0;
        }
    }

    /// <summary>Copies slot i's candidates (key = output × inputs + input, score) to [offsets[i], offsets[i] +
    /// count).</summary>
    public static void Emit(
        BipartiteView g,
        Ch3L3Scratch s,
        int firstOutput,
        int slots,
        ArrayView<int> offsets,
        ArrayView<long> keys,
        ArrayView<double> scores
    )
    {
        for (int slot = GridStride.Start; slot < slots; slot += GridStride.Step)
        {
            int v = firstOutput + slot;
            long inputBase = DeviceRowScratch.InputBase(g, slot);
            int count = s.TouchedCount[slot];
            int offset = offsets[slot];
            for (int i = 0; i < count; i++)
            {
                int input = s.Touched[inputBase + i];
                keys[offset + i] = (long)v * g.Inputs + input;
                scores[offset + i] = s.Inputs[inputBase + input].Score;
            }
        }
    }
}
