namespace SparseGpu.Kernels;

/// <summary>
/// The graph and the per-slot scratch that the row-scoring kernels (<see cref="Ch3L3Kernels"/>,
/// <see cref="CannistraciHebbKernels"/>) hand their row bodies, built in one place so both kernels lay out a slot
/// the way <see cref="Ch3L3Kernels.Emit"/> reads it back. The device counterpart of the host's HostRowScratch:
/// static methods that only wrap existing views in structs (no allocation, no managed references), which ILGPU
/// compiles into each kernel that calls them.
/// </summary>
public static class DeviceRowScratch
{
    /// <summary>The layer's links (and excluded candidates) as the row bodies read them.</summary>
    public static Ch3L3Graph<ViewElements<int>> Graph(BipartiteView g) =>
        new()
        {
            RowOffsets = new(g.RowOffsets),
            Columns = new(g.Columns),
            TransposeOffsets = new(g.TransposeOffsets),
            TransposeRows = new(g.TransposeRows),
            ExcludedOffsets = new(g.ExcludedOffsets),
            ExcludedInputs = new(g.ExcludedInputs),
        };

    /// <summary>Where slot <paramref name="slot"/>'s input-indexed arrays (Inputs, Touched) start.</summary>
    public static long InputBase(BipartiteView g, int slot) => (long)slot * g.Inputs;

    /// <summary>Slot <paramref name="slot"/> of the scratch: its stretch of each array, slot after slot.</summary>
    public static Ch3L3Slot<ViewElements<int>, ViewElements<Ch3L3InputCell>> Slot(
        BipartiteView g,
        Ch3L3Scratch s,
        int slot
    )
    {
        long inputBase = InputBase(g, slot),
            outputBase = (long)slot * g.Outputs;
        return new()
        {
            Inputs = new(s.Inputs.SubView(inputBase, g.Inputs)),
            Touched = new(s.Touched.SubView(inputBase, g.Inputs)),
            SharedWithVStamp = new(s.SharedWithVStamp.SubView(outputBase, g.Outputs)),
            SharedWithV = new(s.SharedWithV.SubView(outputBase, g.Outputs)),
        };
    }
}
