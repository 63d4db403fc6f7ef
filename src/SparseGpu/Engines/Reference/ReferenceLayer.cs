using SparseGpu.Model;

namespace SparseGpu.Engines.Reference;

/// <summary>A layer in double precision for the reference engine: the oracle every other engine is checked
/// against.</summary>
public sealed class ReferenceLayer
{
    public ReferenceLayer(Layer layer)
    {
        Topology = layer.Topology;
        Weights = Array.ConvertAll(layer.Weights, w => (double)w);
        Velocity = Array.ConvertAll(layer.WeightVelocity, v => (double)v);
        Bias = Array.ConvertAll(layer.Bias, b => (double)b);
        BiasVelocity = Array.ConvertAll(layer.BiasVelocity, v => (double)v);
        Relu = layer.Relu;
    }

    public LayerTopology Topology { get; }
    public double[] Weights { get; }
    public double[] Velocity { get; }
    public double[] Bias { get; }
    public double[] BiasVelocity { get; }
    public bool Relu { get; }
}

/// <summary>Gradients of the mean batch loss for one layer.</summary>
public sealed record ReferenceGradients(double[] Weights, double[] Bias);
