using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>Which layers a perturbation touches: the sparse hidden layers (default), or every layer including the dense read-out.</summary>
public enum PerturbationScope
{
    Sparse,
    All,
}

/// <summary>
/// One repetition of a weight or link perturbation of a trained network, prepared once so that its levels are
/// coherent: removal and shuffling draw one order of the links per layer and take its first ⌊f·links⌋ at level f
/// (so the links touched at a level are a subset of those touched at any larger level); noise draws one standard
/// normal value per link and scales it. <see cref="Apply"/> returns a fresh copy; the trained network is never
/// modified.
/// </summary>
public sealed class PerturbationPlan
{
    private readonly Network _trained;
    private readonly Perturbation _perturbation;
    private readonly bool[] _inScope;
    private readonly int[][] _orders;
    private readonly float[][] _noise;
    private readonly float[] _weightStd;
    private readonly ulong _seed;
    private readonly int _repeat;

    /// <param name="onlyLayers">Sparse layers (1-based) to perturb; null: every layer of the scope.</param>
    public PerturbationPlan(Network trained, Perturbation perturbation, PerturbationScope scope, ulong seed, int repeat,
        IReadOnlyCollection<int>? onlyLayers = null)
    {
        if (perturbation.PerturbsInputs) throw new ArgumentException($"{perturbation.Name} perturbs inputs, not the network");
        _trained = trained;
        _perturbation = perturbation;
        _seed = seed;
        _repeat = repeat;
        int layers = trained.Layers.Count;
        _inScope = trained.Layers.Select(l => scope == PerturbationScope.All || l.Evolves).ToArray();
        if (onlyLayers is not null)
        {
            RequireSparseLayers(onlyLayers, trained, "the network");
            for (int k = 0; k < _inScope.Length; k++) _inScope[k] = _inScope[k] && onlyLayers.Contains(k + 1);
        }
        _orders = new int[layers][];
        _noise = new float[layers][];
        _weightStd = new float[layers];
        for (int k = 0; k < layers; k++)
        {
            if (!_inScope[k]) continue;
            float[] weights = trained.Layers[k].Weights;
            Rng rng = Stream(k, levelIndex: -1);
            switch (perturbation.Kind)
            {
                case PerturbationKind.RandomRemoval or PerturbationKind.Shuffle:
                    _orders[k] = Enumerable.Range(0, weights.Length).ToArray();
                    rng.Shuffle(_orders[k].AsSpan());
                    break;
                case PerturbationKind.WeightOrderRemoval:
                    _orders[k] = MagnitudeOrder.Sorted(weights, rng, largestFirst: true);
                    break;
                case PerturbationKind.ReverseWeightOrderRemoval:
                    _orders[k] = MagnitudeOrder.Sorted(weights, rng, largestFirst: false);
                    break;
                case PerturbationKind.Noise:
                    _noise[k] = weights.Select(_ => (float)rng.NextGaussian()).ToArray();
                    _weightStd[k] = StandardDeviation(weights);
                    break;
            }
        }
    }

    /// <summary>The network at <paramref name="level"/>, the <paramref name="levelIndex"/>-th level of the sweep.</summary>
    public Network Apply(int levelIndex, double level)
    {
        var layers = new List<Layer>();
        for (int k = 0; k < _trained.Layers.Count; k++)
        {
            Layer layer = _trained.Layers[k];
            if (!_inScope[k] || level == 0)
            {
                layers.Add(Fresh(layer.Topology, (float[])layer.Weights.Clone(), layer));
                continue;
            }
            layers.Add(_perturbation.Kind switch
            {
                PerturbationKind.Shuffle => Shuffled(layer, _orders[k], Count(layer.LinkCount, level), Stream(k, levelIndex)),
                PerturbationKind.Noise => Noisy(layer, _noise[k], (float)(level * _weightStd[k])),
                _ => WithoutLinks(layer, _orders[k], Count(layer.LinkCount, level)),
            });
        }
        return new Network(layers);
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

    private Rng Stream(int layer, int levelIndex) =>
        RandomStreams.Derive(_seed, RandomPurpose.Perturbation, _repeat * 64 + (int)_perturbation.Kind, layer * 100003 + levelIndex + 1);

    private static int Count(int links, double fraction) => (int)Math.Floor(fraction * links + 1e-9);

    private static Layer WithoutLinks(Layer layer, int[] order, int remove)
    {
        bool[] removed = new bool[layer.LinkCount];
        for (int i = 0; i < remove; i++) removed[order[i]] = true;
        var keys = new List<long>(layer.LinkCount - remove);
        var weights = new List<float>(layer.LinkCount - remove);
        for (int link = 0; link < layer.LinkCount; link++)
        {
            if (removed[link]) continue;
            keys.Add(layer.Topology.KeyOf(link));
            weights.Add(layer.Weights[link]);
        }
        return Fresh(LayerTopology.FromSortedKeys(layer.Inputs, layer.Outputs, keys.ToArray()), weights.ToArray(), layer);
    }

    private static Layer Shuffled(Layer layer, int[] order, int count, Rng rng)
    {
        float[] weights = (float[])layer.Weights.Clone();
        int[] chosen = order[..count];
        int[] permuted = (int[])chosen.Clone();
        rng.Shuffle(permuted.AsSpan());
        for (int i = 0; i < count; i++) weights[chosen[i]] = layer.Weights[permuted[i]];
        return Fresh(layer.Topology, weights, layer);
    }

    private static Layer Noisy(Layer layer, float[] noise, float scale)
    {
        float[] weights = new float[layer.LinkCount];
        for (int i = 0; i < weights.Length; i++) weights[i] = layer.Weights[i] + scale * noise[i];
        return Fresh(layer.Topology, weights, layer);
    }

    /// <summary>A layer for evaluation: the given links and weights, the trained biases, no optimizer state.</summary>
    private static Layer Fresh(LayerTopology topology, float[] weights, Layer trained) =>
        new(topology, weights, new float[weights.Length], (float[])trained.Bias.Clone(), new float[trained.Outputs], trained.Evolves, trained.Relu);

    private static float StandardDeviation(float[] values)
    {
        if (values.Length == 0) return 0f;
        double mean = values.Average(v => (double)v);
        return (float)Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
