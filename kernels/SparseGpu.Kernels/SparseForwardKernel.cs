using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// y[j,b] = act(bias[j] + Σ_links-into-j w·x[input,b]); one thread per (output neuron, sample). With the batch
/// innermost, neighbouring threads read neighbouring floats of x (coalesced).
/// </summary>
public static class SparseForwardKernel
{
    public static void Run(SparseLayerView layer, ArrayView<float> x, ArrayView<float> y, int batch, int relu)
    {
        int total = layer.Outputs * batch;
        for (int t = GridStride.Start; t < total; t += GridStride.Step)
        {
            int j = t / batch;
            int b = t - j * batch;
            float sum = layer.Bias[j];
            int end = layer.RowOffsets[j + 1];
            for (int link = layer.RowOffsets[j]; link < end; link++)
                sum += layer.Weights[link] * x[layer.Columns[link] * batch + b];
            y[t] = relu != 0 && sum < 0f ? 0f : sum;
        }
    }
}
