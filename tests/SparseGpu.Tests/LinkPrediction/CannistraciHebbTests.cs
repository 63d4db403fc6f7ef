using SparseGpu.Engines;
using SparseGpu.Engines.Reference;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.LinkPrediction;

/// <summary>CH3-L3n, CH2-L3n and CH2-L3: the fast path (the row body the kernel also runs) against the definitions
/// written literally (<see cref="CannistraciHebbReference"/>) and against the worked example of the
/// README.</summary>
public sealed class CannistraciHebbTests
{
    private static readonly Tolerance Relative = new(1e-12, 1e-12);

    public static readonly string[] Methods =
    [
        LinkPredictionMethods.Ch3L3n,
        LinkPredictionMethods.Ch2L3n,
        LinkPredictionMethods.Ch2L3,
    ];

    public static TheoryData<string, string> GraphsAndMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (string graph in BipartiteGraphs.Catalogue.Keys)
        foreach (string method in Methods)
            data.Add(graph, method);
        return data;
    }

    // The worked example of src/SparseGpu.Cli/README.md (linkpred), design.md's layer: by hand there.
    [Theory]
    [InlineData(0, 2, 4.0, 8.0, 4.0)]
    [InlineData(1, 1, 3.5, 7.0, 3.41421356237309515)]
    [InlineData(2, 0, 3.5, 7.0, 3.41421356237309515)]
    [InlineData(3, 0, 1.5, 3.0, 1.41421356237309515)]
    [InlineData(3, 1, 1.5, 3.0, 1.41421356237309515)]
    public void The_worked_example_scores_as_on_paper(int input, int output, double ch3l3n, double ch2l3n, double ch2l3)
    {
        LayerTopology t = BipartiteGraphs.WorkedExample();
        foreach (
            var (method, expected) in new[]
            {
                (LinkPredictionMethods.Ch3L3n, ch3l3n),
                (LinkPredictionMethods.Ch2L3n, ch2l3n),
                (LinkPredictionMethods.Ch2L3, ch2l3),
            }
        )
        {
            string what = $"{method} ({input},{output})";
            AssertClose.Value(expected, CannistraciHebbReference.Score(method, t, input, output), Relative, what);
            ScoredLink fast = CannistraciHebbCpu.All(method, t, []).Single(l => l.Key == t.Key(input, output));
            AssertClose.Value(expected, fast.Score, Relative, $"fast path {what}");
        }
    }

    [Theory]
    [MemberData(nameof(GraphsAndMethods))]
    public void The_fast_path_matches_the_brute_force_definition(string graph, string method)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        var expected = CannistraciHebbReference.All(method, t, []).OrderBy(l => l.Key).ToList();
        var actual = CannistraciHebbCpu.All(method, t, []).OrderBy(l => l.Key).ToList();
        Assert.Equal(expected.Select(l => l.Key), actual.Select(l => l.Key));
        AssertClose.All(
            expected.Select(l => l.Score).ToList(),
            actual.Select(l => l.Score).ToList(),
            Relative,
            $"{graph} {method} scores"
        );
    }

    [Theory]
    [MemberData(nameof(GraphsAndMethods))]
    public void Every_predictor_scores_the_absent_links_that_close_a_path_of_length_three(string graph, string method)
    {
        // The community is empty exactly when CH3-L3 has no path: all four predictors score the same links.
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        Assert.Equal(
            Ch3L3Reference.All(t, []).Select(l => l.Key).Order(),
            CannistraciHebbCpu.All(method, t, []).Select(l => l.Key).Order()
        );
    }

    [Theory]
    [MemberData(nameof(GraphsAndMethods))]
    public void Excluded_links_are_never_candidates_and_the_rest_keep_their_scores(string graph, string method)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        var all = CannistraciHebbCpu.All(method, t, []).ToDictionary(l => l.Key, l => l.Score);
        long[] excluded = all.Keys.Order().Where((_, i) => i % 3 == 0).ToArray();
        var remaining = CannistraciHebbCpu.All(method, t, excluded).OrderBy(l => l.Key).ToList();
        Assert.Equal(all.Keys.Except(excluded).Order(), remaining.Select(l => l.Key));
        Assert.All(remaining, l => Assert.Equal(all[l.Key], l.Score));
    }

    [Theory]
    [MemberData(nameof(GraphsAndMethods))]
    public void The_best_links_follow_the_ranking_on_one_or_many_threads(string graph, string method)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        List<ScoredLink> all = CannistraciHebbCpu.All(method, t, []);
        var ranking = LinkRanking.Seeded(42);
        int count = Math.Max(1, all.Count / 2);
        ScoredLink[] expected = all.OrderBy(l => l, Comparer<ScoredLink>.Create(ranking.Compare)).Take(count).ToArray();
        Assert.Equal(expected, new CannistraciHebbCpu(method, threads: 1).Best(t, [], count, ranking));
        Assert.Equal(expected, new CannistraciHebbCpu(method, threads: 3).Best(t, [], count, ranking));
        Assert.Equal(expected, LinkScorers.FastCpu(method, threads: 2).Best(t, [], count, ranking));
    }

    [Fact]
    public void The_node_based_scores_differ_from_the_path_based_ones_where_a_node_lies_on_several_paths()
    {
        // Input 0 is linked to outputs 1 and 2, both linked to input 1, so the candidate (input 1, output 0) has
        // the paths v0–a0–b1–u1 and v0–a0–b2–u1 through the one input 0: CH3-L3 counts a0 twice, CH3-L3n once.
        var t = LayerTopology.FromLinks(2, 3, [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2)]);
        // i(a=0) = 2, deg 3 → 1+e = 1; each b ∈ {1, 2}: i = 1, deg 2 → 1+e = 1.
        Assert.Equal(3.0, CannistraciHebbReference.Score(LinkPredictionMethods.Ch3L3n, t, 1, 0));
        Assert.Equal(2.0, Ch3L3Reference.Score(t, 1, 0)); // one term per path
        Assert.Equal(3.0 + 2 + 2, CannistraciHebbReference.Score(LinkPredictionMethods.Ch2L3n, t, 1, 0));
        Assert.Equal(2 * Math.Sqrt(3.0 * 2), CannistraciHebbReference.Score(LinkPredictionMethods.Ch2L3, t, 1, 0));
        foreach (string method in Methods)
            Assert.Equal(
                CannistraciHebbReference.Score(method, t, 1, 0),
                CannistraciHebbCpu.All(method, t, []).Single().Score,
                1e-15
            );
    }

    [Fact]
    public void A_complete_bipartite_layer_has_no_candidates()
    {
        var complete = LayerTopology.Dense(6, 5);
        foreach (string method in Methods)
        {
            Assert.Empty(CannistraciHebbReference.All(method, complete, []));
            Assert.Empty(new CannistraciHebbCpu(method).Best(complete, [], 10, LinkRanking.Seeded(1)));
        }
    }

    [Fact]
    public void Names_are_case_insensitive_and_an_unknown_one_is_refused()
    {
        Assert.Equal(LinkPredictionMethods.Ch2L3n, LinkPredictionMethods.Require("CH2L3N"));
        Assert.Throws<ArgumentException>(() => new CannistraciHebbCpu(LinkPredictionMethods.Ch3L3));
        Assert.ThrowsAny<Exception>(() => LinkPredictionMethods.Require("ch4l3"));
    }

    [Fact]
    public void The_reference_engine_scores_by_the_definitions_written_literally()
    {
        using var engine = new ReferenceEngine();
        Assert.IsType<Ch3L3Reference>(engine.LinkScorer(LinkPredictionMethods.Ch3L3));
        foreach (string method in Methods)
            Assert.IsType<CannistraciHebbReference>(engine.LinkScorer(method));
    }
}
