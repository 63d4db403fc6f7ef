using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Tests.LinkPrediction;
using SparseGpu.Topology;

namespace SparseGpu.Tests.Topology;

/// <summary>
/// `--method chts`'s growth (<see cref="SoftRegrowth"/>) through its request and the editor: with enough candidates
/// of positive score it draws exactly the proportional sample of the reference scores from the first number of the
/// layer's regrowth stream; with too few it takes them all and draws the rest uniformly (counted at random), with
/// none every link is random; and the predictor it is given decides the links.
/// </summary>
public sealed class ChtsMethodTests
{
    public static TheoryData<string> Predictors() => [.. LinkPredictionMethods.Names];

    /// <summary>Every candidate of positive score by the predictor's literal definition.</summary>
    private static List<ScoredLink> Positives(string predictor, LayerTopology t, long[] excluded) =>
        predictor == LinkPredictionMethods.Ch3L3
            ? Ch3L3Reference.All(t, excluded)
            : CannistraciHebbReference.All(predictor, t, excluded);

    private static ITopologyMethod Chts(string? predictor) =>
        TopologyMethods.Get(ChtsMethod.MethodName, SignalSources.Host with { Predictor = predictor });

    [Theory]
    [MemberData(nameof(Predictors))]
    public void With_enough_positive_candidates_the_links_are_the_proportional_sample_of_their_scores(string predictor)
    {
        LayerTopology t = BipartiteGraphs.Random(40, 35, 0.15, seed: 8, isolated: 0);
        long[] excluded = t.Keys();
        List<ScoredLink> positive = Positives(predictor, t, excluded);
        Assert.True(positive.Count > 100, $"{positive.Count} candidates score above zero");

        RegrowthChoice choice = new SoftRegrowth(predictor).Choose(new RegrowthRequest(t, excluded, 25, new Rng(5), 0));

        long[] expected = ProportionalSampler.Sample(positive.ToArray(), 25, new Rng(5).NextUInt64());
        Assert.Equal((25, 0), (choice.ByScore, choice.AtRandom));
        Assert.Equal(expected, choice.Keys.Order());
        Assert.Null(choice.Weights);
    }

    [Theory]
    [MemberData(nameof(Predictors))]
    public void With_too_few_positive_candidates_all_are_taken_and_the_rest_drawn_at_random(string predictor)
    {
        // CH3-L3's worked example inside a larger layer: only a few absent links lie on paths of length 3.
        var sparse = LayerTopology.FromLinks(10, 8, [(0, 0), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2), (3, 2)]);
        long[] excluded = sparse.Keys();
        long[] positive = Positives(predictor, sparse, excluded).Select(l => l.Key).ToArray();
        Assert.InRange(positive.Length, 1, 19);

        RegrowthChoice choice = new SoftRegrowth(predictor).Choose(
            new RegrowthRequest(sparse, excluded, 20, new Rng(3), 0)
        );

        Assert.Equal((positive.Length, 20 - positive.Length), (choice.ByScore, choice.AtRandom));
        Assert.Equal(20, choice.Keys.Distinct().Count());
        Assert.Subset(choice.Keys.ToHashSet(), positive.ToHashSet());
        Assert.All(choice.Keys, k => Assert.DoesNotContain(k, excluded));
        Assert.All(choice.Keys, k => Assert.InRange(k, 0, sparse.PossibleLinks - 1));
    }

    [Theory]
    [MemberData(nameof(Predictors))]
    public void With_no_positive_candidate_every_link_is_drawn_uniformly(string predictor)
    {
        // A matching has no path of length 3 between an absent pair: every score is zero.
        var matching = LayerTopology.FromLinks(6, 6, [(0, 0), (1, 1), (2, 2)]);
        Assert.Empty(Positives(predictor, matching, matching.Keys()));

        RegrowthChoice choice = new SoftRegrowth(predictor).Choose(
            new RegrowthRequest(matching, matching.Keys(), 5, new Rng(9), 0)
        );

        Assert.Equal((0, 5), (choice.ByScore, choice.AtRandom));
        Assert.Equal(5, choice.Keys.Distinct().Count());
        Assert.All(choice.Keys, k => Assert.DoesNotContain(k, matching.Keys()));
    }

    [Fact]
    public void The_editor_counts_the_fallback_as_regrown_at_random()
    {
        // A 12 × 10 layer with 10 links: removing ζ = 0.3 leaves 7, on few paths of length 3.
        Layer layer = NetworkFactory.Create(new NetworkShape(12, [10], 2, 10 / 120.0), 4).Layers[0];
        long[] before = layer.Topology.Keys();
        LayerEdit edit = TopologyEditor.Apply(layer, 0.3, Chts(null), seed: 1, epoch: 1, layerIndex: 0);
        var afterRemoval = LayerTopology.FromSortedKeys(12, 10, before.Except(edit.RemovedKeys).Order().ToArray());
        int positive = Positives(ChtsMethod.DefaultPredictor, afterRemoval, before).Count;

        Assert.Equal(edit.Removed, edit.Regrown);
        Assert.Equal(Math.Min(positive, edit.Removed), edit.RegrownByScore);
        Assert.Equal(edit.Removed - edit.RegrownByScore, edit.RegrownAtRandom);
        Assert.True(edit.RegrownAtRandom > 0, $"{positive} positive candidates for {edit.Removed} links");
    }

    [Fact]
    public void The_predictor_decides_the_links_and_none_given_is_ch3l3n()
    {
        Layer Fresh() => NetworkFactory.Create(new NetworkShape(60, [50], 2, 0.1), 4).Layers[0];
        long[] Added(string? predictor) =>
            TopologyEditor.Apply(Fresh(), 0.3, Chts(predictor), seed: 2, epoch: 1, layerIndex: 0).AddedKeys;

        long[] ch3l3 = Added(LinkPredictionMethods.Ch3L3);
        long[] ch2l3n = Added(LinkPredictionMethods.Ch2L3n);
        Assert.NotEqual(ch3l3, ch2l3n);
        Assert.Equal(Added(LinkPredictionMethods.Ch3L3n), Added(null));
        Assert.NotEqual(Added(LinkPredictionMethods.Ch3L3n), ch3l3);
        Assert.Equal(ch3l3.Length, ch2l3n.Length);
    }

    [Fact]
    public void An_unknown_predictor_is_refused_when_the_method_is_built()
    {
        var e = Assert.Throws<InvalidSettingException>(() => Chts("ch4l3"));
        Assert.Contains("'ch4l3' is not valid; valid: ch3l3, ch3l3n, ch2l3, ch2l3n", e.Message);
    }
}
