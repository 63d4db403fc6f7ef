using SparseGpu.Common;
using SparseGpu.Engines.Cpu;
using SparseGpu.Model;

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

        foreach (int[] split in new[] { new[] { 0, Outputs }, new[] { 0, 9, 10, Outputs } })
        {
            var sums = new CpuLinkGradients(topology, candidates);
            float[] transposed = new float[Inputs * Batch];
            foreach ((AlignedRows x, AlignedRows dy) in batches)
            {
                LinkGradientsCpu.Transpose(x, Inputs, Batch, transposed, 0, Inputs);
                for (int part = 0; part + 1 < split.Length; part++)
                    LinkGradientsCpu.Run(sums, transposed, Inputs, dy, Batch, split[part], split[part + 1]);
            }
            Assert.Equal(expected, sums.Read());
        }
    }

    [Fact]
    public void Keys_out_of_order_or_outside_the_layer_are_refused()
    {
        var topology = LayerTopology.FromSortedKeys(3, 2, [0]);
        Assert.Throws<ArgumentException>(() => new CpuLinkGradients(topology, [2, 1]));
        Assert.Throws<ArgumentException>(() => new CpuLinkGradients(topology, [1, 6]));
        Assert.Throws<ArgumentException>(() => new CpuLinkGradients(topology, [-1]));
    }
}
