using System.Numerics;
using System.Runtime.CompilerServices;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// <see cref="SparseForwardCpu.Run"/> for layers of long rows (a dense network's layers, what link removal leaves of
/// them, every network's read-out) at batch 32. Run keeps four sums of one output in flight; on a row of hundreds of
/// links each sum is one chain of dependent multiply-adds, so Run waits on the FMA latency. Here two outputs walk
/// their rows side by side, eight independent sums, and on a dense layer they share each input's four loads. Every
/// output still adds its links in column order from its bias, so the results are Run's bit for bit.
/// </summary>
internal static class LongRowForwardCpu
{
    /// <summary>Links per output from which rows count as long: shorter rows are short enough for the processor to
    /// overlap consecutive outputs' chains by itself.</summary>
    public const int LongRow = 64;

    /// <summary>Whether the layer is dense (a CSR row's columns ascend without repeats, so a row of
    /// <see cref="CpuLayer.Inputs"/> links holds every input in order) and the batch is the one these loops serve.
    /// </summary>
    public static bool ServesDense(CpuLayer layer, int batch) =>
        batch == 4 * Simd.Width && layer.Inputs > 0 && layer.Columns.Length == (long)layer.Inputs * layer.Outputs;

    /// <summary>Whether the layer's rows are long on average (<see cref="LongRow"/>) at the batch these loops serve.
    /// </summary>
    public static bool ServesLongRows(CpuLayer layer, int batch) =>
        batch == 4 * Simd.Width && layer.Columns.Length >= (long)LongRow * layer.Outputs;

    /// <summary>A dense layer (<see cref="ServesDense"/>): each input's four loads serve both outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunDense(CpuLayer layer, AlignedRows x, AlignedRows y, int rowStart, int rowEnd)
    {
        int width = Simd.Width,
            batch = 4 * width,
            inputs = layer.Inputs;
        LinkParameters[] parameters = layer.Parameters;
        bool relu = layer.Relu;
        ref float x0 = ref x.Origin;
        int j = rowStart;
        for (; j + 1 < rowEnd; j += 2)
        {
            Vector<float> a0 = new(layer.Bias[j]),
                a1 = a0,
                a2 = a0,
                a3 = a0,
                b0 = new(layer.Bias[j + 1]),
                b1 = b0,
                b2 = b0,
                b3 = b0;
            int first = j * inputs,
                second = first + inputs;
            for (int i = 0; i < inputs; i++)
            {
                int input = i * batch;
                Vector<float> x1 = Simd.Load(ref x0, input),
                    x2 = Simd.Load(ref x0, input + width),
                    x3 = Simd.Load(ref x0, input + 2 * width),
                    x4 = Simd.Load(ref x0, input + 3 * width);
                var w = new Vector<float>(parameters[first + i].Weight);
                a0 = Simd.MulAdd(w, x1, a0);
                a1 = Simd.MulAdd(w, x2, a1);
                a2 = Simd.MulAdd(w, x3, a2);
                a3 = Simd.MulAdd(w, x4, a3);
                var v = new Vector<float>(parameters[second + i].Weight);
                b0 = Simd.MulAdd(v, x1, b0);
                b1 = Simd.MulAdd(v, x2, b1);
                b2 = Simd.MulAdd(v, x3, b2);
                b3 = Simd.MulAdd(v, x4, b3);
            }
            Store(y, j * batch, relu, a0, a1, a2, a3);
            Store(y, (j + 1) * batch, relu, b0, b1, b2, b3);
        }
        if (j < rowEnd) // an odd output left: alone, as Run would
            SparseForwardCpu.Run(layer, x, y, batch, j, rowEnd);
    }

    /// <summary>Any layer: each output of a pair gathers its own inputs, side by side over the shorter row's length,
    /// then the longer row's rest alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunPaired(CpuLayer layer, AlignedRows x, AlignedRows y, int rowStart, int rowEnd)
    {
        int width = Simd.Width,
            batch = 4 * width;
        int[] offsets = layer.RowOffsets;
        int[] columns = layer.Columns;
        LinkParameters[] parameters = layer.Parameters;
        bool relu = layer.Relu;
        ref float x0 = ref x.Origin;
        int j = rowStart;
        for (; j + 1 < rowEnd; j += 2)
        {
            Vector<float> a0 = new(layer.Bias[j]),
                a1 = a0,
                a2 = a0,
                a3 = a0,
                b0 = new(layer.Bias[j + 1]),
                b1 = b0,
                b2 = b0,
                b3 = b0;
            int first = offsets[j],
                second = offsets[j + 1],
                end = offsets[j + 2],
                common = Math.Min(second - first, end - second);
            for (int l = 0; l < common; l++)
            {
                int p = first + l,
                    q = second + l,
                    u = columns[p] * batch,
                    v = columns[q] * batch;
                var w = new Vector<float>(parameters[p].Weight);
                a0 = Simd.MulAdd(w, Simd.Load(ref x0, u), a0);
                a1 = Simd.MulAdd(w, Simd.Load(ref x0, u + width), a1);
                a2 = Simd.MulAdd(w, Simd.Load(ref x0, u + 2 * width), a2);
                a3 = Simd.MulAdd(w, Simd.Load(ref x0, u + 3 * width), a3);
                var z = new Vector<float>(parameters[q].Weight);
                b0 = Simd.MulAdd(z, Simd.Load(ref x0, v), b0);
                b1 = Simd.MulAdd(z, Simd.Load(ref x0, v + width), b1);
                b2 = Simd.MulAdd(z, Simd.Load(ref x0, v + 2 * width), b2);
                b3 = Simd.MulAdd(z, Simd.Load(ref x0, v + 3 * width), b3);
            }
            for (int p = first + common; p < second; p++) // the first row's rest, when it is the longer
            {
                var w = new Vector<float>(parameters[p].Weight);
                int u = columns[p] * batch;
                a0 = Simd.MulAdd(w, Simd.Load(ref x0, u), a0);
                a1 = Simd.MulAdd(w, Simd.Load(ref x0, u + width), a1);
                a2 = Simd.MulAdd(w, Simd.Load(ref x0, u + 2 * width), a2);
                a3 = Simd.MulAdd(w, Simd.Load(ref x0, u + 3 * width), a3);
            }
            for (int q = second + common; q < end; q++) // or the second's
            {
                var z = new Vector<float>(parameters[q].Weight);
                int v = columns[q] * batch;
                b0 = Simd.MulAdd(z, Simd.Load(ref x0, v), b0);
                b1 = Simd.MulAdd(z, Simd.Load(ref x0, v + width), b1);
                b2 = Simd.MulAdd(z, Simd.Load(ref x0, v + 2 * width), b2);
                b3 = Simd.MulAdd(z, Simd.Load(ref x0, v + 3 * width), b3);
            }
            Store(y, j * batch, relu, a0, a1, a2, a3);
            Store(y, (j + 1) * batch, relu, b0, b1, b2, b3);
        }
        if (j < rowEnd)
            SparseForwardCpu.Run(layer, x, y, batch, j, rowEnd);
    }

    /// <summary>One output's four vectors of the batch, activated, at <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(
        AlignedRows y,
        int output,
        bool relu,
        Vector<float> s0,
        Vector<float> s1,
        Vector<float> s2,
        Vector<float> s3
    )
    {
        int width = Simd.Width;
        Simd.Store(Activate(s0, relu), y, output);
        Simd.Store(Activate(s1, relu), y, output + width);
        Simd.Store(Activate(s2, relu), y, output + 2 * width);
        Simd.Store(Activate(s3, relu), y, output + 3 * width);
    }

    private static Vector<float> Activate(Vector<float> value, bool relu) =>
        relu ? Vector.Max(value, Vector<float>.Zero) : value;
}
