using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// <see cref="SoftmaxCrossEntropyFormula"/> for every sample of a batch, one thread per sample. Loss and correctness
/// go to position resultOffset + b, so an epoch's results stay on the device until read; so does the predicted class
/// (a byte: labels are bytes), which evaluation reads only for a confusion matrix.
/// </summary>
public static class SoftmaxCrossEntropyKernel
{
    public static void Run(
        ArrayView<float> logits,
        ArrayView<byte> labels,
        int classes,
        int batch,
        int writeGradient,
        ArrayView<float> logitGradients,
        ArrayView<float> losses,
        ArrayView<byte> correct,
        ArrayView<byte> predicted,
        int resultOffset
    )
    {
        var z = new ViewElements<float>(logits);
        var gradients = new ViewElements<float>(logitGradients);
        for (int b = GridStride.Start; b < batch; b += GridStride.Step)
        {
            int label = labels[b];
            losses[resultOffset + b] = SoftmaxCrossEntropyFormula.Sample(
                z,
                classes,
                batch,
                b,
                label,
                writeGradient != 0,
                gradients,
                out int best
            );
            correct[resultOffset + b] = best == label ? (byte)1 : (byte)0;
            predicted[resultOffset + b] = (byte)best;
        }
    }
}
