using ILGPU;

namespace SparseGpu.Kernels;

/// <summary><see cref="FgsmFormula"/> over a batch's pixels, one thread per element.</summary>
public static class FgsmKernel
{
    public static void Run(
        ArrayView<float> original,
        ArrayView<float> gradient,
        float epsilon,
        int count,
        ArrayView<float> adversarial
    )
    {
        for (int t = GridStride.Start; t < count; t += GridStride.Step)
            adversarial[t] = FgsmFormula.Pixel(original[t], gradient[t], epsilon);
    }
}
