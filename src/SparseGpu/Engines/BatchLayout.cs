namespace SparseGpu.Engines;

/// <summary>
/// Between the host's [sample][unit] rows and the engines' batch-inner [unit][sample] layout, in which one link of
/// a sparse pass touches a contiguous run of the batch.
/// </summary>
public static class BatchLayout
{
    public static void ToUnitMajor(ReadOnlySpan<float> sampleMajor, Span<float> unitMajor, int units, int count)
    {
        for (int b = 0; b < count; b++)
        for (int u = 0; u < units; u++)
            unitMajor[u * count + b] = sampleMajor[b * units + u];
    }

    public static void ToSampleMajor(ReadOnlySpan<float> unitMajor, Span<float> sampleMajor, int units, int count)
    {
        for (int b = 0; b < count; b++)
        for (int u = 0; u < units; u++)
            sampleMajor[b * units + u] = unitMajor[u * count + b];
    }
}
