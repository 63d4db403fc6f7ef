namespace SparseGpu.Engines.Cpu;

/// <summary>
/// One batch in the [neuron][batch] layout: activations (element 0 the input), pre-activation gradients of every
/// layer, labels, the gradient with respect to the input and the kept clean input for FGSM.
/// </summary>
public sealed class CpuBatch : IBatchBuffers
{
    internal CpuBatch(IReadOnlyList<CpuLayer> layers, int capacity)
    {
        Capacity = capacity;
        int inputs = layers[0].Inputs;
        Activations = new AlignedRows[layers.Count + 1];
        Activations[0] = new AlignedRows(inputs * capacity);
        Gradients = new AlignedRows[layers.Count];
        for (int k = 0; k < layers.Count; k++)
        {
            Activations[k + 1] = new AlignedRows(layers[k].Outputs * capacity);
            Gradients[k] = new AlignedRows(layers[k].Outputs * capacity);
        }
        Labels = new byte[capacity];
        _inputGradient = new Lazy<AlignedRows>(() => new AlignedRows(inputs * capacity));
        _keptInput = new Lazy<AlignedRows>(() => new AlignedRows(inputs * capacity));
    }

    private readonly Lazy<AlignedRows> _inputGradient,
        _keptInput;

    public int Capacity { get; }
    internal AlignedRows[] Activations { get; }
    internal AlignedRows[] Gradients { get; }
    internal byte[] Labels { get; }

    // Only FGSM needs these two: allocated on first use.
    internal AlignedRows InputGradient => _inputGradient.Value;
    internal AlignedRows KeptInput => _keptInput.Value;

    public void Dispose() { }
}
