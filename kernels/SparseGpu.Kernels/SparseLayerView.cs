using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// One layer on the device: links grouped by output neuron (row offsets, input per link, output per link), the
/// transpose index grouped by input neuron, weights and momentum aligned with the links, biases and their
/// momentum per output neuron. Passed to kernels by value; the buffers stay on the device.
/// </summary>
public struct SparseLayerView
{
    public int Inputs;
    public int Outputs;
    public int Links;
    public ArrayView<int> RowOffsets;
    public ArrayView<int> Columns;
    public ArrayView<int> Rows;
    public ArrayView<int> TransposeOffsets;
    public ArrayView<int> TransposeLinks;
    public ArrayView<int> TransposeRows;
    public ArrayView<float> Weights;
    public ArrayView<float> Velocity;
    public ArrayView<float> Bias;
    public ArrayView<float> BiasVelocity;
}

/// <summary>SGD hyper-parameters of one step: v = μv + g + λw; w -= lr·v.</summary>
public struct SgdParameters
{
    public float LearningRate;
    public float Momentum;
    public float WeightDecay;

    public SgdParameters(float learningRate, float momentum, float weightDecay)
    {
        LearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
    }
}
