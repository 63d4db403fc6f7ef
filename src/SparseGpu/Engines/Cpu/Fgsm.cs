using SparseGpu.Kernels;

namespace SparseGpu.Engines.Cpu;

/// <summary><see cref="FgsmFormula"/> over a batch's pixels.</summary>
internal static class Fgsm
{
    public static void Apply(
        AlignedRows original,
        AlignedRows gradient,
        float epsilon,
        AlignedRows adversarial,
        int count
    )
    {
        for (int i = 0; i < count; i++)
            adversarial[i] = FgsmFormula.Pixel(original[i], gradient[i], epsilon);
    }
}
