using System.Runtime.CompilerServices;
using SparseGpu.Kernels;

namespace SparseGpu.Engines.Cpu;

/// <summary>Copies the batch's images into the [pixel][batch] layout, scaled by <see cref="PixelScale"/>, with their
/// labels.</summary>
internal static class GatherInputsCpu
{
    /// <summary>Pixels [pixelStart, pixelEnd) of every image in the batch; labels are written by the part that starts
    /// at 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        byte[] pixels,
        byte[] allLabels,
        int inputSize,
        ReadOnlySpan<int> samples,
        AlignedRows x,
        Span<byte> labels,
        int pixelStart,
        int pixelEnd
    )
    {
        int batch = samples.Length;
        Span<int> sources = batch <= 1024 ? stackalloc int[batch] : new int[batch];
        for (int b = 0; b < batch; b++)
            sources[b] = samples[b] * inputSize;
        // Pixel-major: each output row is written contiguously; the batch's images are read as parallel streams.
        for (int i = pixelStart; i < pixelEnd; i++)
        {
            int row = i * batch;
            for (int b = 0; b < batch; b++)
                x[row + b] = PixelScale.Of(pixels[sources[b] + i]);
        }
        if (pixelStart == 0)
            for (int b = 0; b < batch; b++)
                labels[b] = allLabels[samples[b]];
    }
}
