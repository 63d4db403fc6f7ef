using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// Gradient and SGD step in one pass, one warp per link and then per bias: the warp's lanes walk the batch
/// (coalesced reads of one row of x and one row of dy), a shuffle reduction sums g = Σ_batch x[input]·dy[output]
/// (Σ_batch dy for a bias), and lane 0 applies v = μv + g + λw, w -= lr·v. Only existing links have gradients;
/// none is stored. Runs after the layer's backward-input kernel, which needs the weights from before the step.
/// </summary>
public static class SgdUpdateKernel
{
    public static void Run(SparseLayerView layer, ArrayView<float> x, ArrayView<float> dy, int batch, SgdParameters sgd)
    {
        int warpSize = Warp.WarpSize;
        int lane = Warp.LaneIdx;
        int warps = GridStride.Step / warpSize;
        int total = layer.Links + layer.Outputs;
        for (int t = GridStride.Start / warpSize; t < total; t += warps)
        {
            bool isLink = t < layer.Links;
            int output = (isLink ? layer.Rows[t] : t - layer.Links) * batch;
            int input = isLink ? layer.Columns[t] * batch : 0;
            float partial = 0f;
            for (int b = lane; b < batch; b += warpSize)
                partial += (isLink ? x[input + b] : 1f) * dy[output + b];
            for (int offset = warpSize / 2; offset > 0; offset /= 2)
                partial += Warp.ShuffleDown(partial, offset);
            if (lane != 0) continue;
            if (isLink)
            {
                float v = sgd.Momentum * layer.Velocity[t] + partial + sgd.WeightDecay * layer.Weights[t];
                layer.Velocity[t] = v;
                layer.Weights[t] -= sgd.LearningRate * v;
            }
            else
            {
                int j = t - layer.Links;
                float v = sgd.Momentum * layer.BiasVelocity[j] + partial + sgd.WeightDecay * layer.Bias[j];
                layer.BiasVelocity[j] = v;
                layer.Bias[j] -= sgd.LearningRate * v;
            }
        }
    }
}
