using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// dx[i,b] = [x[i,b] &gt; 0] · Σ_links-out-of-i w·dy[output,b], through the transpose index; one thread per
/// (input neuron, sample). x is the previous layer's ReLU output, so the mask is that ReLU's derivative; with
/// mask = 0 (the gradient with respect to the network's input, for adversarial examples) x is not read.
/// </summary>
public static class SparseBackwardInputKernel
{
    public static void Run(
        SparseLayerView layer,
        ArrayView<float> dy,
        ArrayView<float> x,
        ArrayView<float> dx,
        int batch,
        int mask
    )
    {
        int total = layer.Inputs * batch;
        for (int t = GridStride.Start; t < total; t += GridStride.Step)
        {
            if (mask != 0 && x[t] <= 0f)
            {
                dx[t] = 0f;
                continue;
            }
            int i = t / batch;
            int b = t - i * batch;
            float sum = 0f;
            int end = layer.TransposeOffsets[i + 1];
            for (int p = layer.TransposeOffsets[i]; p < end; p++)
                sum += layer.Weights[layer.TransposeLinks[p]] * dy[layer.TransposeRows[p] * batch + b];
            dx[t] = sum;
        }
    }
}
