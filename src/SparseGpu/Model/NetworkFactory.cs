namespace SparseGpu.Model;

/// <summary>
/// Builds a freshly initialised network: each sparse layer gets exactly ⌊density·n_in·n_out⌋ distinct links
/// chosen uniformly, weights N(0, 2/fan-in) with fan-in the mean links per output neuron (He initialisation for
/// the links that exist; with the dense fan-in a 1% network barely trains), biases and momentum zero.
/// </summary>
public static class NetworkFactory
{
    public static Network Create(NetworkShape shape, ulong seed)
    {
        shape.Validate();
        var layers = new List<Layer>();
        int inputs = shape.Inputs;
        for (int k = 0; k < shape.Hidden.Count; k++)
        {
            int outputs = shape.Hidden[k];
            int links = NetworkShape.LinksFor(inputs, outputs, shape.Density);
            long[] keys = AbsentKeySampler.Sample((long)inputs * outputs, [], links, RandomStreams.Derive(seed, RandomPurpose.Topology, 0, k));
            var topology = LayerTopology.FromSortedKeys(inputs, outputs, keys);
            layers.Add(NewLayer(topology, seed, k, evolves: true, relu: true));
            inputs = outputs;
        }
        layers.Add(NewLayer(LayerTopology.Dense(inputs, shape.Classes), seed, shape.Hidden.Count, evolves: false, relu: false));
        return new Network(layers);
    }

    private static Layer NewLayer(LayerTopology topology, ulong seed, int index, bool evolves, bool relu)
    {
        Rng rng = RandomStreams.Derive(seed, RandomPurpose.WeightInit, 0, index);
        double fanIn = (double)topology.LinkCount / topology.Outputs;
        double sigma = Math.Sqrt(2.0 / fanIn);
        float[] weights = new float[topology.LinkCount];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(sigma * rng.NextGaussian());
        return new Layer(topology, weights, new float[weights.Length], new float[topology.Outputs], new float[topology.Outputs], evolves, relu);
    }
}
