using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Model;

namespace SparseGpu.Tests.Training;

/// <summary>Passes everything to an engine; subclasses change one behaviour to provoke a situation.</summary>
internal abstract class EngineDecorator(INetworkEngine inner) : INetworkEngine, ILinkGradientEngine
{
    protected INetworkEngine Inner { get; } = inner;
    public string Name => Inner.Name;
    public string Description => Inner.Description;

    public SparseGpu.LinkPrediction.ILinkScorer LinkScorer(string method) => Inner.LinkScorer(method);

    public virtual void LoadNetwork(Network network) => Inner.LoadNetwork(network);

    public void StoreNetwork(Network network) => Inner.StoreNetwork(network);

    public void SetTrainingSet(ImageSet train) => Inner.SetTrainingSet(train);

    public virtual void BeginEpoch(ReadOnlySpan<int> order, EpochDropout dropout = default) =>
        Inner.BeginEpoch(order, dropout);

    public virtual void TrainBatch(int offset, int count, SgdStep step) => Inner.TrainBatch(offset, count, step);

    public virtual void ReadTrainingResults(Span<float> losses, Span<bool> correct) =>
        Inner.ReadTrainingResults(losses, correct);

    public EvaluationResult Evaluate(ImageSet data) => Inner.Evaluate(data);

    public SparseGpu.Evaluation.ClassEvaluation EvaluateByClass(ImageSet data) => Inner.EvaluateByClass(data);

    public EvaluationResult[] EvaluateUnderAttack(ImageSet data, IInputAttack attack) =>
        Inner.EvaluateUnderAttack(data, attack);

    public void ComputeLogits(ImageSet data, int offset, int count, Span<float> logits) =>
        Inner.ComputeLogits(data, offset, count, logits);

    public ILinkGradients?[] LinkGradientSums(IReadOnlyList<bool> layers, int offset, int count, int batchSize) =>
        ((ILinkGradientEngine)Inner).LinkGradientSums(layers, offset, count, batchSize);

    public void Dispose() => Inner.Dispose();
}

/// <summary>Fires the cancellation after a number of batches, as Ctrl-C would.</summary>
internal sealed class CancelAfterBatches(INetworkEngine inner, int batches, CancellationTokenSource cancel)
    : EngineDecorator(inner)
{
    private int _done;

    public override void TrainBatch(int offset, int count, SgdStep step)
    {
        base.TrainBatch(offset, count, step);
        if (++_done == batches)
            cancel.Cancel();
    }
}

/// <summary>Reports NaN losses from a given epoch on, as a diverging model does.</summary>
internal sealed class NanAfterEpochs(INetworkEngine inner, int goodEpochs) : EngineDecorator(inner)
{
    private int _epochs;

    public override void BeginEpoch(ReadOnlySpan<int> order, EpochDropout dropout = default)
    {
        _epochs++;
        base.BeginEpoch(order, dropout);
    }

    public override void ReadTrainingResults(Span<float> losses, Span<bool> correct)
    {
        base.ReadTrainingResults(losses, correct);
        if (_epochs > goodEpochs)
            losses.Fill(float.NaN);
    }
}
