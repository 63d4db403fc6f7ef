using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// <see cref="DropoutFormula"/> over one hidden layer's activations or pre-activation gradients of each of
/// <c>networks</c> networks, laid out [network][neuron][batch]; one thread per (network, neuron, sample). Network n
/// draws its mask from its own keys, <paramref name="masks"/>[n] (whose first position is ignored: every network of a
/// launch is at the same batch, <paramref name="firstPosition"/>), so each does its lone launch's operations.
/// </summary>
public static class DropoutKernel
{
    public static void Run(
        ArrayView<float> values,
        int units,
        int batch,
        int networks,
        ArrayView<DropoutMask> masks,
        int firstPosition
    )
    {
        int perNetwork = units * batch;
        int total = networks * perNetwork;
        for (int t = GridStride.Start; t < total; t += GridStride.Step)
        {
            int n = t / perNetwork;
            int local = t - n * perNetwork;
            int j = local / batch;
            int b = local - j * batch;
            DropoutMask mask = masks[n];
            bool keep = DropoutFormula.KeepsAt(mask, firstPosition + b, j);
            values[t] = DropoutFormula.Apply(values[t], keep, mask.Scale);
        }
    }
}
