namespace SparseGpu.Kernels;

/// <summary>Pixels to the [0, 1] scale every engine trains and attacks on.</summary>
public static class PixelScale
{
    public const float Factor = 1f / 255f;

    public static float Of(byte pixel) => pixel * Factor;
}
