using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// <see cref="CannistraciHebbRow"/> on the host, one output neuron at a time, with its scratch (O(inputs +
/// outputs)) reused across outputs. The kernel runs the same body, so both give bit-identical scores.
/// </summary>
internal sealed class CannistraciHebbRowScorer(LayerTopology topology, ExcludedLinks excluded, int predictor)
    : IRowScorer
{
    private readonly HostRowScratch _scratch = new(topology, excluded);

    public void ScoreOutput(int v, Action<ScoredLink> offer) =>
        _scratch.Offer(v, CannistraciHebbRow.Score(v, _scratch.Graph, _scratch.Slot, predictor), offer);
}
