namespace SparseGpu.Engines.Cpu;

/// <summary>Copies the batch's images into the [pixel][batch] layout, scaled to [0,1], with their labels.</summary>
internal static class GatherInputsCpu
{
    public const float PixelScale = 1f / 255f;

    public static void Run(byte[] pixels, byte[] allLabels, int inputSize, ReadOnlySpan<int> samples, float[] x, Span<byte> labels)
    {
        int batch = samples.Length;
        for (int b = 0; b < batch; b++)
        {
            int source = samples[b] * inputSize;
            for (int i = 0; i < inputSize; i++) x[i * batch + b] = pixels[source + i] * PixelScale;
            labels[b] = allLabels[samples[b]];
        }
    }
}
