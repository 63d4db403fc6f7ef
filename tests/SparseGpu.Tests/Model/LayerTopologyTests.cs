using SparseGpu.Model;

namespace SparseGpu.Tests.Model;

public sealed class LayerTopologyTests
{
    private static readonly LayerTopology Example = LayerTopology.FromLinks(
        4,
        3,
        [(0, 0), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2), (3, 2)]
    );

    [Fact]
    public void Links_are_grouped_by_output_with_ascending_inputs()
    {
        Assert.Equal([0, 2, 4, 7], Example.RowOffsets.ToArray());
        Assert.Equal([0, 1, 0, 2, 1, 2, 3], Example.Columns.ToArray());
        Assert.Equal([0, 0, 1, 1, 2, 2, 2], Example.Rows.ToArray());
        Assert.Equal(Example.Keys().Order().ToArray(), Example.Keys());
    }

    [Fact]
    public void The_transpose_index_lists_each_inputs_links_by_ascending_output()
    {
        Assert.Equal([0, 2, 4, 6, 7], Example.TransposeOffsets.ToArray());
        for (int input = 0; input < Example.Inputs; input++)
        {
            var outputs = new List<int>();
            for (int p = Example.TransposeOffsets[input]; p < Example.TransposeOffsets[input + 1]; p++)
            {
                int link = Example.TransposeLinks[p];
                Assert.Equal(input, Example.Columns[link]);
                Assert.Equal(Example.Rows[link], Example.TransposeRows[p]);
                outputs.Add(Example.TransposeRows[p]);
            }
            Assert.Equal(outputs.Order(), outputs);
        }
    }

    [Fact]
    public void Degrees_membership_and_keys_agree()
    {
        Assert.Equal([2, 2, 3], Enumerable.Range(0, 3).Select(Example.InDegree));
        Assert.Equal([2, 2, 2, 1], Enumerable.Range(0, 4).Select(Example.OutDegree));
        Assert.True(Example.Contains(3, 2));
        Assert.False(Example.Contains(3, 0));
        Assert.Equal(-1, Example.FindLink(0, 2));
        for (int link = 0; link < Example.LinkCount; link++)
            Assert.Equal((Example.Columns[link], Example.Rows[link]), Example.LinkOfKey(Example.KeyOf(link)));
    }

    [Fact]
    public void Duplicate_or_out_of_range_links_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LayerTopology.FromLinks(2, 2, [(0, 1), (0, 1)]));
        Assert.Throws<ArgumentException>(() => LayerTopology.FromLinks(2, 2, [(2, 0)]));
        Assert.Throws<ArgumentException>(() => LayerTopology.FromSortedKeys(2, 2, [3, 1]));
    }

    [Fact]
    public void Dense_holds_every_link()
    {
        var dense = LayerTopology.Dense(5, 3);
        Assert.Equal(15, dense.LinkCount);
        Assert.All(Enumerable.Range(0, 3), j => Assert.Equal(5, dense.InDegree(j)));
    }
}
