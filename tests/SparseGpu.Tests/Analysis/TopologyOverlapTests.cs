using SparseGpu.Analysis;
using SparseGpu.Model;

namespace SparseGpu.Tests.Analysis;

public sealed class TopologyOverlapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Jaccard_matches_set_arithmetic(int seed)
    {
        HandLayer a = HandBuiltNetworks.Random([20, 15, 2], 0.2, seed)[0],
            b = HandBuiltNetworks.Random([20, 15, 2], 0.2, seed + 100)[0];
        var setA = a.Links.Select(l => (l.Input, l.Output)).ToHashSet();
        var setB = b.Links.Select(l => (l.Input, l.Output)).ToHashSet();
        double expected = (double)setA.Intersect(setB).Count() / setA.Union(setB).Count();
        LayerTopology ta = LayerTopology.FromLinks(20, 15, setA),
            tb = LayerTopology.FromLinks(20, 15, setB);
        Assert.Equal(expected, TopologyOverlap.Jaccard(ta, tb), 12);
        Assert.Equal(setA.Intersect(setB).Count(), TopologyOverlap.Common(ta, tb));
        Assert.Equal(1.0, TopologyOverlap.Jaccard(ta, ta));
    }

    [Fact]
    public void Hand_worked_jaccard_and_shape_mismatch()
    {
        var a = LayerTopology.FromLinks(3, 3, [(0, 0), (1, 1), (2, 2)]);
        var b = LayerTopology.FromLinks(3, 3, [(0, 0), (1, 1), (0, 2), (1, 2)]);
        Assert.Equal(2.0 / 5, TopologyOverlap.Jaccard(a, b), 12);
        var other = LayerTopology.FromLinks(3, 4, [(0, 0)]);
        Assert.Equal(
            "cannot compare a 3x3 layer with a 3x4 layer",
            Assert.Throws<SparseGpuException>(() => TopologyOverlap.Jaccard(a, other)).Message
        );
    }
}
