using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SparseGpu.Kernels;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// <see cref="SparseBackwardInputCpu"/> and <see cref="SgdUpdateCpu"/>'s link step in one pass over a range of input
/// neurons, through the transpose index: per link out of input i, dx[i] += w·dy[output] with the weight this step
/// started from, then g = Σ_batch x[i]·dy[output] and the SGD step of that link. Apart, the two passes each read
/// every link's row at a random position (dy, then x); together, x[i] is the input's own row (read once, in order,
/// and also the ReLU mask of dx[i]) and only the dy rows are random. Every sum is formed in the separate passes'
/// order and the step is theirs (<see cref="SgdFormula"/>), so the results are theirs bit for bit. Batch 32 only
/// (four AVX2 vectors); biases are <see cref="UpdateBiases"/>'s.
/// </summary>
internal static class SparseBackwardAndUpdateCpu
{
    public static bool Supports(int batch) => batch == 4 * Simd.Width;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        CpuLayer layer,
        AlignedRows x,
        AlignedRows dy,
        AlignedRows dx,
        SgdParameters sgd,
        int inputStart,
        int inputEnd
    )
    {
        int width = Simd.Width,
            batch = 4 * width;
        ref int offsets = ref MemoryMarshal.GetArrayDataReference(layer.TransposeOffsets);
        ref int links = ref MemoryMarshal.GetArrayDataReference(layer.TransposeLinks);
        ref int rows = ref MemoryMarshal.GetArrayDataReference(layer.TransposeRows);
        ref LinkParameters parameters = ref MemoryMarshal.GetArrayDataReference(layer.Parameters);
        ref float dys = ref dy.Origin;
        int linkCount = layer.TransposeLinks.Length;
        bool prefetch = Simd.ShouldPrefetch(layer.Outputs, batch);
        for (int i = inputStart; i < inputEnd; i++)
        {
            int own = i * batch;
            ref float input = ref Unsafe.Add(ref x.Origin, own);
            Vector<float> x0 = Vector.LoadUnsafe(ref input),
                x1 = Vector.LoadUnsafe(ref input, (nuint)width),
                x2 = Vector.LoadUnsafe(ref input, (nuint)(2 * width)),
                x3 = Vector.LoadUnsafe(ref input, (nuint)(3 * width));
            Vector<float> a0 = Vector<float>.Zero,
                a1 = a0,
                a2 = a0,
                a3 = a0;
            for (int p = Unsafe.Add(ref offsets, i), end = Unsafe.Add(ref offsets, i + 1); p < end; p++)
            {
                if (prefetch && p + Simd.PrefetchLinks < linkCount)
                {
                    Simd.Prefetch(dy, Unsafe.Add(ref rows, p + Simd.PrefetchLinks) * batch);
                    Simd.Prefetch(layer.Parameters, Unsafe.Add(ref links, p + Simd.PrefetchLinks));
                }
                int link = Unsafe.Add(ref links, p);
                ref float gradientRow = ref Unsafe.Add(ref dys, Unsafe.Add(ref rows, p) * batch);
                Vector<float> d0 = Vector.LoadUnsafe(ref gradientRow),
                    d1 = Vector.LoadUnsafe(ref gradientRow, (nuint)width),
                    d2 = Vector.LoadUnsafe(ref gradientRow, (nuint)(2 * width)),
                    d3 = Vector.LoadUnsafe(ref gradientRow, (nuint)(3 * width));
                ref LinkParameters parameter = ref Unsafe.Add(ref parameters, link);
                var w = new Vector<float>(parameter.Weight);
                a0 = Simd.MulAdd(w, d0, a0);
                a1 = Simd.MulAdd(w, d1, a1);
                a2 = Simd.MulAdd(w, d2, a2);
                a3 = Simd.MulAdd(w, d3, a3);
                // SgdUpdateCpu's dot product, operand for operand.
                Vector<float> s = x0 * d0;
                s = Simd.MulAdd(x1, d1, s);
                s = Simd.MulAdd(x2, d2, s);
                s = Simd.MulAdd(x3, d3, s);
                SgdFormula.Step(ref parameter.Weight, ref parameter.Velocity, Vector.Sum(s), sgd);
            }
            Simd.Store(Mask(a0, x0), dx, own);
            Simd.Store(Mask(a1, x1), dx, own + width);
            Simd.Store(Mask(a2, x2), dx, own + 2 * width);
            Simd.Store(Mask(a3, x3), dx, own + 3 * width);
        }
    }

    /// <summary>The SGD step of the biases of output neurons [start, end) (<see
    /// cref="SgdUpdateCpu.UpdateBias"/>).</summary>
    public static void UpdateBiases(CpuLayer layer, AlignedRows dy, SgdParameters sgd, int start, int end)
    {
        int width = Simd.Width,
            batch = 4 * width;
        for (int j = start; j < end; j++)
        {
            int row = j * batch;
            Vector<float> d0 = Simd.Load(dy, row),
                d1 = Simd.Load(dy, row + width),
                d2 = Simd.Load(dy, row + 2 * width),
                d3 = Simd.Load(dy, row + 3 * width);
            SgdUpdateCpu.UpdateBias(layer, j, d0, d1, d2, d3, sgd);
        }
    }

    private static Vector<float> Mask(Vector<float> gradient, Vector<float> x) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), gradient, Vector<float>.Zero);
}
