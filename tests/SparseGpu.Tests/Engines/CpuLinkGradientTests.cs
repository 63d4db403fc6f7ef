using SparseGpu.Common;
using SparseGpu.Engines.Cpu;
using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// The fast CPU path's gradients of candidate links (RigL's growth signal), bit for bit against their definition in
/// single precision: each batch's entry summed over the samples in ascending order, one multiply-add each from 0,
/// skipping samples whose dy is exactly 0, then added to the key's sum. The conformance suite checks the values
/// against the reference within a tolerance; this pins the order, so that a faster loop cannot change which links
/// RigL grows.
/// </summary>
public class CpuLinkGradientTests
{
    private const int Batch = 17;

    // 150 inputs: two blocks of 8 vectors, then two single vectors and a scalar tail of 6 with AVX2.
    private const int Inputs = 150;
    private const int Outputs = 23;

    [Fact]
    public void The_blocked_sums_equal_the_sample_ordered_multiply_adds_bit_for_bit_however_the_outputs_split()
    {
        var rng = new Rng(7);
        // Present links at random; output 4 has every position present (no candidate), output 9 only one candidate.
        var present = new List<long>();
        for (int j = 0; j < Outputs; j++)
        for (int i = 0; i < Inputs; i++)
            if (j == 4 || (j == 9 && i != 77) || (j is not (4 or 9) && rng.NextDouble() < 0.1))
                present.Add((long)j * Inputs + i);
        var topology = LayerTopology.FromSortedKeys(Inputs, Outputs, present.ToArray());
        long[] candidates = Enumerable.Range(0, Inputs * Outputs).Select(k => (long)k).Except(present).ToArray();

        var batches = new List<(AlignedRows X, AlignedRows Dy)>();
        for (int b = 0; b < 2; b++)
        {
            AlignedRows x = new(Inputs * Batch),
                dy = new(Outputs * Batch);
            for (int v = 0; v < Inputs * Batch; v++)
                x[v] = rng.NextDouble() < 0.4 ? 0f : (float)rng.NextDouble(); // ReLU outputs: zeros and positives
            for (int v = 0; v < Outputs * Batch; v++)
                dy[v] = rng.NextDouble() < 0.5 ? 0f : (float)(0.1 * rng.NextGaussian());
            for (int s = 0; s < Batch; s++)
                dy[2 * Batch + s] = 0f; // output 2: every ReLU shut
            batches.Add((x, dy));
        }

        float[] expected = new float[candidates.Length];
        for (int c = 0; c < candidates.Length; c++)
        {
            (int i, int j) = topology.LinkOfKey(candidates[c]);
            foreach ((AlignedRows x, AlignedRows dy) in batches)
            {
                float sum = 0f;
                for (int s = 0; s < Batch; s++)
                    if (dy[j * Batch + s] != 0f)
                        sum = Simd.MulAdd(dy[j * Batch + s], x[i * Batch + s], sum);
                expected[c] += sum;
            }
        }

        bool[] hasCandidates = Enumerable.Range(0, Outputs).Select(j => j != 4).ToArray();
        foreach (int[] split in new[] { new[] { 0, Outputs }, new[] { 0, 9, 10, Outputs } })
        {
            float[] total = new float[Inputs * Outputs];
            float[] transposed = new float[Inputs * Batch];
            foreach ((AlignedRows x, AlignedRows dy) in batches)
            {
                LinkGradientsCpu.Transpose(x, Inputs, Batch, transposed, 0, Inputs);
                float[] gradients = dy.AsSpan(0, Outputs * Batch).ToArray();
                for (int part = 0; part + 1 < split.Length; part++)
                    LinkGradientsCpu.Run(
                        total,
                        hasCandidates,
                        transposed,
                        Inputs,
                        gradients,
                        Batch,
                        split[part],
                        split[part + 1]
                    );
            }
            Assert.Equal(expected, candidates.Select(k => total[k]).ToArray());
        }
        foreach (int threads in new[] { 1, 2 })
        {
            using var splitter = new WorkSplitter(threads);
            var sums = new CpuLinkGradients(topology, null, splitter);
            foreach ((AlignedRows x, AlignedRows dy) in batches)
            {
                float[] transposed = new float[Inputs * Batch];
                LinkGradientsCpu.Transpose(x, Inputs, Batch, transposed, 0, Inputs);
                sums.Add(transposed, dy.AsSpan(0, Outputs * Batch).ToArray(), Batch);
            }
            Assert.Equal(candidates, sums.Keys); // the layer's absent links, built when read
            Assert.Equal(expected, sums.Read());
        }
    }

    /// <summary>
    /// The leaders the Cauchy–Schwarz bound leaves to sum hold every candidate down to the count-th largest |sum|,
    /// ties at that boundary included, with the very sums of the full table; so RigL's choice from them is the
    /// choice from the full table. Columns of equal inputs plant ties; zero inputs and shut outputs give zero norms;
    /// one trial in three has signed inputs, where the bound by δ's positive and negative parts does not hold.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_leaders_hold_every_candidate_down_to_the_boundary_with_the_full_tables_sums(int threads)
    {
        var rng = new Rng(21);
        using var splitter = new WorkSplitter(threads);
        for (int trial = 0; trial < 40; trial++)
        {
            int inputs = 5 + rng.NextInt(60),
                outputs = 3 + rng.NextInt(40),
                batch = 1 + rng.NextInt(9),
                batches = 1 + rng.NextInt(3);
            long[] present = Enumerable
                .Range(0, inputs * outputs)
                .Where(_ => rng.NextDouble() < 0.1)
                .Select(k => (long)k)
                .ToArray();
            var topology = LayerTopology.FromSortedKeys(inputs, outputs, present);
            var sums = new CpuLinkGradients(topology, null, splitter);
            for (int b = 0; b < batches; b++)
            {
                float[] x = new float[batch * inputs];
                for (int s = 0; s < batch; s++)
                for (int i = 0; i < inputs; i++)
                    x[s * inputs + i] =
                        i % 7 == 3 ? 0f // an input that never fires
                        : i % 5 == 1 ? x[s * inputs + i - 1] // a copy of its neighbour: ties
                        : rng.NextDouble() < 0.3 ? 0f
                        : (float)rng.NextDouble() - (trial % 3 == 0 ? 0.5f : 0f); // some: signed inputs
                float[] dy = new float[outputs * batch];
                for (int v = 0; v < dy.Length; v++)
                    dy[v] = v / batch % 6 == 2 || rng.NextDouble() < 0.4 ? 0f : (float)(0.1 * rng.NextGaussian());
                sums.Add(x, dy, batch);
            }
            float[] full = sums.Read();
            Dictionary<long, float> byKey = sums.Keys.Zip(full).ToDictionary(p => p.First, p => p.Second);
            long[] candidates = sums.Keys;
            foreach (int count in new[] { 1, 2, 1 + rng.NextInt(candidates.Length), candidates.Length })
            {
                LinkGradientTable leaders = sums.Leaders(present, count);
                Assert.True(leaders.Keys.Zip(leaders.Keys.Skip(1)).All(p => p.First < p.Second));
                foreach ((long key, float sum) in leaders.Keys.Zip(leaders.Gradients))
                    Assert.Equal(BitConverter.SingleToInt32Bits(byKey[key]), BitConverter.SingleToInt32Bits(sum));
                uint boundary = candidates
                    .Select(k => LinkGradientLeadersCpu.Magnitude(byKey[k]))
                    .OrderDescending()
                    .ElementAt(count - 1);
                long[] needed = candidates.Where(k => LinkGradientLeadersCpu.Magnitude(byKey[k]) >= boundary).ToArray();
                Assert.Empty(needed.Except(leaders.Keys));
                long[] ranks = leaders.Keys.Select(k => (long)Array.BinarySearch(candidates, k)).ToArray();
                bool[] fromLeaders = MagnitudeOrder.Largest(leaders.Gradients, ranks, count, new Rng(5));
                long[] all = Enumerable.Range(0, candidates.Length).Select(c => (long)c).ToArray();
                bool[] fromAll = MagnitudeOrder.Largest(full, all, count, new Rng(5));
                Assert.Equal(
                    candidates.Where((_, c) => fromAll[c]).ToArray(),
                    leaders.Keys.Where((_, t) => fromLeaders[t]).ToArray()
                );
            }
        }
    }

    [Fact]
    public void Keys_out_of_order_or_outside_the_layer_are_refused()
    {
        var topology = LayerTopology.FromSortedKeys(3, 2, [0]);
        using var splitter = new WorkSplitter(1);
        Assert.Throws<ArgumentException>(() => new CpuLinkGradients(topology, [2, 1], splitter));
        Assert.Throws<ArgumentException>(() => new CpuLinkGradients(topology, [1, 6], splitter));
        Assert.Throws<ArgumentException>(() => new CpuLinkGradients(topology, [-1], splitter));
    }
}
