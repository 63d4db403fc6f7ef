using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// The fast CPU path of CH3-L3: path enumeration over outputs shared out among threads (<see cref="RowScoring"/>).
/// Each input's shared-neighbour counts are computed once per layer (<see cref="Ch3L3SharedCounts"/>, read by
/// <see cref="Ch3L3TableRowScorer"/>) when they fit <paramref name="maxSharedCounts"/>, else once per link by
/// <see cref="Ch3L3RowScorer"/>; both give the device kernels' scores bit for bit. Memory is O(links +
/// shared counts + threads × (neurons + count)): no dense score matrix is ever built.
/// </summary>
/// <param name="maxSharedCounts">The most shared-neighbour counts to keep (4 bytes each; default 2^27, 512 MB).</param>
public sealed class Ch3L3Cpu(int threads = 0, long maxSharedCounts = Ch3L3Cpu.DefaultMaxSharedCounts) : ILinkScorer
{
    public const long DefaultMaxSharedCounts = 1L << 27;

    private readonly int _threads = CpuThreads.Resolve(threads);

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        if (count == 0)
            return [];
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        Func<IRowScorer> scorer = Scorers(topology, excludedLinks, maxSharedCounts, _threads);
        return RowScoring.Best(topology.Outputs, _threads, count, ranking, scorer);
    }

    /// <summary>Every candidate with a positive score, in no particular order (for the linkpred tool's
    /// --all).</summary>
    public static List<ScoredLink> All(
        LayerTopology topology,
        ReadOnlySpan<long> excluded,
        long maxSharedCounts = DefaultMaxSharedCounts
    )
    {
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        return RowScoring.All(
            topology.Outputs,
            Scorers(topology, excludedLinks, maxSharedCounts, Environment.ProcessorCount)()
        );
    }

    private static Func<IRowScorer> Scorers(
        LayerTopology topology,
        ExcludedLinks excluded,
        long maxSharedCounts,
        int threads
    )
    {
        Ch3L3SharedCounts? shared = Ch3L3SharedCounts.TryBuild(topology, maxSharedCounts, threads);
        return shared is null
            ? () => new Ch3L3RowScorer(topology, excluded)
            : () => new Ch3L3TableRowScorer(topology, excluded, shared);
    }
}
