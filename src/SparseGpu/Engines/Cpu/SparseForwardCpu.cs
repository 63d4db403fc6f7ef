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
        LinkParameters[] parameters = layer.Parameters;
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
                    var w = new Vector<float>(parameters[link].Weight);
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
                    a = Simd.MulAdd(
                        new Vector<float>(parameters[link].Weight),
                        Simd.Load(ref x0, columns[link] * batch + c),
                        a
                    );
                Simd.Store(Activate(a, relu), y, output + c);
            }
            for (; c < batch; c++)
            {
                float a = layer.Bias[j];
                for (int link = start; link < end; link++)
                    a = Simd.MulAdd(parameters[link].Weight, x[columns[link] * batch + c], a);
                y[output + c] = relu ? MathF.Max(a, 0f) : a;
            }
        }
    }

    /// <summary>
    /// Whether <see cref="RunBlocked"/> serves the layer at this batch: rows so long (the dense read-out's, every
    /// output reading every input) that <see cref="Run"/> would stream the whole input array out of memory once per
    /// output, while blocks of it could serve a group of outputs from the L2 cache.
    /// </summary>
    public static bool PrefersBlocked(CpuLayer layer, int batch) =>
        batch == 4 * Simd.Width
        && layer.Columns.Length >= (long)BlockInputs * layer.Outputs
        && Simd.ShouldPrefetch(layer.Inputs, batch);

    /// <summary>Inputs per block: 2,048 rows of 128 bytes, 256 KiB, held in L2 while a group of outputs reads
    /// them.</summary>
    private const int BlockInputs = 2048;

    private const int GroupOutputs = 16;

    /// <summary>
    /// <see cref="Run"/> at batch 32 by blocks of inputs: a group of outputs walks each block in turn, each output
    /// resuming its row where the previous block ended. Columns ascend within a row, so every output adds its links
    /// in <see cref="Run"/>'s order, from the same bias: the results are Run's bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunBlocked(CpuLayer layer, AlignedRows x, AlignedRows y, int rowStart, int rowEnd)
    {
        int width = Simd.Width,
            batch = 4 * width;
        int[] offsets = layer.RowOffsets;
        int[] columns = layer.Columns;
        LinkParameters[] parameters = layer.Parameters;
        ref float x0 = ref x.Origin;
        Span<Vector<float>> sums = stackalloc Vector<float>[4 * GroupOutputs];
        Span<int> next = stackalloc int[GroupOutputs];
        for (int group = rowStart; group < rowEnd; group += GroupOutputs)
        {
            int count = Math.Min(GroupOutputs, rowEnd - group);
            for (int g = 0; g < count; g++)
            {
                sums.Slice(4 * g, 4).Fill(new Vector<float>(layer.Bias[group + g]));
                next[g] = offsets[group + g];
            }
            for (int blockEnd = BlockInputs; blockEnd - BlockInputs < layer.Inputs; blockEnd += BlockInputs)
            {
                for (int g = 0; g < count; g++)
                {
                    Vector<float> a0 = sums[4 * g],
                        a1 = sums[4 * g + 1],
                        a2 = sums[4 * g + 2],
                        a3 = sums[4 * g + 3];
                    int link = next[g],
                        end = offsets[group + g + 1];
                    for (; link < end && columns[link] < blockEnd; link++)
                    {
                        var w = new Vector<float>(parameters[link].Weight);
                        int input = columns[link] * batch;
                        a0 = Simd.MulAdd(w, Simd.Load(ref x0, input), a0);
                        a1 = Simd.MulAdd(w, Simd.Load(ref x0, input + width), a1);
                        a2 = Simd.MulAdd(w, Simd.Load(ref x0, input + 2 * width), a2);
                        a3 = Simd.MulAdd(w, Simd.Load(ref x0, input + 3 * width), a3);
                    }
                    next[g] = link;
                    sums[4 * g] = a0;
                    sums[4 * g + 1] = a1;
                    sums[4 * g + 2] = a2;
                    sums[4 * g + 3] = a3;
                }
            }
            for (int g = 0; g < count; g++)
            for (int v = 0; v < 4; v++)
                Simd.Store(Activate(sums[4 * g + v], layer.Relu), y, (group + g) * batch + v * width);
        }
    }

    private static Vector<float> Activate(Vector<float> value, bool relu) =>
        relu ? Vector.Max(value, Vector<float>.Zero) : value;
}
