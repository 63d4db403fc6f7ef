using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// Copies a batch of resident images into the [pixel][batch] layout, scaled by <see cref="PixelScale"/>, and gathers
/// the labels, for each of <c>networks</c> networks: network n's batch is positions [offset, offset+count) of its own
/// sample order (the n-th run of <c>orderStride</c> entries), whose samples index its own image set, the one starting
/// at image firstImage[n] of the pooled pixels and labels. Its inputs are the n-th [pixel][batch] block, its labels
/// the n-th run of <c>count</c> bytes.
/// </summary>
public static class GatherBatchKernel
{
    public static void Run(
        ArrayView<byte> pixels,
        ArrayView<byte> labels,
        ArrayView<int> order,
        ArrayView<int> firstImage,
        int orderStride,
        int networks,
        int offset,
        int count,
        int inputSize,
        ArrayView<float> batchInputs,
        ArrayView<byte> batchLabels
    )
    {
        int perNetwork = inputSize * count;
        int total = networks * perNetwork;
        for (int t = GridStride.Start; t < total; t += GridStride.Step)
        {
            int n = t / perNetwork;
            int local = t - n * perNetwork;
            int pixel = local / count;
            int b = local - pixel * count;
            int sample = firstImage[n] + order[n * orderStride + offset + b];
            batchInputs[t] = PixelScale.Of(pixels[(long)sample * inputSize + pixel]);
            if (pixel == 0)
                batchLabels[n * count + b] = labels[sample];
        }
    }
}
