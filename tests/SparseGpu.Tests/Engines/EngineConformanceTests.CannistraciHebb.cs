using SparseGpu.Engines;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Tests.LinkPrediction;

namespace SparseGpu.Tests.Engines;

public abstract partial class EngineConformanceTests
{
    [SkippableTheory]
    [MemberData(nameof(CannistraciHebbTests.GraphsAndMethods), MemberType = typeof(CannistraciHebbTests))]
    public void Each_predictor_on_the_engine_gives_the_fast_cpu_paths_links_and_scores_bit_for_bit(
        string graph,
        string method
    )
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        long[] excluded = ExcludedSample(t);
        var ranking = LinkRanking.Seeded(2025);
        ScoredLink[] cpu = new CannistraciHebbCpu(method, threads: 1).Best(t, excluded, int.MaxValue, ranking);
        using INetworkEngine engine = CreateEngine();
        ILinkScorer scorer = engine.LinkScorer(method);
        Assert.Equal(cpu, scorer.Best(t, excluded, int.MaxValue, ranking));
        int count = Math.Max(1, cpu.Length / 3);
        Assert.Equal(cpu.Take(count), scorer.Best(t, excluded, count, ranking));
        // ...and the CPU path is the definition (CannistraciHebbTests checks it to 1e-12 without exclusions).
        var defined = CannistraciHebbReference.All(method, t, excluded).Select(l => l.Key).Order();
        Assert.Equal(defined, cpu.Select(l => l.Key).Order());
    }
}
