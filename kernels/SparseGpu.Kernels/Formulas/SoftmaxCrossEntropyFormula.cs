namespace SparseGpu.Kernels;

/// <summary>
/// Softmax cross-entropy of one sample of logits laid out [class][batch]: the loss, the first largest logit (the
/// prediction), and, when asked, the gradient of the batch-mean loss, (p − onehot) / batch, into the same layout.
/// </summary>
public static class SoftmaxCrossEntropyFormula
{
    /// <returns>The sample's loss; <paramref name="best"/> is the first index of the largest logit.</returns>
    public static float Sample<TFloats>(
        TFloats logits,
        int classes,
        int batch,
        int b,
        int label,
        bool writeGradient,
        TFloats gradients,
        out int best
    )
        where TFloats : struct, IElements<float>
    {
        float max = logits[b];
        best = 0;
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
        for (int c = 0; c < classes; c++)
            sum += MathF.Exp(logits[c * batch + b] - max);
        float loss = MathF.Log(sum) - (logits[label * batch + b] - max);
        if (writeGradient)
        {
            float inverseBatch = 1f / batch;
            for (int c = 0; c < classes; c++)
            {
                float p = MathF.Exp(logits[c * batch + b] - max) / sum;
                gradients[c * batch + b] = (p - (c == label ? 1f : 0f)) * inverseBatch;
            }
        }
        return loss;
    }
}
