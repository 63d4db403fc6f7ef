using System.Runtime.CompilerServices;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// Softmax cross-entropy per sample from logits laid out [class][batch]: the loss, whether the first largest
/// logit is the label, and (when asked) the gradient of the batch-mean loss, (p − onehot) / batch.
/// </summary>
internal static class SoftmaxCrossEntropyCpu
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(AlignedRows logits, int classes, int batch, ReadOnlySpan<byte> labels,
        AlignedRows? logitGradients, Span<float> losses, Span<bool> correct)
    {
        float inverseBatch = 1f / batch;
        for (int b = 0; b < batch; b++)
        {
            float max = logits[b];
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                float z = logits[c * batch + b];
                if (z > max)
                {
                    max = z;
                    best = c;
                }
            }
            float sum = 0f;
            for (int c = 0; c < classes; c++) sum += MathF.Exp(logits[c * batch + b] - max);
            int label = labels[b];
            losses[b] = MathF.Log(sum) - (logits[label * batch + b] - max);
            correct[b] = best == label;
            if (logitGradients is null) continue;
            for (int c = 0; c < classes; c++)
            {
                float p = MathF.Exp(logits[c * batch + b] - max) / sum;
                logitGradients[c * batch + b] = (p - (c == label ? 1f : 0f)) * inverseBatch;
            }
        }
    }
}
