using System.Numerics;
using System.Runtime.CompilerServices;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// dx[i] = [x[i] &gt; 0] · Σ_links-out-of-i w·dy[output] for a range of input neurons, through the transpose index.
/// x is the previous layer's ReLU output, so the mask is that ReLU's derivative; without x (the network's own
/// input, for adversarial examples) there is no mask. All arrays are [neuron][batch].
/// </summary>
internal static class SparseBackwardInputCpu
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        CpuLayer layer,
        AlignedRows dy,
        AlignedRows? x,
        AlignedRows dx,
        int batch,
        int inputStart,
        int inputEnd
    )
    {
        int[] offsets = layer.TransposeOffsets;
        int[] links = layer.TransposeLinks;
        int[] rows = layer.TransposeRows;
        LinkParameters[] parameters = layer.Parameters;
        int width = Simd.Width;
        bool prefetch = Simd.ShouldPrefetch(layer.Outputs, batch);
        ref float dy0 = ref dy.Origin; // once: a field read per load would sit in the innermost loop
        for (int i = inputStart; i < inputEnd; i++)
        {
            int start = offsets[i],
                end = offsets[i + 1],
                row = i * batch;
            int c = 0;
            for (; c + 4 * width <= batch; c += 4 * width)
            {
                Vector<float> a0 = Vector<float>.Zero,
                    a1 = a0,
                    a2 = a0,
                    a3 = a0;
                for (int p = start; p < end; p++)
                {
                    if (prefetch && p + Simd.PrefetchLinks < links.Length)
                    {
                        Simd.Prefetch(dy, rows[p + Simd.PrefetchLinks] * batch + c);
                        Simd.Prefetch(parameters, links[p + Simd.PrefetchLinks]);
                    }
                    var w = new Vector<float>(parameters[links[p]].Weight);
                    int source = rows[p] * batch + c;
                    a0 = Simd.MulAdd(w, Simd.Load(ref dy0, source), a0);
                    a1 = Simd.MulAdd(w, Simd.Load(ref dy0, source + width), a1);
                    a2 = Simd.MulAdd(w, Simd.Load(ref dy0, source + 2 * width), a2);
                    a3 = Simd.MulAdd(w, Simd.Load(ref dy0, source + 3 * width), a3);
                }
                Simd.Store(Mask(a0, x, row + c), dx, row + c);
                Simd.Store(Mask(a1, x, row + c + width), dx, row + c + width);
                Simd.Store(Mask(a2, x, row + c + 2 * width), dx, row + c + 2 * width);
                Simd.Store(Mask(a3, x, row + c + 3 * width), dx, row + c + 3 * width);
            }
            for (; c + width <= batch; c += width)
            {
                Vector<float> a = Vector<float>.Zero;
                for (int p = start; p < end; p++)
                    a = Simd.MulAdd(
                        new Vector<float>(parameters[links[p]].Weight),
                        Simd.Load(ref dy0, rows[p] * batch + c),
                        a
                    );
                Simd.Store(Mask(a, x, row + c), dx, row + c);
            }
            for (; c < batch; c++)
            {
                float a = 0f;
                for (int p = start; p < end; p++)
                    a = Simd.MulAdd(parameters[links[p]].Weight, dy[rows[p] * batch + c], a);
                dx[row + c] = x is null || x[row + c] > 0f ? a : 0f;
            }
        }
    }

    private static Vector<float> Mask(Vector<float> gradient, AlignedRows? x, int index) =>
        x is null
            ? gradient
            : Vector.ConditionalSelect(
                Vector.GreaterThan(Simd.Load(x, index), Vector<float>.Zero),
                gradient,
                Vector<float>.Zero
            );
}
