using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.LinkPrediction;

/// <summary>The input-pair decomposition of CH3-L3 against the definition, and when it is chosen.</summary>
public sealed class Ch3L3FewInputsTests
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
        ScoredLink link = Ch3L3FewInputs.All(t, []).Single(l => l.Key == t.Key(input, output));
        AssertClose.Value(expected, link.Score, Relative, $"({input},{output})");
        Assert.Equal(5, Ch3L3FewInputs.All(t, []).Count);
    }

    [Theory]
    [MemberData(nameof(BipartiteGraphs.Names), MemberType = typeof(BipartiteGraphs))]
    public void Every_candidate_and_score_matches_the_brute_force_definition(string graph)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        long[] all = Ch3L3Reference.All(t, []).Select(l => l.Key).Order().ToArray();
        foreach (long[] excluded in new[] { Array.Empty<long>(), all.Where((_, i) => i % 3 == 1).ToArray() })
        {
            var expected = Ch3L3Reference.All(t, excluded).ToDictionary(l => l.Key, l => l.Score);
            var actual = Ch3L3FewInputs.All(t, excluded).ToDictionary(l => l.Key, l => l.Score);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            AssertClose.All(
                expected.OrderBy(p => p.Key).Select(p => p.Value).ToList(),
                actual.OrderBy(p => p.Key).Select(p => p.Value).ToList(),
                Relative,
                $"{graph} scores, {excluded.Length} excluded"
            );
        }
    }

    [Theory]
    [MemberData(nameof(BipartiteGraphs.Names), MemberType = typeof(BipartiteGraphs))]
    public void The_best_links_follow_the_ranking_on_one_or_many_threads_and_score_as_the_paths_do(string graph)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        List<ScoredLink> all = Ch3L3FewInputs.All(t, []);
        var ranking = LinkRanking.Seeded(42);
        int count = Math.Max(1, all.Count / 2);
        ScoredLink[] expected = all.OrderBy(l => l, Comparer<ScoredLink>.Create(ranking.Compare)).Take(count).ToArray();
        Assert.Equal(expected, new Ch3L3FewInputs(threads: 1).Best(t, [], count, ranking));
        Assert.Equal(expected, new Ch3L3FewInputs(threads: 3).Best(t, [], count, ranking));
        // Rounding may order near-equal scores differently from the path sum; the chosen scores agree.
        AssertClose.All(
            new Ch3L3Cpu(threads: 1).Best(t, [], count, ranking).Select(l => l.Score).ToList(),
            expected.Select(l => l.Score).ToList(),
            Relative,
            $"{graph} best scores"
        );
    }

    [Theory]
    [MemberData(nameof(BipartiteGraphs.Names), MemberType = typeof(BipartiteGraphs))]
    public void The_cost_counts_the_paths_and_input_pairs_of_the_layer(string graph)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        long paths = 0,
            pairs = 0;
        for (int v = 0; v < t.Outputs; v++)
        {
            pairs += t.InDegree(v) * (t.InDegree(v) - 1) / 2;
            for (int p = t.RowOffsets[v]; p < t.RowOffsets[v + 1]; p++)
            {
                int a = t.Columns[p];
                for (int q = t.TransposeOffsets[a]; q < t.TransposeOffsets[a + 1]; q++)
                    paths += t.InDegree(t.TransposeRows[q]);
            }
        }
        Assert.Equal(new Ch3L3Cost(t.Inputs, t.LinkCount, paths, pairs), Ch3L3Cost.Of(t));
    }

    [Fact]
    public void It_takes_a_wide_first_layer_and_leaves_the_default_network_to_path_enumeration()
    {
        // 784 × 333,333 at 10 links per output: each input has ~4,252 links, ~1.4·10¹¹ paths.
        double inputDegree = 3_333_330 / 784.0;
        var wideFirst = new Ch3L3Cost(784, 3_333_330, 784 * inputDegree * inputDegree * 10, 333_333L * 45);
        Assert.True(Ch3L3FewInputs.Suits(wideFirst));
        Assert.False(Ch3L3FewInputs.Suits(wideFirst with { Inputs = Ch3L3FewInputs.MaxInputs + 1 }));
        Assert.False(Ch3L3FewInputs.Suits(wideFirst with { InputPairEntries = Ch3L3FewInputs.MaxPairEntries + 1 }));

        LayerTopology defaultFirst = BipartiteGraphs.Random(784, 1000, 0.01, seed: 7, isolated: 0);
        Assert.False(Ch3L3FewInputs.Suits(defaultFirst));
        Assert.False(Ch3L3FewInputs.Suits(BipartiteGraphs.Catalogue["medium-dense"]()));
        Assert.True(Ch3L3FewInputs.Suits(BipartiteGraphs.Catalogue["few-inputs-many-outputs"]()));
        Assert.True(Ch3L3FewInputs.Suits(BipartiteGraphs.Catalogue["few-inputs-with-hub-outputs"]()));
    }

    [Theory]
    [InlineData("few-inputs-many-outputs", true)]
    [InlineData("medium-dense", false)]
    public void The_layer_shape_picks_the_method_the_same_way_for_every_device(string graph, bool fewInputs)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        var paths = new CountingScorer(new Ch3L3Cpu(threads: 1));
        var ranking = LinkRanking.Seeded(3);
        ScoredLink[] chosen = new Ch3L3ByLayerShape(paths, threads: 2).Best(t, [], 50, ranking);
        ILinkScorer expected = fewInputs ? new Ch3L3FewInputs(threads: 1) : new Ch3L3Cpu(threads: 1);
        Assert.Equal(expected.Best(t, [], 50, ranking), chosen);
        Assert.Equal(fewInputs ? 0 : 1, paths.Calls);
    }

    private sealed class CountingScorer(ILinkScorer inner) : ILinkScorer
    {
        public int Calls { get; private set; }

        public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
        {
            Calls++;
            return inner.Best(topology, excluded, count, ranking);
        }
    }
}
