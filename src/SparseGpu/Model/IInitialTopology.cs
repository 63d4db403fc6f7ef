namespace SparseGpu.Model;

/// <summary>
/// How a new network's sparse layers get their first links (<c>--init</c>): given a layer's place, its shape and the
/// exact number of links its <see cref="LinkBudget"/> gives, the links, each one once. Whatever the rule, a layer
/// gets exactly that many links, so every initialisation trains at the same density.
/// </summary>
public interface IInitialTopology
{
    /// <param name="layer">The sparse layer, 0-based (0: the one fed by the pixels).</param>
    /// <param name="links">Exactly how many links the layer gets, at most <paramref name="inputs"/> ·
    /// <paramref name="outputs"/>.</param>
    /// <param name="seed">The run's seed; each rule derives its own streams from it.</param>
    LayerTopology Draw(int layer, int inputs, int outputs, int links, ulong seed);
}
