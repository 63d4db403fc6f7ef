using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using SparseGpu.Model;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// The fast CPU path's candidate gradient sums of one layer: a dense [output][input] matrix of sums, indexed by key
/// (<see cref="LayerTopology.Key"/> is output · inputs + input), read out at the candidates' keys. A layer's
/// candidates are nearly all its positions (every absent link), so a dense row per output costs no more than a list
/// and needs no per-candidate index arithmetic while summing.
/// </summary>
internal sealed class CpuLinkGradients : ILinkGradients
{
    public CpuLinkGradients(LayerTopology layer, long[] keys)
    {
        if (layer.PossibleLinks > Array.MaxLength)
            throw new ArgumentException(
                $"a {layer.Inputs} x {layer.Outputs} layer has more positions than one array holds"
            );
        Keys = keys;
        Inputs = layer.Inputs;
        HasCandidates = new bool[layer.Outputs];
        int output = 0;
        long rowEnd = layer.Inputs;
        for (int c = 0; c < keys.Length; c++)
        {
            long key = keys[c];
            if (key < 0 || key >= layer.PossibleLinks || (c > 0 && key <= keys[c - 1]))
                throw new ArgumentException($"candidate key {key} is outside the layer or out of order");
            while (key >= rowEnd) // keys ascend: walking the rows costs a comparison, not a division, per key
            {
                output++;
                rowEnd += layer.Inputs;
            }
            HasCandidates[output] = true;
        }
        // Rented: an update's sums are megabytes, and fresh pages cost more to fault in than to clear.
        Sums = ArrayPool<float>.Shared.Rent((int)layer.PossibleLinks);
        Array.Clear(Sums, 0, (int)layer.PossibleLinks);
    }

    public long[] Keys { get; }
    public int Inputs { get; }

    /// <summary>Per output neuron: whether any candidate ends there (a row without one is never summed).</summary>
    public bool[] HasCandidates { get; }

    /// <summary>The sums, [output][input]: a key's sum at index key (the array may be longer than the layer).</summary>
    public float[] Sums { get; private set; }

    public float[] Read()
    {
        var read = new float[Keys.Length];
        for (int c = 0; c < read.Length; c++)
            read[c] = Sums[Keys[c]];
        return read;
    }

    public void Dispose()
    {
        if (Sums.Length > 0)
            ArrayPool<float>.Shared.Return(Sums);
        Sums = [];
    }
}

/// <summary>
/// One batch's dense-equivalent gradients of a layer's candidate links, Σ_s dy[j][s]·x[i][s], added to the sums of a
/// range of output neurons j: a dense outer product δᵀ·A restricted to the rows with candidates. The input
/// activations transposed to [sample][input] make a block of inputs one vector per sample; a block of
/// <see cref="BlockVectors"/> vectors of one output is summed in registers over that output's samples whose dy is
/// not exactly 0 (a ReLU that is shut adds nothing and is skipped), then added to the output's row of sums. Every
/// entry is thus summed over the samples in ascending order, one multiply-add each from 0 (fused where the CPU has
/// FMA, the same in the vector and the scalar tail), then added to its sum: results do not depend on the thread count
/// or the block size.
/// </summary>
internal static class LinkGradientsCpu
{
    /// <summary>Vectors of inputs summed at once per output: 8 accumulators, with the broadcast dy and the loaded
    /// input, stay in the 16 vector registers of AVX2 (and NEON's 32).</summary>
    public const int BlockVectors = 8;

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
        int rows = outputEnd - outputStart;
        // Each output's samples of nonzero dy, ascending, and those dy: read once, used by every block of inputs.
        int[] samples = new int[rows * batch];
        float[] values = new float[rows * batch];
        int[] counts = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int j = outputStart + r;
            if (!sums.HasCandidates[j])
                continue;
            int n = 0;
            for (int s = 0; s < batch; s++)
            {
                float d = dy[j * batch + s];
                if (d == 0f)
                    continue;
                samples[r * batch + n] = s;
                values[r * batch + n] = d;
                n++;
            }
            counts[r] = n;
        }
        int width = Simd.Width;
        int i0 = 0;
        // Input blocks outside, outputs inside: a block's inputs of every sample stay in L1 across the outputs.
        for (; i0 + BlockVectors * width <= inputs; i0 += BlockVectors * width)
        for (int r = 0; r < rows; r++)
            if (counts[r] > 0)
                Block(sums.Sums, transposedX, inputs, samples, values, r * batch, counts[r], outputStart + r, i0);
        for (; i0 + width <= inputs; i0 += width)
        for (int r = 0; r < rows; r++)
            if (counts[r] > 0)
                OneVector(sums.Sums, transposedX, inputs, samples, values, r * batch, counts[r], outputStart + r, i0);
        for (; i0 < inputs; i0++)
        for (int r = 0; r < rows; r++)
        {
            float sum = 0f;
            for (int k = 0; k < counts[r]; k++)
                sum = Simd.MulAdd(values[r * batch + k], transposedX[samples[r * batch + k] * inputs + i0], sum);
            if (counts[r] > 0)
                sums.Sums[(long)(outputStart + r) * inputs + i0] += sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(
        float[] total,
        float[] x,
        int inputs,
        int[] samples,
        float[] values,
        int first,
        int count,
        int output,
        int i0
    )
    {
        int w = Simd.Width;
        Vector<float> a0 = Vector<float>.Zero,
            a1 = Vector<float>.Zero,
            a2 = Vector<float>.Zero,
            a3 = Vector<float>.Zero,
            a4 = Vector<float>.Zero,
            a5 = Vector<float>.Zero,
            a6 = Vector<float>.Zero,
            a7 = Vector<float>.Zero;
        for (int k = first; k < first + count; k++)
        {
            var d = new Vector<float>(values[k]);
            int o = samples[k] * inputs + i0;
            a0 = Simd.MulAdd(d, Simd.Load(x, o), a0);
            a1 = Simd.MulAdd(d, Simd.Load(x, o + w), a1);
            a2 = Simd.MulAdd(d, Simd.Load(x, o + 2 * w), a2);
            a3 = Simd.MulAdd(d, Simd.Load(x, o + 3 * w), a3);
            a4 = Simd.MulAdd(d, Simd.Load(x, o + 4 * w), a4);
            a5 = Simd.MulAdd(d, Simd.Load(x, o + 5 * w), a5);
            a6 = Simd.MulAdd(d, Simd.Load(x, o + 6 * w), a6);
            a7 = Simd.MulAdd(d, Simd.Load(x, o + 7 * w), a7);
        }
        int g = output * inputs + i0;
        Simd.Store(Simd.Load(total, g) + a0, total, g);
        Simd.Store(Simd.Load(total, g + w) + a1, total, g + w);
        Simd.Store(Simd.Load(total, g + 2 * w) + a2, total, g + 2 * w);
        Simd.Store(Simd.Load(total, g + 3 * w) + a3, total, g + 3 * w);
        Simd.Store(Simd.Load(total, g + 4 * w) + a4, total, g + 4 * w);
        Simd.Store(Simd.Load(total, g + 5 * w) + a5, total, g + 5 * w);
        Simd.Store(Simd.Load(total, g + 6 * w) + a6, total, g + 6 * w);
        Simd.Store(Simd.Load(total, g + 7 * w) + a7, total, g + 7 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneVector(
        float[] total,
        float[] x,
        int inputs,
        int[] samples,
        float[] values,
        int first,
        int count,
        int output,
        int i0
    )
    {
        Vector<float> a = Vector<float>.Zero;
        for (int k = first; k < first + count; k++)
            a = Simd.MulAdd(new Vector<float>(values[k]), Simd.Load(x, samples[k] * inputs + i0), a);
        int g = output * inputs + i0;
        Simd.Store(Simd.Load(total, g) + a, total, g);
    }
}
