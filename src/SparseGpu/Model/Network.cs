namespace SparseGpu.Model;

/// <summary>A feed-forward classifier: sparse ReLU hidden layers, then a dense read-out into softmax.</summary>
public sealed class Network
{
    public Network(IReadOnlyList<Layer> layers)
    {
        if (layers.Count == 0)
            throw new ArgumentException("a network needs at least one layer");
        for (int k = 1; k < layers.Count; k++)
            if (layers[k].Inputs != layers[k - 1].Outputs)
                throw new ArgumentException(
                    $"layer {k + 1} takes {layers[k].Inputs} inputs but layer {k} gives {layers[k - 1].Outputs}"
                );
        if (layers[^1].Relu)
            throw new ArgumentException("the read-out layer feeds the softmax and has no ReLU");
        Layers = layers;
    }

    public IReadOnlyList<Layer> Layers { get; }
    public int Inputs => Layers[0].Inputs;
    public int Classes => Layers[^1].Outputs;
    public long TotalLinks => Layers.Sum(l => (long)l.LinkCount);

    public Network Clone() => new(Layers.Select(l => l.Clone()).ToList());

    /// <summary>
    /// Neurons of hidden layer <paramref name="hidden"/> (0-based) that have at least one incoming and one
    /// outgoing link; the others cannot influence the output.
    /// </summary>
    public int ActiveNeurons(int hidden)
    {
        LayerTopology incoming = Layers[hidden].Topology;
        LayerTopology outgoing = Layers[hidden + 1].Topology;
        int active = 0;
        for (int neuron = 0; neuron < incoming.Outputs; neuron++)
            if (incoming.InDegree(neuron) > 0 && outgoing.OutDegree(neuron) > 0)
                active++;
        return active;
    }
}
