namespace SparseGpu.Model;

/// <summary>
/// One layer's links and parameters: weights and their momentum aligned with the topology's links, biases and
/// their momentum per output neuron. Sparse hidden layers evolve their topology; the dense read-out does not.
/// </summary>
public sealed class Layer
{
    public Layer(
        LayerTopology topology,
        float[] weights,
        float[] weightVelocity,
        float[] bias,
        float[] biasVelocity,
        bool evolves,
        bool relu
    )
    {
        if (weights.Length != topology.LinkCount || weightVelocity.Length != topology.LinkCount)
            throw new ArgumentException(
                $"weights ({weights.Length}) and momentum ({weightVelocity.Length}) must match the "
                    + $"{topology.LinkCount} links"
            );
        if (bias.Length != topology.Outputs || biasVelocity.Length != topology.Outputs)
            throw new ArgumentException($"biases must match the {topology.Outputs} outputs");
        Topology = topology;
        Weights = weights;
        WeightVelocity = weightVelocity;
        Bias = bias;
        BiasVelocity = biasVelocity;
        Evolves = evolves;
        Relu = relu;
    }

    public LayerTopology Topology { get; private set; }
    public float[] Weights { get; private set; }
    public float[] WeightVelocity { get; private set; }
    public float[] Bias { get; }
    public float[] BiasVelocity { get; }

    /// <summary>True for sparse hidden layers, whose links the topology update removes and regrows.</summary>
    public bool Evolves { get; }

    /// <summary>True when a ReLU follows the layer (hidden layers); the read-out feeds the softmax.</summary>
    public bool Relu { get; }

    public int Inputs => Topology.Inputs;
    public int Outputs => Topology.Outputs;
    public int LinkCount => Topology.LinkCount;

    /// <summary>Installs an edited topology with weights and momentum aligned to its links.</summary>
    public void ReplaceLinks(LayerTopology topology, float[] weights, float[] weightVelocity)
    {
        if (topology.Inputs != Inputs || topology.Outputs != Outputs)
            throw new ArgumentException("an edit cannot change the layer's size");
        if (weights.Length != topology.LinkCount || weightVelocity.Length != topology.LinkCount)
            throw new ArgumentException("weights and momentum must match the new links");
        Topology = topology;
        Weights = weights;
        WeightVelocity = weightVelocity;
    }

    public Layer Clone() =>
        new(
            Topology,
            (float[])Weights.Clone(),
            (float[])WeightVelocity.Clone(),
            (float[])Bias.Clone(),
            (float[])BiasVelocity.Clone(),
            Evolves,
            Relu
        );
}
