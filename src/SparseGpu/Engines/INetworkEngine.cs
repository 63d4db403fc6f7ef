using SparseGpu.Data;
using SparseGpu.Evaluation;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines;

/// <summary>One SGD step's hyper-parameters (PyTorch's SGD: v = μv + g + λw; w -= lr·v; biases alike).</summary>
public readonly record struct SgdStep(float LearningRate, float Momentum, float WeightDecay)
{
    /// <summary>The same values as <see cref="SgdFormula"/> takes them, on the device and on the host.</summary>
    public SgdParameters Parameters => new(LearningRate, Momentum, WeightDecay);
}

/// <summary>Mean cross-entropy and accuracy over a set of images.</summary>
public readonly record struct EvaluationResult(double Loss, double Accuracy, int Correct, int Count);

/// <summary>
/// Runs a network's batches on one device: training steps, evaluation, attacks on the inputs, logits. Every
/// implementation is a <see cref="BatchEngine{TImages, TBatch, TResults}"/> over its device's operations (reference,
/// fast CPU path, ILGPU kernels), so they are interchangeable: the trainer cannot tell them apart. An engine holds its
/// own copy of the network and of the training set (on the device where it has one), so nothing crosses to the host
/// inside the batch loop;
/// <see cref="LoadNetwork"/> and <see cref="StoreNetwork"/> move the model between epochs, for topology edits and
/// checkpoints.
/// </summary>
public interface INetworkEngine : IDisposable
{
    /// <summary>The device name as the --device option spells it.</summary>
    string Name { get; }

    /// <summary>One line naming the hardware, for logs and config.json.</summary>
    string Description { get; }

    /// <summary>A link predictor (a <see cref="LinkPrediction.LinkPredictionMethods"/> name) scoring on this
    /// device: each backend builds its own, so regrowth never asks which engine it has.</summary>
    LinkPrediction.ILinkScorer LinkScorer(string method);

    /// <summary>Copies topology, parameters and optimizer state into the engine.</summary>
    void LoadNetwork(Network network);

    /// <summary>Copies parameters and optimizer state back into <paramref name="network"/>, whose topology must be the
    /// loaded one.</summary>
    void StoreNetwork(Network network);

    /// <summary>Makes the training images resident on the engine.</summary>
    void SetTrainingSet(ImageSet train);

    /// <summary>Sets the order in which this epoch visits the training images, and the epoch's dropout (off unless
    /// given): <see cref="TrainBatch"/> applies it; evaluation, attacks and logits never do.</summary>
    void BeginEpoch(ReadOnlySpan<int> order, EpochDropout dropout = default);

    /// <summary>
    /// One SGD step on the samples order[offset .. offset+count), loss averaged over them. The per-sample loss and
    /// correctness are kept, by position in the epoch, for <see cref="ReadTrainingResults"/>.
    /// </summary>
    void TrainBatch(int offset, int count, SgdStep step);

    /// <summary>Per-sample loss and correctness of the first losses.Length positions trained this epoch.</summary>
    void ReadTrainingResults(Span<float> losses, Span<bool> correct);

    /// <summary>Loss and accuracy of the current parameters on <paramref name="data"/> (kept resident for repeat
    /// calls).</summary>
    EvaluationResult Evaluate(ImageSet data);

    /// <summary><see cref="Evaluate"/> with each image's predicted class (the first largest logit, the one its
    /// correctness compares with the label) tallied per (true class, predicted class).</summary>
    ClassEvaluation EvaluateByClass(ImageSet data);

    /// <summary>Loss and accuracy on <paramref name="data"/> under an attack on its inputs, one result per
    /// level.</summary>
    EvaluationResult[] EvaluateUnderAttack(ImageSet data, IInputAttack attack);

    /// <summary>Read-out values (before softmax) of images [offset, offset+count), row-major [sample, class].</summary>
    void ComputeLogits(ImageSet data, int offset, int count, Span<float> logits);
}

/// <summary>Time of one step of the batch computation, for the benchmark.</summary>
public readonly record struct OperationTiming(string Operation, double Seconds);

/// <summary>An engine that can time each operation of a training step separately (synchronising after each).</summary>
public interface IProfilingEngine
{
    IReadOnlyList<OperationTiming> ProfileBatch(int offset, int count, SgdStep step);
}
