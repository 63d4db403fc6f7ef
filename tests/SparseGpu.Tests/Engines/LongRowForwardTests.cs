using SparseGpu.Common;
using SparseGpu.Engines.Cpu;
using SparseGpu.Model;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// The fast CPU path's loops for long rows (two outputs side by side): bit for bit the plain loop's results, on an
/// odd number of outputs, rows of unequal length either way round, empty rows, and under any split of the rows
/// between threads; and the reference's within tolerance.
/// </summary>
public class LongRowForwardTests
{
    private const int Batch = 32;
    private const int Inputs = 137;
    private const int Outputs = 11; // five pairs and an output left alone

    public static TheoryData<bool, bool> Cases =>
        new()
        {
            { true, true },
            { true, false },
            { false, true },
            { false, false },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Long_row_forward_equals_the_plain_loop_bit_for_bit_and_the_reference(bool dense, bool relu)
    {
        Layer layer = ForwardLayers.WithParameters(dense ? LayerTopology.Dense(Inputs, Outputs) : Ragged(), relu);
        var cpu = new CpuLayer(layer);
        Assert.Equal(dense, LongRowForwardCpu.ServesDense(cpu, Batch));
        Assert.True(LongRowForwardCpu.ServesLongRows(cpu, Batch));
        AlignedRows x = ForwardLayers.RandomRows(Inputs * Batch, seed: 3);
        void Loop(AlignedRows y, int start, int end)
        {
            if (dense)
                LongRowForwardCpu.RunDense(cpu, x, y, start, end);
            else
                LongRowForwardCpu.RunPaired(cpu, x, y, start, end);
        }

        AlignedRows plain = new(Outputs * Batch),
            paired = new(Outputs * Batch),
            split = new(Outputs * Batch);
        SparseForwardCpu.Run(cpu, x, plain, Batch, 0, Outputs);
        Loop(paired, 0, Outputs);
        // As two threads would split it: a part may start on an odd output.
        Loop(split, 0, 3);
        Loop(split, 3, Outputs);
        float[] expectedBits = plain.AsSpan(0, Outputs * Batch).ToArray();
        Assert.Equal(expectedBits, paired.AsSpan(0, Outputs * Batch).ToArray());
        Assert.Equal(expectedBits, split.AsSpan(0, Outputs * Batch).ToArray());

        ForwardLayers.AssertMatchesReference(layer, x, Inputs, Outputs, Batch, expectedBits, "long-row forward");
    }

    [Fact]
    public void Only_long_rows_at_batch_32_take_the_paired_loops_and_only_dense_layers_the_shared_one()
    {
        var dense = new CpuLayer(ForwardLayers.WithParameters(LayerTopology.Dense(Inputs, Outputs), relu: true));
        Assert.False(LongRowForwardCpu.ServesDense(dense, 31));
        Assert.False(LongRowForwardCpu.ServesLongRows(dense, 64));
        // One link short of dense: its rows no longer list every input.
        var almost = new CpuLayer(
            ForwardLayers.WithParameters(
                LayerTopology.FromLinks(Inputs, Outputs, DenseLinks().Where(l => l != (5, 7))),
                relu: true
            )
        );
        Assert.False(LongRowForwardCpu.ServesDense(almost, Batch));
        Assert.True(LongRowForwardCpu.ServesLongRows(almost, Batch));
        // The default network's sparse layers: ten links per output.
        var sparse = new CpuLayer(
            ForwardLayers.WithParameters(
                LayerTopology.FromLinks(1000, 1000, Enumerable.Range(0, 10_000).Select(l => (l * 7919 % 1000, l / 10))),
                relu: true
            )
        );
        Assert.False(LongRowForwardCpu.ServesLongRows(sparse, Batch));
    }

    private static IEnumerable<(int, int)> DenseLinks() =>
        Enumerable.Range(0, Outputs).SelectMany(j => Enumerable.Range(0, Inputs).Select(i => (i, j)));

    /// <summary>Rows of ~80% of the inputs, except output 2 (empty, its partner 3 full), output 4 (one link, shorter
    /// than its partner 5) and output 9 (a third, so the first row of its pair is the longer); split at output 3,
    /// the pairs change and so do which row is the longer.</summary>
    private static LayerTopology Ragged()
    {
        var rng = new Rng(11);
        var links = DenseLinks()
            .Where(l =>
                l.Item2 switch
                {
                    2 => false,
                    3 => true,
                    4 => l.Item1 == 70,
                    9 => rng.NextDouble() < 0.33,
                    _ => rng.NextDouble() < 0.8,
                }
            )
            .ToList();
        return LayerTopology.FromLinks(Inputs, Outputs, links);
    }
}
