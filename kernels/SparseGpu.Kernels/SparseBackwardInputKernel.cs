using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// dx[i,b] = [x[i,b] &gt; 0] · Σ_links-out-of-i w·dy[output,b], through the transpose index; one thread per
/// (network, input neuron, sample). x is the previous layer's ReLU output, so the mask is that ReLU's derivative;
/// with mask = 0 (the gradient with respect to the network's input, for adversarial examples) x is not read.
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
        int perNetwork = layer.Inputs * batch;
        int total = layer.Networks * perNetwork;
        for (int t = GridStride.Start; t < total; t += GridStride.Step)
        {
            if (mask != 0 && x[t] <= 0f)
            {
                dx[t] = 0f;
                continue;
            }
            int n = t / perNetwork;
            int local = t - n * perNetwork;
            int i = local / batch;
            int b = local - i * batch;
            int links = n * layer.Links;
            int output = n * layer.Outputs * batch + b;
            float sum = 0f;
            int column = n * (layer.Inputs + 1) + i;
            int end = links + layer.TransposeOffsets[column + 1];
            for (int p = links + layer.TransposeOffsets[column]; p < end; p++)
                sum += layer.Weights[links + layer.TransposeLinks[p]] * dy[layer.TransposeRows[p] * batch + output];
            dx[t] = sum;
        }
    }
}
