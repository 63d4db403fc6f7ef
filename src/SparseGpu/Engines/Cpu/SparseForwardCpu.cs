using System.Numerics;
using System.Runtime.CompilerServices;

namespace SparseGpu.Engines.Cpu;

/// <summary>y[j] = act(b[j] + Σ_links w·x[input]) for a range of output neurons; x and y are [neuron][batch].</summary>
internal static class SparseForwardCpu
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(CpuLayer layer, AlignedRows x, AlignedRows y, int batch, int rowStart, int rowEnd)
    {
        int[] offsets = layer.RowOffsets;
        int[] columns = layer.Columns;
        float[] weights = layer.Weights;
        int width = Simd.Width;
        bool relu = layer.Relu;
        bool prefetch = Simd.ShouldPrefetch(layer.Inputs, batch);
        ref float x0 = ref x.Origin; // once: a field read per load would sit in the innermost loop
        for (int j = rowStart; j < rowEnd; j++)
        {
            int start = offsets[j],
                end = offsets[j + 1],
                output = j * batch;
            var bias = new Vector<float>(layer.Bias[j]);
            int c = 0;
            // Four vectors of the batch at a time: one weight broadcast feeds four FMAs.
            for (; c + 4 * width <= batch; c += 4 * width)
            {
                Vector<float> a0 = bias,
                    a1 = bias,
                    a2 = bias,
                    a3 = bias;
                for (int link = start; link < end; link++)
                {
                    if (prefetch && link + Simd.PrefetchLinks < columns.Length)
                        Simd.Prefetch(x, columns[link + Simd.PrefetchLinks] * batch + c);
                    var w = new Vector<float>(weights[link]);
                    int input = columns[link] * batch + c;
                    a0 = Simd.MulAdd(w, Simd.Load(ref x0, input), a0);
                    a1 = Simd.MulAdd(w, Simd.Load(ref x0, input + width), a1);
                    a2 = Simd.MulAdd(w, Simd.Load(ref x0, input + 2 * width), a2);
                    a3 = Simd.MulAdd(w, Simd.Load(ref x0, input + 3 * width), a3);
                }
                Simd.Store(Activate(a0, relu), y, output + c);
                Simd.Store(Activate(a1, relu), y, output + c + width);
                Simd.Store(Activate(a2, relu), y, output + c + 2 * width);
                Simd.Store(Activate(a3, relu), y, output + c + 3 * width);
            }
            for (; c + width <= batch; c += width)
            {
                Vector<float> a = bias;
                for (int link = start; link < end; link++)
                    a = Simd.MulAdd(new Vector<float>(weights[link]), Simd.Load(ref x0, columns[link] * batch + c), a);
                Simd.Store(Activate(a, relu), y, output + c);
            }
            for (; c < batch; c++)
            {
                float a = layer.Bias[j];
                for (int link = start; link < end; link++)
                    a = Simd.MulAdd(weights[link], x[columns[link] * batch + c], a);
                y[output + c] = relu ? MathF.Max(a, 0f) : a;
            }
        }
    }

    private static Vector<float> Activate(Vector<float> value, bool relu) =>
        relu ? Vector.Max(value, Vector<float>.Zero) : value;
}
