using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Tests.LinkPrediction;
using SparseGpu.Topology;

namespace SparseGpu.Tests.Topology;

public sealed class Ch3L3RegrowthTests
{
    [Fact]
    public void The_highest_scoring_candidates_are_regrown_first()
    {
        LayerTopology t = BipartiteGraphs.Random(40, 35, 0.15, seed: 8, isolated: 0);
        long[] excluded = t.Keys();
        var choice = new Ch3L3Regrowth().Choose(new RegrowthRequest(t, excluded, 25, new Rng(5), 0));

        ulong tieSeed = new Rng(5).NextUInt64();
        var expected = Ch3L3Reference
            .All(t, excluded)
            .OrderBy(l => l, Comparer<ScoredLink>.Create(LinkRanking.Seeded(tieSeed).Compare))
            .Take(25)
            .Select(l => l.Key)
            .Order();
        Assert.Equal(25, choice.ByScore);
        Assert.Equal(0, choice.AtRandom);
        Assert.Equal(expected, choice.Keys.Order());
    }

    [Fact]
    public void When_too_few_candidates_score_the_rest_are_drawn_at_random()
    {
        // The worked example inside a larger layer: only its five absent links have paths.
        var sparse = LayerTopology.FromLinks(10, 8, [(0, 0), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2), (3, 2)]);
        int positive = Ch3L3Reference.All(sparse, sparse.Keys()).Count;
        Assert.Equal(5, positive);
        var choice = new Ch3L3Regrowth().Choose(new RegrowthRequest(sparse, sparse.Keys(), 20, new Rng(3), 0));
        Assert.Equal((5, 15), (choice.ByScore, choice.AtRandom));
        Assert.Equal(20, choice.Keys.Distinct().Count());
        Assert.All(choice.Keys, k => Assert.DoesNotContain(k, sparse.Keys()));
    }

    [Fact]
    public void The_editor_reports_links_regrown_by_score_and_at_random()
    {
        Network network = NetworkFactory.Create(new NetworkShape(60, [50], 2, 0.1), 4);
        Layer layer = network.Layers[0];
        LayerEdit edit = TopologyEditor.Apply(
            layer,
            0.3,
            new Ch3L3Method(SignalSources.Host),
            seed: 1,
            epoch: 2,
            layerIndex: 0
        );
        Assert.Equal(edit.Removed, edit.RegrownByScore + edit.RegrownAtRandom);
        Assert.True(edit.RegrownByScore > 0);
    }
}
