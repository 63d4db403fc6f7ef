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
        Weights = (float[])layer.Weights.Clone();
        Velocity = (float[])layer.WeightVelocity.Clone();
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
    public float[] Weights { get; }
    public float[] Velocity { get; }
    public float[] Bias { get; }
    public float[] BiasVelocity { get; }
    public bool Relu { get; }
}
