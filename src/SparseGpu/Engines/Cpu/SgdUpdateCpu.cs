using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SparseGpu.Kernels;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// Gradients of the existing links and biases of a range of output neurons, applied at once with SGD momentum and
/// weight decay (<see cref="SgdFormula"/>; the gradient is never stored). g[link] = Σ_batch x[input]·dy[output];
/// g[bias] = Σ_batch dy.
/// </summary>
internal static class SgdUpdateCpu
{
    public static void Run(
        CpuLayer layer,
        AlignedRows x,
        AlignedRows dy,
        int batch,
        SgdParameters sgd,
        int rowStart,
        int rowEnd
    )
    {
        if (batch == 4 * Simd.Width)
            RunFourVectors(layer, x, dy, sgd, rowStart, rowEnd);
        else
            RunAnyBatch(layer, x, dy, batch, sgd, rowStart, rowEnd);
    }

    /// <summary>The bias step of output <paramref name="j"/> from its gradient row at batch 32 (four vectors),
    /// summed in the one order both batch-32 loops use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UpdateBias(
        CpuLayer layer,
        int j,
        Vector<float> d0,
        Vector<float> d1,
        Vector<float> d2,
        Vector<float> d3,
        SgdParameters sgd
    ) => SgdFormula.Step(ref layer.Bias[j], ref layer.BiasVelocity[j], Vector.Sum((d0 + d1) + (d2 + d3)), sgd);

    /// <summary>
    /// The default batch (32 floats = four AVX2 vectors): the row's gradient stays in four registers while its
    /// links stream past, and nothing is bounds-checked in the inner loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunFourVectors(
        CpuLayer layer,
        AlignedRows x,
        AlignedRows dy,
        SgdParameters sgd,
        int rowStart,
        int rowEnd
    )
    {
        int width = Simd.Width,
            batch = 4 * width;
        ref float xs = ref x.Origin;
        ref float dys = ref dy.Origin;
        ref int columns = ref MemoryMarshal.GetArrayDataReference(layer.Columns);
        ref LinkParameters parameters = ref MemoryMarshal.GetArrayDataReference(layer.Parameters);
        int[] offsets = layer.RowOffsets;
        int links = layer.Columns.Length;
        bool prefetch = Simd.ShouldPrefetch(layer.Inputs, batch);
        for (int j = rowStart; j < rowEnd; j++)
        {
            ref float row = ref Unsafe.Add(ref dys, j * batch);
            Vector<float> d0 = Vector.LoadUnsafe(ref row),
                d1 = Vector.LoadUnsafe(ref row, (nuint)width),
                d2 = Vector.LoadUnsafe(ref row, (nuint)(2 * width)),
                d3 = Vector.LoadUnsafe(ref row, (nuint)(3 * width));
            UpdateBias(layer, j, d0, d1, d2, d3, sgd);
            for (int link = offsets[j], end = offsets[j + 1]; link < end; link++)
            {
                if (prefetch && link + Simd.PrefetchLinks < links)
                    Simd.Prefetch(x, Unsafe.Add(ref columns, link + Simd.PrefetchLinks) * batch);
                ref float input = ref Unsafe.Add(ref xs, Unsafe.Add(ref columns, link) * batch);
                Vector<float> s = Vector.LoadUnsafe(ref input) * d0;
                s = Simd.MulAdd(Vector.LoadUnsafe(ref input, (nuint)width), d1, s);
                s = Simd.MulAdd(Vector.LoadUnsafe(ref input, (nuint)(2 * width)), d2, s);
                s = Simd.MulAdd(Vector.LoadUnsafe(ref input, (nuint)(3 * width)), d3, s);
                ref LinkParameters parameter = ref Unsafe.Add(ref parameters, link);
                SgdFormula.Step(ref parameter.Weight, ref parameter.Velocity, Vector.Sum(s), sgd);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunAnyBatch(
        CpuLayer layer,
        AlignedRows x,
        AlignedRows dy,
        int batch,
        SgdParameters sgd,
        int rowStart,
        int rowEnd
    )
    {
        int[] offsets = layer.RowOffsets;
        int[] columns = layer.Columns;
        for (int j = rowStart; j < rowEnd; j++)
        {
            int gradientRow = j * batch;
            SgdFormula.Step(ref layer.Bias[j], ref layer.BiasVelocity[j], Sum(dy, gradientRow, batch), sgd);
            for (int link = offsets[j]; link < offsets[j + 1]; link++)
            {
                ref LinkParameters parameter = ref layer.Parameters[link];
                float gradient = Dot(x, columns[link] * batch, dy, gradientRow, batch);
                SgdFormula.Step(ref parameter.Weight, ref parameter.Velocity, gradient, sgd);
            }
        }
    }

    private static float Dot(AlignedRows a, int aStart, AlignedRows b, int bStart, int count)
    {
        int width = Simd.Width;
        int c = 0;
        Vector<float> s0 = Vector<float>.Zero,
            s1 = s0,
            s2 = s0,
            s3 = s0;
        for (; c + 4 * width <= count; c += 4 * width)
        {
            s0 = Simd.MulAdd(Simd.Load(a, aStart + c), Simd.Load(b, bStart + c), s0);
            s1 = Simd.MulAdd(Simd.Load(a, aStart + c + width), Simd.Load(b, bStart + c + width), s1);
            s2 = Simd.MulAdd(Simd.Load(a, aStart + c + 2 * width), Simd.Load(b, bStart + c + 2 * width), s2);
            s3 = Simd.MulAdd(Simd.Load(a, aStart + c + 3 * width), Simd.Load(b, bStart + c + 3 * width), s3);
        }
        for (; c + width <= count; c += width)
            s0 = Simd.MulAdd(Simd.Load(a, aStart + c), Simd.Load(b, bStart + c), s0);
        float sum = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; c < count; c++)
            sum = Simd.MulAdd(a[aStart + c], b[bStart + c], sum);
        return sum;
    }

    private static float Sum(AlignedRows values, int start, int count)
    {
        int width = Simd.Width;
        int c = 0;
        Vector<float> s = Vector<float>.Zero;
        for (; c + width <= count; c += width)
            s += Simd.Load(values, start + c);
        float sum = Vector.Sum(s);
        for (; c < count; c++)
            sum += values[start + c];
        return sum;
    }
}
