using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// The fast CPU path's candidate gradient sums of one layer. Each batch of the window is kept as it came (the
/// inputs transposed to [sample][input], the output gradients [output][sample]), and the sums are made when read:
/// <see cref="Read"/> sums every position into a dense [output][input] matrix (<see cref="LinkGradientsCpu"/>) read
/// at the candidates' keys; <see cref="Leaders"/> sums only the pairs that can reach the largest
/// (<see cref="LinkGradientLeadersCpu"/>), with the same multiply-adds in the same order, so the same sums.
/// </summary>
internal sealed class CpuLinkGradients : ILinkGradients
{
    private readonly LayerTopology _layer;
    private readonly WorkSplitter _splitter;
    private long[]? _keys;
    private readonly List<LinkGradientBatch> _batches = [];

    /// <param name="keys">The candidates (ascending); null: the layer's
    /// <see cref="LinkGradientTable.Candidates"/>, built only if <see cref="Keys"/> is read.</param>
    public CpuLinkGradients(LayerTopology layer, long[]? keys, WorkSplitter splitter)
    {
        if (layer.PossibleLinks > Array.MaxLength)
            throw new ArgumentException(
                $"a {layer.Inputs} x {layer.Outputs} layer has more positions than one array holds"
            );
        if (keys is not null)
            for (int c = 0; c < keys.Length; c++)
                if (keys[c] < 0 || keys[c] >= layer.PossibleLinks || (c > 0 && keys[c] <= keys[c - 1]))
                    throw new ArgumentException($"candidate key {keys[c]} is outside the layer or out of order");
        _layer = layer;
        _keys = keys;
        _splitter = splitter;
    }

    public long[] Keys => _keys ??= LinkGradientTable.Candidates(_layer);

    /// <summary>Adds a batch: <paramref name="transposedX"/> [sample][input], <paramref name="dy"/>
    /// [output][sample], both kept (not copied).</summary>
    public void Add(float[] transposedX, float[] dy, int count) => _batches.Add(new(transposedX, dy, count));

    public float[] Read()
    {
        long[] keys = Keys;
        int inputs = _layer.Inputs,
            outputs = _layer.Outputs;
        var hasCandidates = new bool[outputs];
        foreach (long key in keys)
            hasCandidates[key / inputs] = true;
        // Rented: the sums are megabytes, and fresh pages cost more to fault in than to clear.
        float[] sums = ArrayPool<float>.Shared.Rent((int)_layer.PossibleLinks);
        try
        {
            Array.Clear(sums, 0, (int)_layer.PossibleLinks);
            foreach (LinkGradientBatch batch in _batches)
                // The work of an output neuron with candidates is a dense row: inputs × batch multiply-adds.
                _splitter.For(
                    outputs,
                    Math.Max(1, CpuOperations.MinimumWorkPerPart / Math.Max(1, inputs * batch.Count)),
                    (start, end) =>
                        LinkGradientsCpu.Run(
                            sums,
                            hasCandidates,
                            batch.TransposedX,
                            inputs,
                            batch.Dy,
                            batch.Count,
                            start,
                            end
                        )
                );
            var read = new float[keys.Length];
            for (int c = 0; c < read.Length; c++)
                read[c] = sums[keys[c]];
            return read;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sums);
        }
    }

    public LinkGradientTable Leaders(long[] excluded, int count) =>
        LinkGradientLeadersCpu.Find(_layer, _batches, excluded, count, _splitter)
        ?? LinkGradientTable.Without(Keys, Read(), excluded);

    public void Dispose() => _batches.Clear();
}

/// <summary>One batch of a gradient window: inputs [sample][input], output gradients [output][sample].</summary>
internal sealed record LinkGradientBatch(float[] TransposedX, float[] Dy, int Count);

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
        float[] total,
        bool[] hasCandidates,
        float[] transposedX,
        int inputs,
        float[] dy,
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
            if (!hasCandidates[j])
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
                Block(total, transposedX, inputs, samples, values, r * batch, counts[r], outputStart + r, i0);
        for (; i0 + width <= inputs; i0 += width)
        for (int r = 0; r < rows; r++)
            if (counts[r] > 0)
                OneVector(total, transposedX, inputs, samples, values, r * batch, counts[r], outputStart + r, i0);
        for (; i0 < inputs; i0++)
        for (int r = 0; r < rows; r++)
        {
            float sum = 0f;
            for (int k = 0; k < counts[r]; k++)
                sum = Simd.MulAdd(values[r * batch + k], transposedX[samples[r * batch + k] * inputs + i0], sum);
            if (counts[r] > 0)
                total[(long)(outputStart + r) * inputs + i0] += sum;
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
