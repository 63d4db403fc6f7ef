using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// One layer of <see cref="Networks"/> same-shape networks on the device, pooled: network n's links sit at
/// [n·Links, (n+1)·Links) of every per-link array (grouped by output neuron: row offsets, input per link, output per
/// link; the transpose index grouped by input neuron; weights and momentum), its row offsets at n·(Outputs+1), its
/// transpose offsets at n·(Inputs+1), its biases and their momentum at n·Outputs. Offsets and indices stored in the
/// arrays are local to their network, so one network's arrays are exactly a lone network's. A batch's buffers are
/// pooled alike ([network][unit][sample]), so a kernel's thread finds its network by dividing its index by one
/// network's share and then does exactly the lone network's float operations: packing K networks into one launch
/// changes no result. Passed to kernels by value; the buffers stay on the device.
/// </summary>
public struct SparseLayerView
{
    /// <summary>How many networks the arrays hold (1 for a lone network).</summary>
    public int Networks;
    public int Inputs;
    public int Outputs;

    /// <summary>Links of each network (the same for all: topology edits conserve a layer's link count).</summary>
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
