using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// Copies a batch of resident images into the [pixel][batch] layout, scaled by <see cref="PixelScale"/>, and gathers
/// the labels. The batch is positions [offset, offset+count) of the epoch's sample order.
/// </summary>
public static class GatherBatchKernel
{
    public static void Run(
        ArrayView<byte> pixels,
        ArrayView<byte> labels,
        ArrayView<int> order,
        int offset,
        int count,
        int inputSize,
        ArrayView<float> batchInputs,
        ArrayView<byte> batchLabels
    )
    {
        int total = inputSize * count;
        for (int t = GridStride.Start; t < total; t += GridStride.Step)
        {
            int pixel = t / count;
            int b = t - pixel * count;
            int sample = order[offset + b];
            batchInputs[t] = PixelScale.Of(pixels[(long)sample * inputSize + pixel]);
            if (pixel == 0)
                batchLabels[b] = labels[sample];
        }
    }
}
