using SparseGpu.Data;
using SparseGpu.Evaluation;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// One network of a <see cref="NetworkPack"/> as an ordinary engine, so the trainer and the training job drive it
/// as they drive any other: training steps are the pack's collective steps, everything else runs on the network's
/// slot of the pooled layers alone.
/// </summary>
public sealed class PackedLane : INetworkEngine
{
    private readonly NetworkPack _pack;
    private readonly int _lane;
    private BatchEngine<DeviceImageSet, DeviceBatch, DeviceResults>? _slot;

    internal PackedLane(NetworkPack pack, int lane)
    {
        _pack = pack;
        _lane = lane;
    }

    public string Name => _pack.DeviceName;

    public string Description => _pack.Describe(_lane);

    /// <summary>The predictor on the pack's accelerator, one lane at a time.</summary>
    public ILinkScorer LinkScorer(string method) =>
        LinkScorers.OnAccelerator(LinkPredictionMethods.Require(method), _pack.LinkScorer(method));

    public void LoadNetwork(Network network) =>
        _pack.Exclusive(() => (_slot ??= _pack.SlotEngine(_lane, network)).LoadNetwork(network));

    public void StoreNetwork(Network network) => _pack.Exclusive(() => Slot.StoreNetwork(network));

    public void SetTrainingSet(ImageSet train) => _pack.SetTrainingSet(_lane, train);

    public void BeginEpoch(ReadOnlySpan<int> order, EpochDropout dropout = default) =>
        _pack.BeginEpoch(_lane, order, dropout);

    public void TrainBatch(int offset, int count, SgdStep step) => _pack.TrainBatch(_lane, offset, count, step);

    public void ReadTrainingResults(Span<float> losses, Span<bool> correct) =>
        _pack.ReadTrainingResults(_lane, losses, correct);

    public EvaluationResult Evaluate(ImageSet data) => _pack.Exclusive(() => Slot.Evaluate(data));

    public ClassEvaluation EvaluateByClass(ImageSet data) => _pack.Exclusive(() => Slot.EvaluateByClass(data));

    public EvaluationResult[] EvaluateUnderAttack(ImageSet data, IInputAttack attack) =>
        _pack.Exclusive(() => Slot.EvaluateUnderAttack(data, attack));

    public void ComputeLogits(ImageSet data, int offset, int count, Span<float> logits)
    {
        float[] values = new float[logits.Length];
        _pack.Exclusive(() => Slot.ComputeLogits(data, offset, count, values));
        values.CopyTo(logits);
    }

    /// <summary>Leaves the pack: the other lanes stop waiting for this one. The pack frees the device.</summary>
    public void Dispose() => _pack.Leave(_lane);

    internal void DisposeEngine() => _slot?.Dispose();

    private BatchEngine<DeviceImageSet, DeviceBatch, DeviceResults> Slot =>
        _slot ?? throw new InvalidOperationException("LoadNetwork first");
}
