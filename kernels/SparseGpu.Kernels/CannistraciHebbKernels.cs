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
        var graph = DeviceRowScratch.Graph(g);
        for (int slot = GridStride.Start; slot < slots; slot += GridStride.Step)
        {
            int v = firstOutput + slot;
            s.TouchedCount[slot] =
                v < g.Outputs ? CannistraciHebbRow.Score(v, graph, DeviceRowScratch.Slot(g, s, slot), predictor) : 0;
        }
    }
}
