namespace SparseGpu.Engines.Cpu;

/// <summary>The fast gradient sign method's image: x' = clip(x + ε·sign(∇ₓ loss), 0, 1), element by element.</summary>
internal static class Fgsm
{
    public static void Apply(AlignedRows original, AlignedRows gradient, float epsilon, AlignedRows adversarial, int count)
    {
        for (int i = 0; i < count; i++)
        {
            float step = gradient[i] > 0f ? epsilon : gradient[i] < 0f ? -epsilon : 0f;
            adversarial[i] = Math.Clamp(original[i] + step, 0f, 1f);
        }
    }
}
