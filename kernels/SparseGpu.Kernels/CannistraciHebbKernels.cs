namespace SparseGpu.Kernels;

/// <summary>
/// <see cref="CannistraciHebbRow"/> for a chunk of output neurons, one thread (and one scratch slot) per output,
/// laid out as for <see cref="Ch3L3Kernels.Score"/>, whose <see cref="Ch3L3Kernels.Emit"/> then copies the
/// candidates out. <c>predictor</c> is a <see cref="CannistraciHebbPredictor"/> value.
/// </summary>
public static class CannistraciHebbKernels
{
    public static void Score(BipartiteView g, Ch3L3Scratch s, int firstOutput, int slots, int predictor)
    {
        var graph = new Ch3L3Graph<ViewElements<int>>
        {
            RowOffsets = new(g.RowOffsets),
            Columns = new(g.Columns),
            TransposeOffsets = new(g.TransposeOffsets),
            TransposeRows = new(g.TransposeRows),
            ExcludedOffsets = new(g.ExcludedOffsets),
            ExcludedInputs = new(g.ExcludedInputs),
        };
        for (int slot = GridStride.Start; slot < slots; slot += GridStride.Step)
        {
            int v = firstOutput + slot;
            int count = 0;
            if (v < g.Outputs)
            {
                long inputBase = (long)slot * g.Inputs,
                    outputBase = (long)slot * g.Outputs;
                var scratch = new Ch3L3Slot<ViewElements<int>, ViewElements<Ch3L3InputCell>>
                {
                    Inputs = new(s.Inputs.SubView(inputBase, g.Inputs)),
                    Touched = new(s.Touched.SubView(inputBase, g.Inputs)),
                    SharedWithVStamp = new(s.SharedWithVStamp.SubView(outputBase, g.Outputs)),
                    SharedWithV = new(s.SharedWithV.SubView(outputBase, g.Outputs)),
                };
                count = CannistraciHebbRow.Score(v, graph, scratch, predictor);
            }
            s.TouchedCount[slot] = count;
        }
    }
}
