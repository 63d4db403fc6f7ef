using SparseGpu.Data;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines;

/// <summary>Which of a batch's buffers: activations (by layer, 0 the input), pre-activation gradients (by layer), the
/// input gradient.</summary>
public enum BatchBuffer
{
    Activations,
    Gradients,
    InputGradient,
}

/// <summary>A batch's buffers on the engine's device: activations, gradients, labels, input gradient.</summary>
public interface IBatchBuffers : IDisposable
{
    /// <summary>The most samples the buffers hold.</summary>
    int Capacity { get; }
}

/// <summary>
/// The operations of a batch, one call each, on buffers resident on the engine's device. An engine implements
/// only these; <see cref="BatchEngine{TImages, TBatch, TResults}"/> owns their order (the schedule of training,
/// evaluation and FGSM), chunking and timing, so the schedule exists once. Activations are indexed by layer
/// (0 the input), gradients by the layer whose pre-activation they belong to.
/// </summary>
/// <typeparam name="TImages">An image set resident on the device, with a visiting order (identity until
/// set).</typeparam>
/// <typeparam name="TBatch">One batch's buffers.</typeparam>
/// <typeparam name="TResults">Per-sample loss and correctness slots.</typeparam>
public interface IBatchOperations<TImages, TBatch, TResults> : IDisposable
    where TImages : class, IDisposable
    where TBatch : class, IBatchBuffers
    where TResults : class, IDisposable
{
    /// <summary>The device name as the --device option spells it.</summary>
    string Name { get; }

    /// <summary>One line naming the hardware, for logs and config.json.</summary>
    string Description { get; }

    /// <summary>A link predictor (a <see cref="LinkPrediction.LinkPredictionMethods"/> name) scoring on this
    /// device: each backend builds its own, so regrowth never asks which engine it has.</summary>
    LinkPrediction.ILinkScorer LinkScorer(string method);

    /// <summary>Images per evaluation chunk: enough to keep the device busy, few enough to bound memory.</summary>
    int EvaluationChunk { get; }

    /// <summary>The topologies of the loaded network (empty before the first load).</summary>
    IReadOnlyList<LayerTopology> Topologies { get; }

    /// <summary>Copies topology, parameters and optimizer state in; buffers of the same layer sizes stay
    /// valid.</summary>
    void LoadNetwork(Network network);

    /// <summary>Copies parameters and optimizer state back into a network whose topology is the loaded one.</summary>
    void StoreNetwork(Network network);

    TImages Upload(ImageSet images);

    void SetOrder(TImages images, int[] order);

    /// <summary>Buffers for up to <paramref name="capacity"/> samples of the loaded network's layer sizes.</summary>
    TBatch AllocateBatch(int capacity);

    TResults AllocateResults(int length);

    /// <summary>Scaled pixels and labels of the images at positions [offset, offset+count) of the set's
    /// order.</summary>
    void Gather(TImages images, int offset, int count, TBatch batch);

    /// <summary>Activations[layer+1] from activations[layer] (ReLU where the layer has one).</summary>
    void Forward(int layer, TBatch batch, int count);

    /// <summary>
    /// Per-sample loss and correctness of the last activations into results [resultOffset, resultOffset+count);
    /// with <paramref name="withGradient"/>, also the gradient of the batch-mean loss into the last gradients.
    /// </summary>
    void SoftmaxCrossEntropy(TBatch batch, int count, bool withGradient, TResults results, int resultOffset);

    /// <summary>
    /// Gradients[layer−1] from gradients[layer] through the layer's weights, masked by the ReLU of
    /// activations[layer]; for layer 0, the unmasked gradient with respect to the input pixels.
    /// </summary>
    void BackwardInput(int layer, TBatch batch, int count);

    /// <summary>The layer's weight and bias gradients from activations[layer] and gradients[layer], then one SGD
    /// step.</summary>
    void Update(int layer, TBatch batch, int count, SgdStep step);

    /// <summary>
    /// <see cref="BackwardInput"/> then <see cref="Update"/> of a layer above the first, the order training needs
    /// (the input gradient uses the weights the step started from). An engine may fuse the two passes into one
    /// with the same results.
    /// </summary>
    void BackwardInputAndUpdate(int layer, TBatch batch, int count, SgdStep step)
    {
        BackwardInput(layer, batch, count);
        Update(layer, batch, count, step);
    }

    /// <summary>Zeroed gradient sums for the candidate links <paramref name="keys"/> (ascending; null: the layer's
    /// <see cref="Topology.LinkGradientTable.Candidates"/>, which operations that need no key list to sum build only
    /// when read) of layer <paramref name="layer"/>, on the device.</summary>
    ILinkGradients AllocateLinkGradients(int layer, long[]? keys);

    /// <summary>
    /// Adds to each candidate's sum in <paramref name="sums"/> (allocated by these operations for
    /// <paramref name="layer"/>) this batch's dense-equivalent gradient of its weight,
    /// Σ_samples gradients[layer][output]·activations[layer][input], summed over the samples in ascending order
    /// in the engine's precision, then added to the sum.
    /// </summary>
    void AccumulateLinkGradients(int layer, TBatch batch, int count, ILinkGradients sums);

    /// <summary>
    /// Inverted dropout on a hidden layer's units (<see cref="DropoutFormula"/>): each kept value of
    /// <paramref name="buffer"/>[<paramref name="layer"/>] (activations or pre-activation gradients, not the input)
    /// multiplied by the mask's scale, each dropped one set to 0. Training only: after the layer's
    /// <see cref="Forward"/> on its activations, and after the backward pass into its gradient.
    /// <paramref name="masks"/> holds one mask per network the operations cover (one, but for a pack's), all for the
    /// same batch position.
    /// </summary>
    void Dropout(TBatch batch, BatchBuffer buffer, int layer, int count, DropoutMask[] masks);

    /// <summary>Keeps the gathered input for <see cref="Fgsm"/>, which overwrites it.</summary>
    void KeepInput(TBatch batch, int count);

    /// <summary>Input = clip(kept input + ε·sign(input gradient), 0, 1).</summary>
    void Fgsm(TBatch batch, int count, float epsilon);

    /// <summary>Results [offset, offset+losses.Length) to the host.</summary>
    void ReadResults(TResults results, int offset, Span<double> losses, Span<bool> correct);

    /// <summary>Predicted classes of results [offset, offset+predicted.Length) to the host (for a confusion
    /// matrix; plain evaluation does not read them).</summary>
    void ReadPredictions(TResults results, int offset, Span<byte> predicted);

    /// <summary>Copies host values, [sample][unit], into one of a batch's buffers (tests and diagnostics).</summary>
    void Write(TBatch batch, BatchBuffer buffer, int layer, int count, ReadOnlySpan<float> values);

    /// <summary>Copies one of a batch's buffers to the host as [sample][unit] (logits, tests, diagnostics).</summary>
    void Read(TBatch batch, BatchBuffer buffer, int layer, int count, Span<float> values);

    /// <summary>Waits for every queued operation (a no-op where operations run synchronously).</summary>
    void Synchronize();
}
