using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// <see cref="DropoutFormula"/> over one hidden layer's activations or pre-activation gradients, laid out
/// [neuron][batch]; one thread per (neuron, sample).
/// </summary>
public static class DropoutKernel
{
    public static void Run(ArrayView<float> values, int units, int batch, DropoutMask mask)
    {
        int total = units * batch;
        for (int t = GridStride.Start; t < total; t += GridStride.Step)
        {
            int j = t / batch;
            int b = t - j * batch;
            bool keep = DropoutFormula.Keeps(mask, b, j);
            values[t] = DropoutFormula.Apply(values[t], keep, mask.Scale);
        }
    }
}
