using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.LinkPrediction;

public sealed class Ch3L3Tests
{
    private static readonly Tolerance Relative = new(1e-12, 1e-6);

    [Theory]
    [InlineData(0, 2, 2.0)]
    [InlineData(1, 1, 1.70710678118654757)]
    [InlineData(2, 0, 1.70710678118654757)]
    [InlineData(3, 0, 0.70710678118654757)]
    [InlineData(3, 1, 0.70710678118654757)]
    public void The_worked_example_scores_as_on_paper(int input, int output, double expected)
    {
        LayerTopology t = BipartiteGraphs.WorkedExample();
        AssertClose.Value(expected, Ch3L3Reference.Score(t, input, output), Relative, $"reference ({input},{output})");
        ScoredLink fast = Ch3L3Cpu.All(t, []).Single(l => l.Key == t.Key(input, output));
        AssertClose.Value(expected, fast.Score, Relative, $"fast path ({input},{output})");
    }

    [Fact]
    public void The_worked_example_has_exactly_five_scored_absent_links()
    {
        LayerTopology t = BipartiteGraphs.WorkedExample();
        Assert.Equal(5, Ch3L3Reference.All(t, []).Count);
        Assert.Equal(
            Ch3L3Reference.All(t, []).Select(l => l.Key).Order(),
            Ch3L3Cpu.All(t, []).Select(l => l.Key).Order()
        );
    }

    [Theory]
    [MemberData(nameof(BipartiteGraphs.Names), MemberType = typeof(BipartiteGraphs))]
    public void The_fast_path_matches_the_brute_force_definition(string graph)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        var expected = Ch3L3Reference.All(t, []).ToDictionary(l => l.Key, l => l.Score);
        var actual = Ch3L3Cpu.All(t, []).ToDictionary(l => l.Key, l => l.Score);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        AssertClose.All(
            expected.OrderBy(p => p.Key).Select(p => p.Value).ToList(),
            actual.OrderBy(p => p.Key).Select(p => p.Value).ToList(),
            Relative,
            $"{graph} scores"
        );
    }

    [Theory]
    [MemberData(nameof(BipartiteGraphs.Names), MemberType = typeof(BipartiteGraphs))]
    public void Shared_counts_kept_per_input_give_the_scores_of_counting_per_link_bit_for_bit(string graph)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        long[] candidates = Ch3L3Reference.All(t, []).Select(l => l.Key).Order().ToArray();
        long[] excluded = candidates.Where((_, i) => i % 4 == 1).ToArray();
        var ranking = LinkRanking.Seeded(11);
        long entries = Ch3L3SharedCounts.Entries(t);
        Assert.NotNull(Ch3L3SharedCounts.TryBuild(t, entries, threads: 2));
        Assert.Null(Ch3L3SharedCounts.TryBuild(t, entries - 1, threads: 2));

        // No budget: every count is taken per link (a, v), as the device kernels do.
        ScoredLink[] perLink = new Ch3L3Cpu(threads: 1, maxSharedCounts: 0).Best(t, excluded, int.MaxValue, ranking);
        Assert.Equal(perLink, new Ch3L3Cpu(threads: 1).Best(t, excluded, int.MaxValue, ranking));
        Assert.Equal(
            perLink,
            new Ch3L3Cpu(threads: 3, maxSharedCounts: entries).Best(t, excluded, int.MaxValue, ranking)
        );
        Assert.Equal(
            Ch3L3Cpu.All(t, excluded, maxSharedCounts: 0).OrderBy(l => l.Key),
            Ch3L3Cpu.All(t, excluded).OrderBy(l => l.Key)
        );
    }

    [Theory]
    [MemberData(nameof(BipartiteGraphs.Names), MemberType = typeof(BipartiteGraphs))]
    public void Excluded_links_are_never_candidates(string graph)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        long[] candidates = Ch3L3Reference.All(t, []).Select(l => l.Key).Order().ToArray();
        long[] excluded = candidates.Where((_, i) => i % 3 == 0).ToArray();
        var remaining = Ch3L3Cpu.All(t, excluded).Select(l => l.Key).Order().ToArray();
        Assert.Equal(candidates.Except(excluded), remaining);
    }

    [Theory]
    [MemberData(nameof(BipartiteGraphs.Names), MemberType = typeof(BipartiteGraphs))]
    public void The_best_links_follow_the_ranking_on_one_or_many_threads(string graph)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        List<ScoredLink> all = Ch3L3Cpu.All(t, []);
        var ranking = LinkRanking.Seeded(42);
        int count = Math.Max(1, all.Count / 2);
        ScoredLink[] expected = all.OrderBy(l => l, Comparer<ScoredLink>.Create(ranking.Compare)).Take(count).ToArray();
        Assert.Equal(expected, new Ch3L3Cpu(threads: 1).Best(t, [], count, ranking));
        Assert.Equal(expected, new Ch3L3Cpu(threads: 3).Best(t, [], count, ranking));
        Assert.Equal(expected.Select(l => l.Key), new Ch3L3Reference().Best(t, [], count, ranking).Select(l => l.Key));
    }

    [Fact]
    public void A_complete_bipartite_layer_has_no_candidates()
    {
        var complete = LayerTopology.Dense(6, 5);
        Assert.Empty(Ch3L3Reference.All(complete, []));
        Assert.Empty(new Ch3L3Cpu().Best(complete, [], 10, LinkRanking.Seeded(1)));
    }

    [Fact]
    public void Asking_for_more_than_there_are_returns_every_positive_candidate()
    {
        LayerTopology t = BipartiteGraphs.WorkedExample();
        Assert.Equal(5, new Ch3L3Cpu().Best(t, [], 100, LinkRanking.Seeded(1)).Length);
        Assert.Empty(new Ch3L3Cpu().Best(t, [], 0, LinkRanking.Seeded(1)));
    }

    [Fact]
    public void Seeded_ties_do_not_follow_index_order_and_positional_ties_do()
    {
        // Equal scores everywhere: a layer of disjoint 2x2 blocks missing one link each.
        var links = new List<(int, int)>();
        for (int block = 0; block < 40; block++)
            links.AddRange([(2 * block, 2 * block), (2 * block, 2 * block + 1), (2 * block + 1, 2 * block)]);
        var t = LayerTopology.FromLinks(80, 80, links);
        ScoredLink[] all = new Ch3L3Cpu().Best(t, [], 1000, LinkRanking.ByPosition(80, 80));
        Assert.Equal(40, all.Length);
        Assert.Single(all.Select(l => l.Score).Distinct());
        Assert.Equal(all.Select(l => l.Key).Order(), all.Select(l => l.Key)); // by input, output here equals key order

        long[] seeded = new Ch3L3Cpu().Best(t, [], 20, LinkRanking.Seeded(7)).Select(l => l.Key).ToArray();
        Assert.NotEqual(all.Take(20).Select(l => l.Key).Order(), seeded.Order());
        Assert.Equal(seeded, new Ch3L3Cpu().Best(t, [], 20, LinkRanking.Seeded(7)).Select(l => l.Key));
    }
}
