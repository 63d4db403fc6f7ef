using ILGPU;
using ILGPU.Algorithms;

namespace SparseGpu.Kernels;

/// <summary>
/// Per sample: softmax cross-entropy of the logits ([class][batch] layout), whether the first largest logit is the
/// label, and, when writeGradient is non-zero, the gradient of the batch-mean loss, (p − onehot) / batch.
/// Loss and correctness go to position resultOffset + b, so an epoch's results stay on the device until read.
/// </summary>
public static class SoftmaxCrossEntropyKernel
{
    public static void Run(
        ArrayView<float> logits, ArrayView<byte> labels, int classes, int batch, int writeGradient,
        ArrayView<float> logitGradients, ArrayView<float> losses, ArrayView<byte> correct, int resultOffset)
    {
        float inverseBatch = 1f / batch;
        for (int b = GridStride.Start; b < batch; b += GridStride.Step)
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
            for (int c = 0; c < classes; c++) sum += XMath.Exp(logits[c * batch + b] - max);
            int label = labels[b];
            losses[resultOffset + b] = XMath.Log(sum) - (logits[label * batch + b] - max);
            correct[resultOffset + b] = best == label ? (byte)1 : (byte)0;
            if (writeGradient == 0) continue;
            for (int c = 0; c < classes; c++)
            {
                float p = XMath.Exp(logits[c * batch + b] - max) / sum;
                logitGradients[c * batch + b] = (p - (c == label ? 1f : 0f)) * inverseBatch;
            }
        }
    }
}
