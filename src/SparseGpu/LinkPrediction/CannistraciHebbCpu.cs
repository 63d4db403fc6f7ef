using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// The fast CPU path of CH3-L3n, CH2-L3n and CH2-L3 (<see cref="CannistraciHebbReference"/> defines them): outputs
/// shared out among threads (<see cref="RowScoring"/>), bit-identical to the ILGPU kernel whatever the thread count.
/// The node-based predictors read each input's community terms from tables built once per layer
/// (<see cref="CannistraciHebbInputTerms"/>, <see cref="CannistraciHebbTableRowScorer"/>) when they fit
/// <c>maxTableEntries</c>; otherwise, and for the path-based CH2-L3, every output runs the kernel's row body
/// <see cref="Kernels.CannistraciHebbRow"/>. Work is proportional to the layer's length-3 paths and memory to its
/// links plus the tables plus threads × (neurons + count): the reference code's dense n×n products are never formed.
/// </summary>
public sealed class CannistraciHebbCpu : ILinkScorer
{
    /// <summary>The most two-hop walk steps (Σ_b in-degree(b)²) whose input-term tables are built: at most 12 bytes
    /// each, 805 MB.</summary>
    public const long DefaultMaxTableEntries = 1L << 26;

    private readonly int _threads;
    private readonly int _predictor;
    private readonly long _maxTableEntries;

    /// <param name="method">ch3l3n, ch2l3n or ch2l3 (<see cref="LinkPredictionMethods"/>).</param>
    /// <param name="threads">CPU threads (0: all cores).</param>
    /// <param name="maxTableEntries">Larger layers are scored without the input-term tables (0: never use
    /// them).</param>
    public CannistraciHebbCpu(string method, int threads = 0, long maxTableEntries = DefaultMaxTableEntries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableEntries);
        _predictor = CannistraciHebbPredictors.Of(method);
        _threads = CpuThreads.Resolve(threads);
        _maxTableEntries = maxTableEntries;
    }

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        if (count == 0)
            return [];
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        return RowScoring.Best(
            topology.Outputs,
            _threads,
            count,
            ranking,
            Scorers(topology, excludedLinks, _predictor, _maxTableEntries, _threads)
        );
    }

    /// <summary>Every candidate with a positive score, in no particular order, on this thread.</summary>
    public static List<ScoredLink> All(string method, LayerTopology topology, ReadOnlySpan<long> excluded)
    {
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        int predictor = CannistraciHebbPredictors.Of(method);
        return RowScoring.All(
            topology.Outputs,
            Scorers(topology, excludedLinks, predictor, DefaultMaxTableEntries, Environment.ProcessorCount)()
        );
    }

    private static Func<IRowScorer> Scorers(
        LayerTopology topology,
        ExcludedLinks excluded,
        int predictor,
        long maxTableEntries,
        int threads
    )
    {
        CannistraciHebbInputTerms? terms = CannistraciHebbPredictor.IsNodeBased(predictor)
            ? CannistraciHebbInputTerms.TryBuild(topology, predictor, maxTableEntries, threads)
            : null;
        return terms is null
            ? () => new CannistraciHebbRowScorer(topology, excluded, predictor)
            : () => new CannistraciHebbTableRowScorer(topology, excluded, predictor, terms);
    }
}
