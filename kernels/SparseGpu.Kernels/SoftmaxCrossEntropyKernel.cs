using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// <see cref="SoftmaxCrossEntropyFormula"/> for every sample of a batch of each of <c>networks</c> networks, one
/// thread per (network, sample); network n's logits (and gradients) are its [class][sample] block of the pooled
/// buffers and its labels the n-th run of <c>batch</c> bytes. Loss and correctness go to position n·resultStride +
/// resultOffset + b, so an epoch's results stay on the device until read; so does the predicted class (a byte:
/// labels are bytes), which evaluation reads only for a confusion matrix.
/// </summary>
public static class SoftmaxCrossEntropyKernel
{
    public static void Run(
        ArrayView<float> logits,
        ArrayView<byte> labels,
        int classes,
        int batch,
        int networks,
        int writeGradient,
        ArrayView<float> logitGradients,
        ArrayView<float> losses,
        ArrayView<byte> correct,
        ArrayView<byte> predicted,
        int resultOffset,
        int resultStride
    )
    {
        int block = classes * batch;
        for (int t = GridStride.Start; t < networks * batch; t += GridStride.Step)
        {
            int n = t / batch;
            int b = t - n * batch;
            var z = new ViewElements<float>(logits.SubView(n * block, block));
            // Without a gradient the launcher passes the logits here, so the block exists either way.
            var gradients = new ViewElements<float>(logitGradients.SubView(n * block, block));
            int label = labels[t];
            int slot = n * resultStride + resultOffset + b;
            losses[slot] = SoftmaxCrossEntropyFormula.Sample(
                z,
                classes,
                batch,
                b,
                label,
                writeGradient != 0,
                gradients,
                out int best
            );
            correct[slot] = best == label ? (byte)1 : (byte)0;
            predicted[slot] = (byte)best;
        }
    }
}
