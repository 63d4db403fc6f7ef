using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// The fast CPU path of CH3-L3n, CH2-L3n and CH2-L3 (<see cref="CannistraciHebbReference"/> defines them): the
/// shared row body <see cref="Kernels.CannistraciHebbRow"/> over outputs shared out among threads
/// (<see cref="RowScoring"/>), bit-identical to the ILGPU kernel whatever the thread count. Work is proportional to
/// the layer's length-3 paths and memory to its links plus threads × (neurons + count): the reference code's dense
/// n×n products are never formed.
/// </summary>
public sealed class CannistraciHebbCpu : ILinkScorer
{
    private readonly int _threads;
    private readonly int _predictor;

    /// <param name="method">ch3l3n, ch2l3n or ch2l3 (<see cref="LinkPredictionMethods"/>).</param>
    /// <param name="threads">CPU threads (0: all cores).</param>
    public CannistraciHebbCpu(string method, int threads = 0)
    {
        _predictor = CannistraciHebbPredictors.Of(method);
        _threads = CpuThreads.Resolve(threads);
    }

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        if (count == 0)
            return [];
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        int predictor = _predictor;
        return RowScoring.Best(
            topology.Outputs,
            _threads,
            count,
            ranking,
            () => new CannistraciHebbRowScorer(topology, excludedLinks, predictor)
        );
    }

    /// <summary>Every candidate with a positive score, in no particular order, on this thread.</summary>
    public static List<ScoredLink> All(string method, LayerTopology topology, ReadOnlySpan<long> excluded)
    {
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        return RowScoring.All(
            topology.Outputs,
            new CannistraciHebbRowScorer(topology, excludedLinks, CannistraciHebbPredictors.Of(method))
        );
    }
}
