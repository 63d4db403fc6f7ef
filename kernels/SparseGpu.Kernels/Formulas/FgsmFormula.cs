namespace SparseGpu.Kernels;

/// <summary>The fast gradient sign method's pixel: clip(x + ε·sign(g), 0, 1), sign(0) = 0.</summary>
public static class FgsmFormula
{
    public static float Pixel(float original, float gradient, float epsilon)
    {
        float step =
            gradient > 0f ? epsilon
            : gradient < 0f ? -epsilon
            : 0f;
        float value = original + step;
        return value < 0f ? 0f
            : value > 1f ? 1f
            : value;
    }
}
