using System.Numerics;
using System.Runtime.CompilerServices;
using SparseGpu.Model;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// The fast CPU path's candidate gradient sums of one layer: the keys, each candidate's input and, per output
/// neuron, where its candidates start (keys ascend, so a neuron's candidates are contiguous).
/// </summary>
internal sealed class CpuLinkGradients : ILinkGradients
{
    public CpuLinkGradients(LayerTopology layer, long[] keys)
    {
        Keys = keys;
        Inputs = new int[keys.Length];
        RowStarts = new int[layer.Outputs + 1];
        Sums = new float[keys.Length];
        for (int c = 0; c < keys.Length; c++)
        {
            if (keys[c] < 0 || keys[c] >= layer.PossibleLinks || (c > 0 && keys[c] <= keys[c - 1]))
                throw new ArgumentException($"candidate key {keys[c]} is outside the layer or out of order");
            (Inputs[c], int output) = layer.LinkOfKey(keys[c]);
            RowStarts[output + 1]++;
        }
        for (int j = 0; j < layer.Outputs; j++)
            RowStarts[j + 1] += RowStarts[j];
    }

    public long[] Keys { get; }
    public int[] Inputs { get; }
    public int[] RowStarts { get; }
    public float[] Sums { get; }

    public float[] Read() => (float[])Sums.Clone();

    public void Dispose() { }
}

/// <summary>
/// One batch's dense-equivalent gradients of a layer's candidate links, Σ_s dy[j][s]·x[i][s], for a range of output
/// neurons j. For each neuron with candidates, every input's gradient is built at once in a row of scratch: the
/// input activations transposed to [sample][input] make it one vector multiply-add per sample over contiguous
/// floats (the dense outer product, without the horizontal sums a dot product per candidate needs), and a sample
/// whose dy is exactly 0 (a ReLU that is shut) adds nothing and is skipped. Each candidate then takes its input's
/// entry. Every entry is summed over the samples in ascending order, one multiply-add each (fused where the CPU
/// has FMA, the same in the vector and the scalar tail), so results do not depend on the thread count.
/// </summary>
internal static class LinkGradientsCpu
{
    /// <summary>x ([input][sample]) as [sample][input] into <paramref name="transposed"/>.</summary>
    public static void Transpose(AlignedRows x, int inputs, int batch, float[] transposed, int start, int end)
    {
        for (int i = start; i < end; i++)
        for (int s = 0; s < batch; s++)
            transposed[s * inputs + i] = x[i * batch + s];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        CpuLinkGradients sums,
        float[] transposedX,
        int inputs,
        AlignedRows dy,
        int batch,
        int outputStart,
        int outputEnd
    )
    {
        int width = Simd.Width;
        float[] row = new float[inputs];
        int[] starts = sums.RowStarts;
        for (int j = outputStart; j < outputEnd; j++)
        {
            int first = starts[j],
                last = starts[j + 1];
            if (first == last)
                continue;
            Array.Clear(row);
            for (int s = 0; s < batch; s++)
            {
                float d = dy[j * batch + s];
                if (d == 0f)
                    continue;
                var dv = new Vector<float>(d);
                int origin = s * inputs,
                    i = 0;
                for (; i + width <= inputs; i += width)
                    Simd.Store(Simd.MulAdd(dv, Simd.Load(transposedX, origin + i), Simd.Load(row, i)), row, i);
                for (; i < inputs; i++)
                    row[i] = Simd.MulAdd(d, transposedX[origin + i], row[i]);
            }
            int[] candidateInputs = sums.Inputs;
            float[] total = sums.Sums;
            for (int c = first; c < last; c++)
                total[c] += row[candidateInputs[c]];
        }
    }
}
