using SparseGpu.Kernels;

namespace SparseGpu.Engines.Cpu;

/// <summary><see cref="SoftmaxCrossEntropyFormula"/> for every sample of a batch in the [class][batch]
/// layout.</summary>
internal static class SoftmaxCrossEntropyCpu
{
    public static void Run(
        AlignedRows logits,
        int classes,
        int batch,
        ReadOnlySpan<byte> labels,
        AlignedRows? logitGradients,
        Span<float> losses,
        Span<bool> correct,
        Span<byte> predicted
    )
    {
        var z = new AlignedElements(logits);
        var gradients = new AlignedElements(logitGradients ?? logits);
        for (int b = 0; b < batch; b++)
        {
            int label = labels[b];
            losses[b] = SoftmaxCrossEntropyFormula.Sample(
                z,
                classes,
                batch,
                b,
                label,
                logitGradients is not null,
                gradients,
                out int best
            );
            correct[b] = best == label;
            predicted[b] = (byte)best;
        }
    }
}
