using SparseGpu.Common;
using SparseGpu.Engines.Cpu;
using SparseGpu.Model;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// The fast CPU path's blocked forward loop, which serves layers with rows too long for the cache (the dense read-out
/// of a wide network): the conformance catalogue's layers are too small to take it, so it is checked here on a layer
/// that does, against the plain loop bit for bit and against the reference.
/// </summary>
public class BlockedForwardTests
{
    private const int Batch = 32;
    private const int Inputs = 4500; // 4,500 rows of 128 bytes outgrow L2 (the loop's condition); three blocks
    private const int Outputs = 19; // one full group of 16 outputs and a partial one

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Blocked_forward_equals_the_plain_loop_bit_for_bit_and_the_reference(bool relu)
    {
        Layer layer = LongRowLayer(relu);
        var cpu = new CpuLayer(layer);
        Assert.True(SparseForwardCpu.PrefersBlocked(cpu, Batch));
        AlignedRows x = ForwardLayers.RandomRows(Inputs * Batch, seed: 3);

        AlignedRows plain = new(Outputs * Batch),
            blocked = new(Outputs * Batch),
            split = new(Outputs * Batch);
        SparseForwardCpu.Run(cpu, x, plain, Batch, 0, Outputs);
        SparseForwardCpu.RunBlocked(cpu, x, blocked, 0, Outputs);
        // As two threads would split it: group boundaries move, results must not.
        SparseForwardCpu.RunBlocked(cpu, x, split, 0, 7);
        SparseForwardCpu.RunBlocked(cpu, x, split, 7, Outputs);
        float[] expectedBits = plain.AsSpan(0, Outputs * Batch).ToArray();
        Assert.Equal(expectedBits, blocked.AsSpan(0, Outputs * Batch).ToArray());
        Assert.Equal(expectedBits, split.AsSpan(0, Outputs * Batch).ToArray());

        ForwardLayers.AssertMatchesReference(layer, x, Inputs, Outputs, Batch, expectedBits, "blocked forward");
    }

    [Fact]
    public void Only_long_rows_over_a_large_input_at_batch_32_take_the_blocked_loop()
    {
        var wide = new CpuLayer(LongRowLayer(relu: false));
        Assert.False(SparseForwardCpu.PrefersBlocked(wide, 31));
        Assert.False(SparseForwardCpu.PrefersBlocked(wide, 64));
        // The default network's read-out: 1,000 inputs, 128 KB at batch 32, stay in L2 anyway.
        var defaultReadout = new CpuLayer(ForwardLayers.WithParameters(LayerTopology.Dense(1000, 10), relu: false));
        Assert.False(SparseForwardCpu.PrefersBlocked(defaultReadout, Batch));
        // A wide sparse layer: large input array, short rows.
        var sparse = new CpuLayer(
            ForwardLayers.WithParameters(
                LayerTopology.FromLinks(
                    100_000,
                    1000,
                    Enumerable.Range(0, 10_000).Select(l => (l * 7919 % 100_000, l % 1000))
                ),
                relu: true
            )
        );
        Assert.False(SparseForwardCpu.PrefersBlocked(sparse, Batch));
    }

    /// <summary>Rows of ~70% of the inputs; output 3 skips the whole second block, output 5 has no links, output 8 only
    /// the last input: each output resumes its row at a different place in each block.</summary>
    private static Layer LongRowLayer(bool relu)
    {
        var rng = new Rng(11);
        var links = new List<(int, int)>();
        for (int j = 0; j < Outputs; j++)
        for (int i = 0; i < Inputs; i++)
        {
            bool keep = j switch
            {
                3 => (i < 2048 || i >= 4096) && rng.NextDouble() < 0.9,
                5 => false,
                8 => i == Inputs - 1,
                _ => rng.NextDouble() < 0.7,
            };
            if (keep)
                links.Add((i, j));
        }
        return ForwardLayers.WithParameters(LayerTopology.FromLinks(Inputs, Outputs, links), relu);
    }
}
