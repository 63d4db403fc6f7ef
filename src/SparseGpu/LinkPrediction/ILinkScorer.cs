using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// Scores the absent links of one layer with CH3-L3 (see <see cref="Ch3L3Reference"/> for the definition).
/// Candidates are the links absent from <c>topology</c> whose key is not in <c>excluded</c> (sorted ascending;
/// the editor excludes the links it has just removed), and only those with a positive score are returned.
/// The path enumerations (<see cref="Ch3L3Cpu"/>, the ILGPU kernel) agree bit for bit; <see cref="Ch3L3FewInputs"/>
/// agrees with them up to rounding and is chosen per layer by <see cref="Ch3L3ByLayerShape"/> on every device, so
/// the same ranking selects the same links on every device.
/// </summary>
public interface ILinkScorer
{
    /// <summary>The best <paramref name="count"/> candidates under <paramref name="ranking"/>, best first (fewer if
    /// fewer score above zero).</summary>
    ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking);
}
