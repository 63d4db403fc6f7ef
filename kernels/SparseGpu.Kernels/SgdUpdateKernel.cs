using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// Gradient and SGD step in one pass, one thread per link and then per bias: g = Σ_batch x[input]·dy[output]
/// (Σ_batch dy for a bias), v = μv + g + λw, w -= lr·v. Only existing links have gradients; none is stored.
/// Runs after the layer's backward-input kernel, which needs the weights from before the step.
/// </summary>
public static class SgdUpdateKernel
{
    public static void Run(SparseLayerView layer, ArrayView<float> x, ArrayView<float> dy, int batch, SgdParameters sgd)
    {
        int total = layer.Links + layer.Outputs;
        for (int t = GridStride.Start; t < total; t += GridStride.Step)
        {
            if (t < layer.Links)
            {
                int input = layer.Columns[t] * batch;
                int output = layer.Rows[t] * batch;
                float gradient = 0f;
                for (int b = 0; b < batch; b++) gradient += x[input + b] * dy[output + b];
                float v = sgd.Momentum * layer.Velocity[t] + gradient + sgd.WeightDecay * layer.Weights[t];
                layer.Velocity[t] = v;
                layer.Weights[t] -= sgd.LearningRate * v;
            }
            else
            {
                int j = t - layer.Links;
                float gradient = 0f;
                for (int b = 0; b < batch; b++) gradient += dy[j * batch + b];
                float v = sgd.Momentum * layer.BiasVelocity[j] + gradient + sgd.WeightDecay * layer.Bias[j];
                layer.BiasVelocity[j] = v;
                layer.Bias[j] -= sgd.LearningRate * v;
            }
        }
    }
}
