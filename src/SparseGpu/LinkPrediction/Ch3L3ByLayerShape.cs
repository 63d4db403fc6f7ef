using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// CH3-L3 by whichever exact method suits the layer: <see cref="Ch3L3FewInputs"/> on the host where a layer has
/// few inputs and very many paths, else the path enumeration of the device (<paramref name="paths"/>). The
/// choice depends on the layer alone, so every device picks the same method and ranks the same links.
/// </summary>
/// <param name="threads">CPU threads for the host method (0: all cores).</param>
public sealed class Ch3L3ByLayerShape(ILinkScorer paths, int threads = 0) : ILinkScorer
{
    private readonly Ch3L3FewInputs _fewInputs = new(threads);

    public ILinkScorer Paths => paths;

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking) =>
        Ch3L3FewInputs.Suits(topology)
            ? _fewInputs.Best(topology, excluded, count, ranking)
            : paths.Best(topology, excluded, count, ranking);
}
