namespace SparseGpu.Model;

/// <summary>
/// Builds a freshly initialised network: each sparse layer gets exactly the links its <see cref="LinkBudget"/> gives,
/// distinct, chosen by an <see cref="IInitialTopology"/> (uniformly at random unless told otherwise); a link into
/// output neuron j gets weight N(0, 2/fan-in_j), with fan-in_j the links neuron j actually has (He initialisation for
/// the links that exist: with the dense fan-in a 1% network barely trains, and with the layer's mean fan-in a wide
/// layer at tiny density, mean fan-in below one, starts with a loss near 10); biases and momentum zero.
/// </summary>
public static class NetworkFactory
{
    public static Network Create(NetworkShape shape, ulong seed) => Create(shape, seed, ErdosRenyiTopology.Instance);

    public static Network Create(NetworkShape shape, ulong seed, IInitialTopology initialTopology)
    {
        shape.Validate();
        var layers = new List<Layer>();
        int inputs = shape.Inputs;
        for (int k = 0; k < shape.Hidden.Count; k++)
        {
            int outputs = shape.Hidden[k];
            LayerTopology topology = initialTopology.Draw(k, inputs, outputs, shape.SparseLinks(k), seed);
            if (topology.Inputs != inputs || topology.Outputs != outputs || topology.LinkCount != shape.SparseLinks(k))
                throw new InvalidOperationException(
                    $"{initialTopology.GetType().Name} gave sparse layer {k} {topology.LinkCount} links of "
                        + $"{topology.Inputs}x{topology.Outputs}, not {shape.SparseLinks(k)} of {inputs}x{outputs}"
                );
            layers.Add(NewLayer(topology, seed, k, evolves: true, relu: true));
            inputs = outputs;
        }
        layers.Add(
            NewLayer(LayerTopology.Dense(inputs, shape.Classes), seed, shape.Hidden.Count, evolves: false, relu: false)
        );
        return new Network(layers);
    }

    private static Layer NewLayer(LayerTopology topology, ulong seed, int index, bool evolves, bool relu)
    {
        Rng rng = RandomStreams.Derive(seed, RandomPurpose.WeightInit, 0, index);
        float[] weights = new float[topology.LinkCount];
        for (int row = 0; row < topology.Outputs; row++)
        {
            int fanIn = topology.InDegree(row);
            double sigma = Math.Sqrt(2.0 / Math.Max(fanIn, 1));
            for (int link = topology.RowOffsets[row]; link < topology.RowOffsets[row + 1]; link++)
                weights[link] = (float)(sigma * rng.NextGaussian());
        }
        return new Layer(
            topology,
            weights,
            new float[weights.Length],
            new float[topology.Outputs],
            new float[topology.Outputs],
            evolves,
            relu
        );
    }
}
