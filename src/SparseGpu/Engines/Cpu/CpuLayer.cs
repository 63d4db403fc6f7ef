using SparseGpu.Model;

namespace SparseGpu.Engines.Cpu;

/// <summary>The fast CPU path's copy of one layer: plain arrays the vector loops index directly.</summary>
internal sealed class CpuLayer
{
    public CpuLayer(Layer layer)
    {
        Topology = layer.Topology;
        RowOffsets = layer.Topology.RowOffsets.ToArray();
        Columns = layer.Topology.Columns.ToArray();
        TransposeOffsets = layer.Topology.TransposeOffsets.ToArray();
        TransposeLinks = layer.Topology.TransposeLinks.ToArray();
        TransposeRows = layer.Topology.TransposeRows.ToArray();
        Parameters = new LinkParameters[layer.Weights.Length];
        for (int link = 0; link < Parameters.Length; link++)
            Parameters[link] = new LinkParameters(layer.Weights[link], layer.WeightVelocity[link]);
        Bias = (float[])layer.Bias.Clone();
        BiasVelocity = (float[])layer.BiasVelocity.Clone();
        Relu = layer.Relu;
    }

    public LayerTopology Topology { get; }
    public int Inputs => Topology.Inputs;
    public int Outputs => Topology.Outputs;
    public int[] RowOffsets { get; }
    public int[] Columns { get; }
    public int[] TransposeOffsets { get; }
    public int[] TransposeLinks { get; }
    public int[] TransposeRows { get; }

    /// <summary>Each link's weight and velocity side by side, in link order: the fused backward-and-update pass
    /// reaches links at random, and then one cache line holds both.</summary>
    public LinkParameters[] Parameters { get; }

    public float[] Bias { get; }
    public float[] BiasVelocity { get; }
    public bool Relu { get; }

    /// <summary>Copies weights and velocities back into <paramref name="layer"/>, whose topology is this one.</summary>
    public void StoreParameters(Layer layer)
    {
        for (int link = 0; link < Parameters.Length; link++)
        {
            layer.Weights[link] = Parameters[link].Weight;
            layer.WeightVelocity[link] = Parameters[link].Velocity;
        }
        Bias.CopyTo(layer.Bias, 0);
        BiasVelocity.CopyTo(layer.BiasVelocity, 0);
    }
}

/// <summary>One link's weight and its SGD momentum.</summary>
internal struct LinkParameters(float weight, float velocity)
{
    public float Weight = weight;
    public float Velocity = velocity;
}
