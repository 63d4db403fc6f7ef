namespace SparseGpu.Engines.Reference;

/// <summary>One batch as [sample][neuron] arrays, sized to the samples gathered last.</summary>
public sealed class ReferenceBatch(int layers, int capacity) : IBatchBuffers
{
    public int Capacity { get; } = capacity;

    /// <summary>Element 0 the input, element k+1 layer k's output.</summary>
    internal double[][][] Activations { get; } = new double[layers + 1][][];

    /// <summary>Gradient of the batch-mean loss with respect to each layer's pre-activation.</summary>
    internal double[][][] Gradients { get; } = new double[layers][][];

    internal byte[] Labels { get; set; } = [];
    internal double[][] InputGradient { get; set; } = [];
    internal double[][] KeptInput { get; set; } = [];

    public void Dispose() { }
}

/// <summary>The reference's candidate gradient sums of one layer, in double precision.</summary>
public sealed class ReferenceLinkGradients(Model.LayerTopology layer, long[] keys) : ILinkGradients
{
    public Model.LayerTopology Layer { get; } = layer;
    public long[] Keys { get; } = keys;
    internal double[] Sums { get; } = new double[keys.Length];

    public float[] Read() => Array.ConvertAll(Sums, v => (float)v);

    public void Dispose() { }
}
