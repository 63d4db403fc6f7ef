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

    /// <summary>Hardware FMA where the CPU has it; a separate multiply and add elsewhere (software FMA is
    /// slow).</summary>
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Load(ref float origin, int index) => Vector.LoadUnsafe(ref origin, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Load(AlignedRows rows, int index) => Vector.LoadUnsafe(ref rows.Origin, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector<float> value, AlignedRows rows, int index) =>
        value.StoreUnsafe(ref rows.Origin, (nuint)index);

    /// <summary>
    /// Asks for the two cache lines from element <paramref name="index"/> on (a row at batch 32) ahead of use: the
    /// sparse passes read rows at random, and without it too few misses are in flight to use the memory's
    /// bandwidth. A hint only (no fault, no effect on results); a no-op without SSE.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch(AlignedRows rows, int index)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
            return;
        byte* line = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref rows.Origin, index));
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(line);
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(line + 64);
    }

    /// <summary>Links ahead whose rows are prefetched: far enough to cover a memory miss, near enough to stay cached
    /// (measured on the random-row micro-benchmark: 8 to 16 reads ahead doubled single-thread bandwidth).</summary>
    public const int PrefetchLinks = 12;

    /// <summary>
    /// Whether a pass that reads rows of an array of <paramref name="rows"/> neurons at random should prefetch: only
    /// when the array outgrows the core's L2 cache (above 512 KiB); in L2, the extra instructions cost more than they
    /// save.
    /// </summary>
    public static bool ShouldPrefetch(int rows, int batch) => (long)rows * batch * sizeof(float) > 512L << 10;

    /// <summary>The cache line holding element <paramref name="index"/> of <paramref name="values"/>, ahead of
    /// use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(T[] values, int index)
        where T : unmanaged
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(
                Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), index))
            );
    }

    public static string Describe() => $"{Width * 32}-bit vectors{(HasFma ? " with FMA" : "")}";
}
