using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// <see cref="Ch3L3Row"/> on the host, one output neuron at a time, with its scratch (O(inputs + outputs)) reused
/// across outputs. The kernel runs the same body, so both give bit-identical scores.
/// </summary>
internal sealed class Ch3L3RowScorer(LayerTopology topology, ExcludedLinks excluded) : IRowScorer
{
    private readonly HostRowScratch _scratch = new(topology, excluded);

    /// <summary>Scores the candidates of output <paramref name="v"/> and offers each positive one.</summary>
    public void ScoreOutput(int v, Action<ScoredLink> offer) =>
        _scratch.Offer(v, Ch3L3Row.Score(v, _scratch.Graph, _scratch.Slot), offer);
}
