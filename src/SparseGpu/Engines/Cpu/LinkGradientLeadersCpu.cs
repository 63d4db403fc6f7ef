using System.Numerics;
using System.Runtime.CompilerServices;
using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// The fast CPU path's <see cref="ILinkGradients.Leaders"/>: the candidates of largest |Σ_s δ_output·a_input| without
/// summing every position. By Cauchy–Schwarz a pair's sum is at most ‖δ_output‖·‖a_input‖ (norms over the window's
/// samples), so with outputs taken in descending ‖δ‖ and inputs kept in descending ‖a‖, each output needs only the
/// prefix of inputs whose bound reaches the count-th largest |sum| found so far; the rest cannot be among the
/// largest, nor tie with them. On the benchmark's default network (MNIST) that leaves 22–38% of each layer's absent
/// links to sum over a 1-batch window, but 74–97% over 16 batches (kernels/README.md). Each pair summed gets exactly
/// the multiply-adds of <see cref="LinkGradientsCpu"/> in its order (per batch from 0 over the samples of nonzero δ,
/// then added to the total), so the sums are bit for bit those of <see cref="CpuLinkGradients.Read"/>.
/// </summary>
internal static class LinkGradientLeadersCpu
{
    /// <summary>Vectors of inputs summed at once per output (4 accumulators and their totals stay in registers).
    /// </summary>
    private const int BlockVectors = 4;

    /// <summary>
    /// The leaders, or null where the bound cannot help and every position must be summed: a count of 0 or of every
    /// candidate, a count-th largest |sum| of 0 (ties among the zeros involve every candidate), or a value that is
    /// not finite (a bound cannot hold).
    /// </summary>
    public static LinkGradientTable? Find(
        LayerTopology layer,
        IReadOnlyList<LinkGradientBatch> batches,
        long[] excluded,
        int count,
        WorkSplitter splitter
    )
    {
        if (count <= 0 || count >= layer.PossibleLinks - excluded.Length || batches.Count == 0)
            return null;
        int inputs = layer.Inputs,
            outputs = layer.Outputs;
        double[]? inputNorms = Norms(batches, inputs, transposed: true, out bool negative);
        // Inputs that are never negative (ReLU outputs, pixels) bound |Σ δ·a| by the larger of Σ δ⁺·a and Σ δ⁻·a,
        // so by the larger norm of δ's positive and negative parts: up to √2 tighter than ‖δ‖.
        double[]? outputNorms = Norms(batches, outputs, transposed: false, out _, signSplit: !negative);
        if (outputNorms is null || inputNorms is null)
            return null;
        int[] rows = ByNormDescending(outputNorms);
        int[] columns = ByNormDescending(inputNorms);
        double[] columnNorms = columns.Select(i => inputNorms[i]).ToArray();
        // The rounding of n multiply-adds moves a sum by at most n·2⁻²⁴ of Σ|δ·a| ≤ ‖δ‖·‖a‖ (≤ √2 times the bound
        // with δ's parts); the margin covers twice that and the norms' own rounding in double.
        int operations = batches.Sum(b => b.Count) + batches.Count;
        double margin = 1 + 1e-4 + 4.0 * operations / (1 << 24);
        float[][] permuted = batches.Select(b => Permute(b, inputs, columns)).ToArray();

        int parts = splitter.Threads;
        // Each part's count-th largest is a lower bound of the whole layer's: every part prunes by the highest.
        var published = new uint[parts];
        var found = new List<(long Key, float Sum)>[parts];
        var heaps = new LargestMagnitudes[parts];
        splitter.For(
            parts,
            1,
            (start, end) =>
            {
                for (int part = start; part < end; part++)
                {
                    heaps[part] = new LargestMagnitudes(count);
                    found[part] = [];
                    var search = new Search(batches, permuted, columns, columnNorms, inputs, margin, excluded);
                    int[] mine = Enumerable
                        .Range(0, rows.Length)
                        .Where(r => r % parts == part)
                        .Select(r => rows[r])
                        .ToArray();
                    for (int first = 0; first < mine.Length; first += Search.GroupRows)
                    {
                        uint shared = 0;
                        for (int p = 0; p < parts; p++)
                            shared = Math.Max(shared, Volatile.Read(ref published[p]));
                        int last = Math.Min(mine.Length, first + Search.GroupRows);
                        ReadOnlySpan<int> group = mine.AsSpan(first, last - first);
                        if (!search.Rows(group, outputNorms, shared, heaps[part], found[part]))
                            break;
                        Volatile.Write(ref published[part], heaps[part].Threshold);
                    }
                }
            }
        );
        // Every part's threshold is below the layer's count-th largest |sum|: what is below the highest goes first.
        uint bound = published.Max();
        var keys = new List<long>();
        var sums = new List<float>();
        var magnitudes = new List<uint>();
        foreach (List<(long Key, float Sum)> part in found)
        foreach ((long key, float sum) in part)
            if (Magnitude(sum) >= bound)
            {
                keys.Add(key);
                sums.Add(sum);
                magnitudes.Add(Magnitude(sum));
            }
        if (keys.Count < count)
            return null;
        uint threshold = LargestMagnitudes.Select(magnitudes, count);
        if (threshold == 0)
            return null;
        var leaderKeys = new List<long>(count);
        var leaderSums = new List<float>(count);
        for (int i = 0; i < keys.Count; i++)
            if (magnitudes[i] >= threshold)
            {
                leaderKeys.Add(keys[i]);
                leaderSums.Add(sums[i]);
            }
        long[] orderedKeys = leaderKeys.ToArray();
        float[] orderedSums = leaderSums.ToArray();
        Array.Sort(orderedKeys, orderedSums); // keys are distinct: the order is fixed
        return new LinkGradientTable(orderedKeys, orderedSums);
    }

    /// <summary>|v| as bits that order like the magnitude; NaN as 0 (as <see cref="MagnitudeOrder"/> counts it).
    /// </summary>
    public static uint Magnitude(float value) =>
        float.IsNaN(value) ? 0u : BitConverter.SingleToUInt32Bits(MathF.Abs(value));

    /// <summary>Each unit's ‖·‖ over the window's samples, in double (<paramref name="signSplit"/>: the larger of
    /// its positive and its negative values' norms); null if a value is not finite.</summary>
    private static double[]? Norms(
        IReadOnlyList<LinkGradientBatch> batches,
        int units,
        bool transposed,
        out bool negative,
        bool signSplit = false
    )
    {
        var squares = new double[units];
        var negativeSquares = new double[signSplit ? units : 0];
        negative = false;
        foreach (LinkGradientBatch batch in batches)
        {
            if (transposed)
                for (int s = 0; s < batch.Count; s++)
                for (int u = 0; u < units; u++)
                {
                    double v = batch.TransposedX[s * units + u];
                    squares[u] += v * v;
                    negative |= v < 0;
                }
            else
                for (int u = 0; u < units; u++)
                for (int s = 0; s < batch.Count; s++)
                {
                    double v = batch.Dy[u * batch.Count + s];
                    if (signSplit && v < 0)
                        negativeSquares[u] += v * v;
                    else
                        squares[u] += v * v;
                }
        }
        for (int u = 0; u < units; u++)
        {
            if (signSplit)
                squares[u] = Math.Max(squares[u], negativeSquares[u]);
            if (!double.IsFinite(squares[u]))
                return null;
            squares[u] = Math.Sqrt(squares[u]);
        }
        return squares;
    }

    /// <summary>The units of nonzero norm, largest first (ties by unit, so the order is fixed).</summary>
    private static int[] ByNormDescending(double[] norms)
    {
        int n = 0;
        foreach (double norm in norms)
            if (norm > 0)
                n++;
        var units = new int[n];
        var keys = new double[n];
        n = 0;
        for (int u = 0; u < norms.Length; u++)
            if (norms[u] > 0)
            {
                units[n] = u;
                keys[n++] = -norms[u];
            }
        // Array.Sort is not stable: equal norms are ordered by unit afterwards, so the order is fixed.
        Array.Sort(keys, units);
        for (int start = 0; start < n; )
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start])
                end++;
            Array.Sort(units, start, end - start);
            start = end;
        }
        return units;
    }

    /// <summary>A batch's inputs [sample][column]: the columns' inputs only, in the columns' order.</summary>
    private static float[] Permute(LinkGradientBatch batch, int inputs, int[] columns)
    {
        var permuted = new float[batch.Count * columns.Length];
        for (int s = 0; s < batch.Count; s++)
        for (int c = 0; c < columns.Length; c++)
            permuted[s * columns.Length + c] = batch.TransposedX[s * inputs + columns[c]];
        return permuted;
    }

    /// <summary>One thread's rows: its scratch row of sums and the row's samples of nonzero δ.</summary>
    private sealed class Search(
        IReadOnlyList<LinkGradientBatch> batches,
        float[][] permuted,
        int[] columns,
        double[] columnNorms,
        int inputs,
        double margin,
        long[] excluded
    )
    {
        /// <summary>Rows summed together: a tile of every sample's inputs stays in L1 across them.</summary>
        public const int GroupRows = 16;

        /// <summary>Columns of a tile (a multiple of the 4-vector block).</summary>
        private const int TileColumns = 64;

        private readonly float[][] _sums = Enumerable
            .Range(0, GroupRows)
            .Select(_ => new float[columns.Length])
            .ToArray();
        private readonly float[][] _values = Enumerable
            .Range(0, GroupRows)
            .Select(_ => new float[batches.Max(b => b.Count)])
            .ToArray();
        private readonly int[][] _samples = Enumerable
            .Range(0, GroupRows)
            .Select(_ => new int[batches.Max(b => b.Count)])
            .ToArray();
        private readonly int[] _counts = new int[GroupRows];
        private readonly int[] _prefixes = new int[GroupRows];

        /// <summary>Sums the pairs of the output <paramref name="rows"/> (descending norm) that can reach the
        /// threshold (the heap's, or <paramref name="shared"/> if higher) and offers the candidates among them; false
        /// once no input can (so no later, smaller row can either).</summary>
        public bool Rows(
            ReadOnlySpan<int> rows,
            double[] norms,
            uint shared,
            LargestMagnitudes heap,
            List<(long Key, float Sum)> found
        )
        {
            uint threshold = Math.Max(shared, heap.Threshold);
            float bound = BitConverter.UInt32BitsToSingle(threshold);
            int widest = 0;
            for (int g = 0; g < rows.Length; g++)
            {
                _prefixes[g] = Prefix(norms[rows[g]], bound);
                widest = Math.Max(widest, _prefixes[g]);
                Array.Clear(_sums[g], 0, _prefixes[g]);
            }
            if (widest == 0)
                return false;
            int width = columns.Length;
            for (int b = 0; b < batches.Count; b++)
            {
                LinkGradientBatch batch = batches[b];
                for (int g = 0; g < rows.Length; g++)
                {
                    int n = 0;
                    for (int s = 0; s < batch.Count; s++)
                    {
                        float d = batch.Dy[rows[g] * batch.Count + s];
                        if (d == 0f)
                            continue;
                        _samples[g][n] = s;
                        _values[g][n++] = d;
                    }
                    _counts[g] = n;
                }
                for (int tile = 0; tile < widest; tile += TileColumns)
                for (int g = 0; g < rows.Length; g++)
                {
                    int end = Math.Min(_prefixes[g], tile + TileColumns);
                    if (end > tile && _counts[g] > 0)
                        AddBatch(_sums[g], permuted[b], width, _samples[g], _values[g], _counts[g], tile, end);
                }
            }
            for (int g = 0; g < rows.Length; g++)
            {
                long rowStart = (long)rows[g] * inputs;
                float[] sums = _sums[g];
                for (int c = 0; c < _prefixes[g]; c++)
                {
                    uint magnitude = Magnitude(sums[c]);
                    if (magnitude < threshold)
                        continue;
                    long key = rowStart + columns[c];
                    if (Array.BinarySearch(excluded, key) >= 0)
                        continue;
                    found.Add((key, sums[c]));
                    heap.Offer(magnitude);
                    threshold = Math.Max(shared, heap.Threshold);
                }
            }
            return true;
        }

        /// <summary>How many columns (largest norm first) have a bound of at least <paramref name="threshold"/>.
        /// </summary>
        private int Prefix(double rowNorm, float threshold)
        {
            int low = 0,
                high = columnNorms.Length;
            while (low < high)
            {
                int middle = low + (high - low) / 2;
                if (rowNorm * columnNorms[middle] * margin >= threshold)
                    low = middle + 1;
                else
                    high = middle;
            }
            return low;
        }
    }

    /// <summary>One batch's sums of a row over its columns [<paramref name="from"/>, <paramref name="to"/>), each from
    /// 0 in sample order, added to <paramref name="total"/>: <see cref="LinkGradientsCpu.Run"/>'s arithmetic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBatch(
        float[] total,
        float[] x,
        int width,
        int[] samples,
        float[] values,
        int count,
        int from,
        int to
    )
    {
        int w = Simd.Width;
        int c = from;
        for (; c + BlockVectors * w <= to; c += BlockVectors * w)
        {
            Vector<float> a0 = Vector<float>.Zero,
                a1 = Vector<float>.Zero,
                a2 = Vector<float>.Zero,
                a3 = Vector<float>.Zero;
            for (int k = 0; k < count; k++)
            {
                var d = new Vector<float>(values[k]);
                int o = samples[k] * width + c;
                a0 = Simd.MulAdd(d, Simd.Load(x, o), a0);
                a1 = Simd.MulAdd(d, Simd.Load(x, o + w), a1);
                a2 = Simd.MulAdd(d, Simd.Load(x, o + 2 * w), a2);
                a3 = Simd.MulAdd(d, Simd.Load(x, o + 3 * w), a3);
            }
            Simd.Store(Simd.Load(total, c) + a0, total, c);
            Simd.Store(Simd.Load(total, c + w) + a1, total, c + w);
            Simd.Store(Simd.Load(total, c + 2 * w) + a2, total, c + 2 * w);
            Simd.Store(Simd.Load(total, c + 3 * w) + a3, total, c + 3 * w);
        }
        for (; c + w <= to; c += w)
        {
            Vector<float> a = Vector<float>.Zero;
            for (int k = 0; k < count; k++)
                a = Simd.MulAdd(new Vector<float>(values[k]), Simd.Load(x, samples[k] * width + c), a);
            Simd.Store(Simd.Load(total, c) + a, total, c);
        }
        for (; c < to; c++)
        {
            float sum = 0f;
            for (int k = 0; k < count; k++)
                sum = Simd.MulAdd(values[k], x[samples[k] * width + c], sum);
            total[c] += sum;
        }
    }
}

/// <summary>The <c>capacity</c> largest magnitudes offered so far (a min-heap): the smallest of them is the
/// threshold a pair must reach to matter.</summary>
internal sealed class LargestMagnitudes(int capacity)
{
    private readonly uint[] _heap = new uint[capacity];
    private int _count;

    /// <summary>The capacity-th largest magnitude offered; 0 until that many were.</summary>
    public uint Threshold => _count < _heap.Length ? 0u : _heap[0];

    public void Offer(uint magnitude)
    {
        if (_count < _heap.Length)
        {
            int i = _count++;
            _heap[i] = magnitude;
            while (i > 0 && _heap[(i - 1) / 2] > _heap[i])
            {
                (_heap[i], _heap[(i - 1) / 2]) = (_heap[(i - 1) / 2], _heap[i]);
                i = (i - 1) / 2;
            }
            return;
        }
        if (magnitude <= _heap[0])
            return;
        _heap[0] = magnitude;
        for (int i = 0; ; )
        {
            int smallest = i,
                left = 2 * i + 1,
                right = left + 1;
            if (left < _count && _heap[left] < _heap[smallest])
                smallest = left;
            if (right < _count && _heap[right] < _heap[smallest])
                smallest = right;
            if (smallest == i)
                return;
            (_heap[i], _heap[smallest]) = (_heap[smallest], _heap[i]);
            i = smallest;
        }
    }

    /// <summary>The <paramref name="rank"/>-th largest of <paramref name="magnitudes"/> (1-based).</summary>
    public static uint Select(IEnumerable<uint> magnitudes, int rank)
    {
        var heap = new LargestMagnitudes(rank);
        foreach (uint m in magnitudes)
            heap.Offer(m);
        return heap.Threshold;
    }
}
