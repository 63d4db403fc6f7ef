using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// y[j,b] = act(bias[j] + Σ_links-into-j w·x[input,b]); one thread per (network, output neuron, sample). With the
/// batch innermost, neighbouring threads read neighbouring floats of x (coalesced). Each network's activations are
/// its own [unit][sample] block of the pooled buffers (see <see cref="SparseLayerView"/>).
/// </summary>
public static class SparseForwardKernel
{
    public static void Run(SparseLayerView layer, ArrayView<float> x, ArrayView<float> y, int batch, int relu)
    {
        int perNetwork = layer.Outputs * batch;
        int total = layer.Networks * perNetwork;
        for (int t = GridStride.Start; t < total; t += GridStride.Step)
        {
            int n = t / perNetwork;
            int local = t - n * perNetwork;
            int j = local / batch;
            int b = local - j * batch;
            int links = n * layer.Links;
            int input = n * layer.Inputs * batch + b;
            float sum = layer.Bias[n * layer.Outputs + j];
            int row = n * (layer.Outputs + 1) + j;
            int end = links + layer.RowOffsets[row + 1];
            for (int link = links + layer.RowOffsets[row]; link < end; link++)
                sum += layer.Weights[link] * x[layer.Columns[link] * batch + input];
            y[t] = relu != 0 && sum < 0f ? 0f : sum;
        }
    }
}
