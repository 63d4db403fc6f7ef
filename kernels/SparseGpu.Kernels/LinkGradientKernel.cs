using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// RigL's growth signal: one thread per candidate link (key = output·inputs + input) adds this batch's
/// dense-equivalent weight gradient, Σ_s x[input][s]·dy[output][s] over the [neuron][batch] rows, summed over the
/// samples in ascending order, to the candidate's sum. Neighbouring threads take neighbouring keys, mostly of one
/// output neuron, so they share its dy row and read consecutive input rows.
/// </summary>
public static class LinkGradientKernel
{
    public static void Run(
        ArrayView<long> keys,
        int candidates,
        int inputs,
        ArrayView<float> x,
        ArrayView<float> dy,
        int batch,
        ArrayView<float> sums
    )
    {
        for (int t = GridStride.Start; t < candidates; t += GridStride.Step)
        {
            long key = keys[t];
            int output = (int)(key / inputs);
            int input = (int)(key - (long)output * inputs);
            int xRow = input * batch,
                dyRow = output * batch;
            float sum = 0f;
            for (int s = 0; s < batch; s++)
                sum += x[xRow + s] * dy[dyRow + s];
            sums[t] += sum;
        }
    }
}
