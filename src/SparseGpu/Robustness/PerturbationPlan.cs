using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>Which layers a perturbation touches: the sparse hidden layers (default), or every layer including the dense
/// read-out.</summary>
public enum PerturbationScope
{
    Sparse,
    All,
}

/// <summary>
/// One repetition of a network perturbation, prepared once per layer so that its levels are coherent (see each
/// <see cref="LayerPerturbation"/>), restricted to the layers of the scope. <see cref="Apply"/> returns a fresh
/// copy; the trained network is never modified.
/// </summary>
public sealed class PerturbationPlan
{
    private readonly Network _trained;
    private readonly LayerPerturbation _perturbation;
    private readonly LayerDamage?[] _damage;
    private readonly ulong _seed;
    private readonly int _repeat;

    /// <param name="onlyLayers">Sparse layers (1-based) to perturb; null: every layer of the scope.</param>
    public PerturbationPlan(
        Network trained,
        Perturbation perturbation,
        PerturbationScope scope,
        ulong seed,
        int repeat,
        IReadOnlyCollection<int>? onlyLayers = null
    )
    {
        _perturbation =
            perturbation as LayerPerturbation
            ?? throw new ArgumentException($"{perturbation.Name} is not prepared layer by layer");
        _trained = trained;
        _seed = seed;
        _repeat = repeat;
        bool[] inScope = LayersInScope(trained, scope, onlyLayers);
        _damage = new LayerDamage?[trained.Layers.Count];
        for (int k = 0; k < _damage.Length; k++)
            if (inScope[k])
                _damage[k] = _perturbation.Prepare(trained.Layers[k], Stream(k, levelIndex: null));
    }

    /// <summary>The network at <paramref name="level"/>, the <paramref name="levelIndex"/>-th level of the
    /// sweep.</summary>
    public Network Apply(int levelIndex, double level)
    {
        var layers = new List<Layer>();
        for (int k = 0; k < _trained.Layers.Count; k++)
        {
            Layer layer = _trained.Layers[k];
            LayerDamage? damage = _damage[k];
            int index = k;
            layers.Add(
                damage is null || level == 0
                    ? EvaluationLayer.Copy(layer)
                    : damage.Apply(layer, level, () => Stream(index, levelIndex))
            );
        }
        return new Network(layers);
    }

    /// <summary>Which layers of <paramref name="network"/> a perturbation of the scope touches, restricted to
    /// <paramref name="onlyLayers"/> (1-based sparse layers; null: all of the scope).</summary>
    public static bool[] LayersInScope(Network network, PerturbationScope scope, IReadOnlyCollection<int>? onlyLayers)
    {
        bool[] inScope = network.Layers.Select(l => scope == PerturbationScope.All || l.Evolves).ToArray();
        if (onlyLayers is not null)
        {
            RequireSparseLayers(onlyLayers, network, "the network");
            for (int k = 0; k < inScope.Length; k++)
                inScope[k] = inScope[k] && onlyLayers.Contains(k + 1);
        }
        return inScope;
    }

    /// <summary>Throws unless every number names a sparse layer (1..L) of <paramref name="network"/>.</summary>
    public static void RequireSparseLayers(IEnumerable<int> layers, Network network, string owner)
    {
        int sparse = network.Layers.Count - 1;
        foreach (int layer in layers)
            if (layer < 1 || layer > sparse)
                throw new SparseGpuException($"--layers {layer}: {owner} has sparse layers 1..{sparse}");
    }

    /// <summary>Links present in the perturbed layers of the scope.</summary>
    public static long LinksInScope(Network network, PerturbationScope scope) =>
        network.Layers.Where(l => scope == PerturbationScope.All || l.Evolves).Sum(l => (long)l.LinkCount);

    /// <summary>Hidden neurons that still have an incoming and an outgoing link.</summary>
    public static int ActiveNeurons(Network network) =>
        Enumerable.Range(0, network.Layers.Count - 1).Sum(network.ActiveNeurons);

    private Rng Stream(int layer, int? levelIndex) =>
        new PerturbationStream(_repeat, _perturbation.StreamId, layer, levelIndex).Derive(_seed);
}
