using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>The fast gradient sign method's image: x' = clip(x + ε·sign(∇ₓ loss), 0, 1), one thread per element.</summary>
public static class FgsmKernel
{
    public static void Run(ArrayView<float> original, ArrayView<float> gradient, float epsilon, int count, ArrayView<float> adversarial)
    {
        for (int t = GridStride.Start; t < count; t += GridStride.Step)
        {
            float g = gradient[t];
            float step = g > 0f ? epsilon : g < 0f ? -epsilon : 0f;
            float value = original[t] + step;
            adversarial[t] = value < 0f ? 0f : value > 1f ? 1f : value;
        }
    }
}
