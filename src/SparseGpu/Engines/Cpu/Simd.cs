using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// Vector helpers for the batch-inner layout (activations [neuron][batch]): one link times a row of the batch is
/// a few fused multiply-adds over contiguous floats. Vector&lt;float&gt; adapts to AVX2 or NEON.
/// </summary>
internal static class Simd
{
    public static readonly int Width = Vector<float>.Count;

    /// <summary>Hardware FMA where the CPU has it; a separate multiply and add elsewhere (software FMA is slow).</summary>
    public static readonly bool HasFma =
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> MulAdd(Vector<float> a, Vector<float> b, Vector<float> c) =>
        HasFma ? Vector.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MulAdd(float a, float b, float c) => HasFma ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Load(float[] array, int index) =>
        Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector<float> value, float[] array, int index) =>
        value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)index);

    public static string Describe() =>
        $"{Width * 32}-bit vectors{(HasFma ? " with FMA" : "")}";
}
