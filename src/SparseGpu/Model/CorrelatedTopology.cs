namespace SparseGpu.Model;

/// <summary>
/// <c>--init csti</c>: correlated sparse topological initialisation, as the Cannistraci-Hebb training code defines it
/// (CHT, Zhang et al., ICLR 2024, <c>create_self_correlated_sparse</c> and <c>update_topology</c>). From the Pearson
/// correlations C of the P input pixels over the training images, with undefined correlations (a pixel that never
/// changes) and the diagonal set to 0, a sparse layer of L links keeps the L pairs with the largest |C|.
/// <para>
/// Which pair a link stands for: the first layer's input a is pixel a; a hidden neuron j stands for pixel j mod P,
/// so every hidden width must be a multiple of P. This is the reference's tiling: its "dimension" 1 (hidden layers
/// of P neurons: every layer scores by C itself) and 2 (2P: the first layer by [C C], later layers by C tiled 2×2),
/// here for any multiple. Layers past the first, whose inputs are hidden neurons and not pixels, are scored by the
/// same pixel correlations, as the reference does.
/// </para>
/// <para>
/// Ties: the reference keeps every pair with |C| at or above the L-th largest value, which can exceed L (C is
/// symmetric and tiled, so equal values are the rule); here every pair above that value is kept and the rest of the
/// L are drawn uniformly, by the seed, among the pairs equal to it, so the layer has exactly L links. When fewer
/// than L pairs have a non-zero |C| the draw is among the zero pairs (the reference would keep every pair).
/// </para>
/// </summary>
public sealed class CorrelatedTopology : IInitialTopology
{
    private readonly double[] _scores;

    /// <param name="pixels">P, the inputs of the first sparse layer.</param>
    /// <param name="correlations">The P×P pixel correlations, row-major; NaN where undefined.</param>
    public CorrelatedTopology(int pixels, double[] correlations)
    {
        if (correlations.LongLength != (long)pixels * pixels)
            throw new ArgumentException($"{correlations.Length} correlations are not {pixels}x{pixels}");
        Pixels = pixels;
        _scores = new double[correlations.Length];
        for (int a = 0; a < pixels; a++)
        for (int b = 0; b < pixels; b++)
        {
            double c = correlations[(long)a * pixels + b];
            _scores[(long)a * pixels + b] = a == b || double.IsNaN(c) ? 0 : Math.Abs(c);
        }
    }

    public int Pixels { get; }

    /// <summary>Some pair of distinct pixels has a non-zero correlation.</summary>
    public bool AnyCorrelation => _scores.Any(s => s > 0);

    /// <summary>|C| of the pixels a link from input <paramref name="input"/> to output <paramref name="output"/>
    /// stands for (0 on the diagonal and for a constant pixel).</summary>
    public double Score(int input, int output) => _scores[(long)(input % Pixels) * Pixels + output % Pixels];

    public LayerTopology Draw(int layer, int inputs, int outputs, int links, ulong seed)
    {
        if (inputs % Pixels != 0 || outputs % Pixels != 0)
            throw new ArgumentException($"a {inputs}x{outputs} layer is not a tiling of {Pixels} pixels");
        long total = (long)inputs * outputs;
        double[] scores = new double[total];
        for (long key = 0; key < total; key++)
            scores[key] = Score((int)(key % inputs), (int)(key / inputs));
        double[] ordered = (double[])scores.Clone();
        Array.Sort(ordered);
        double threshold = ordered[total - links];

        var kept = new List<long>(links);
        var tied = new List<long>();
        for (long key = 0; key < total; key++)
            if (scores[key] > threshold)
                kept.Add(key);
            else if (scores[key] == threshold)
                tied.Add(key);
        Rng rng = RandomStreams.Derive(seed, RandomPurpose.Topology, 0, layer);
        foreach (long rank in AbsentKeySampler.Sample(tied.Count, [], links - kept.Count, rng))
            kept.Add(tied[(int)rank]);
        long[] keys = kept.ToArray();
        Array.Sort(keys);
        return LayerTopology.FromSortedKeys(inputs, outputs, keys);
    }
}
