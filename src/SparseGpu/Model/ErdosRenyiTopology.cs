namespace SparseGpu.Model;

/// <summary>
/// <c>--init er</c>, the default: the links are a uniformly random set of the exact size (an Erdős–Rényi G(n, M)
/// bipartite graph), drawn from the run's topology stream of the layer, as every run before <c>--init</c> existed.
/// </summary>
public sealed class ErdosRenyiTopology : IInitialTopology
{
    public static readonly ErdosRenyiTopology Instance = new();

    private ErdosRenyiTopology() { }

    public LayerTopology Draw(int layer, int inputs, int outputs, int links, ulong seed)
    {
        long[] keys = AbsentKeySampler.Sample(
            (long)inputs * outputs,
            [],
            links,
            RandomStreams.Derive(seed, RandomPurpose.Topology, 0, layer)
        );
        return LayerTopology.FromSortedKeys(inputs, outputs, keys);
    }
}
