using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// The grid-stride loop every kernel uses: a few groups walk the whole index range. On a GPU the groups fill the
/// multiprocessors; on the ILGPU CPU accelerator, which simulates each GPU thread, few groups keep the cost low.
/// </summary>
public static class GridStride
{
    /// <summary>First index of this thread.</summary>
    public static int Start => Grid.GlobalIndex.X;

    /// <summary>Distance between the indices one thread handles.</summary>
    public static int Step => Grid.DimX * Group.DimX;
}
