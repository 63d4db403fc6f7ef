using SparseGpu.Data;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// The fast CPU path's batch operations: native vector loops over the batch-inner layout ([neuron][batch], so one
/// link touches a contiguous run of the batch), each pass split among threads by links. Results are
/// bit-identical whatever the thread count.
/// </summary>
public sealed class CpuOperations : IBatchOperations<HostImages, CpuBatch, HostResults<float>>
{
    // Below about this many multiply-adds a part is not worth a thread hand-off.
    internal const int MinimumWorkPerPart = 4096;

    private readonly WorkSplitter _splitter;
    private List<CpuLayer> _layers = [];

    public CpuOperations(int threads = 0) => _splitter = new WorkSplitter(CpuThreads.Resolve(threads));

    public string Name => "cpu";

    public string Description => CpuEngine.Describe(_splitter.Threads);

    public int Threads => _splitter.Threads;

    public LinkPrediction.ILinkScorer LinkScorer(string method) => LinkScorers.FastCpu(method, Threads);

    /// <summary>
    /// Images per evaluation chunk: a training batch's worth, two cache lines per neuron. Wider chunks read the same
    /// bytes but make every layer's activations proportionally larger, and on wide layers the random reads then
    /// miss the L3 cache that a 32-image chunk still partly hits: measured on the 2-core VM, 10,000 test images
    /// through 3 × 333,333 neurons took 46–48 s at 32, 50–52 s at 64 and 62–79 s at 256; through 3 × 10,000
    /// neurons at 1% density 2.8 s at 32 and 5.5 s at 256; the default network ~0.07 s either way.
    /// </summary>
    public int EvaluationChunk => NetworkMemory.CpuEvaluationChunk;

    public IReadOnlyList<LayerTopology> Topologies => _layers.Select(l => l.Topology).ToList();

    public void LoadNetwork(Network network) => _layers = network.Layers.Select(l => new CpuLayer(l)).ToList();

    public void StoreNetwork(Network network)
    {
        for (int k = 0; k < _layers.Count; k++)
            _layers[k].StoreParameters(network.Layers[k]);
    }

    public HostImages Upload(ImageSet images) => new(images);

    public void SetOrder(HostImages images, int[] order) => images.Order = order;

    public CpuBatch AllocateBatch(int capacity) => new(_layers, capacity);

    public HostResults<float> AllocateResults(int length) => new(length);

    public void Gather(HostImages images, int offset, int count, CpuBatch batch)
    {
        ImageSet data = images.Images;
        _splitter.For(
            data.InputSize,
            Math.Max(1, MinimumWorkPerPart / (4 * count)),
            (start, end) =>
                GatherInputsCpu.Run(
                    data.Pixels,
                    data.Labels,
                    data.InputSize,
                    images.Order.AsSpan(offset, count),
                    batch.Activations[0],
                    batch.Labels,
                    start,
                    end
                )
        );
    }

    public void Forward(int layer, CpuBatch batch, int count)
    {
        CpuLayer l = _layers[layer];
        AlignedRows x = batch.Activations[layer],
            y = batch.Activations[layer + 1];
        // Blocked first: a dense layer whose input rows outgrow L2 is better served from cached blocks than by pairs.
        bool blocked = SparseForwardCpu.PrefersBlocked(l, count),
            dense = !blocked && LongRowForwardCpu.ServesDense(l, count),
            paired = !blocked && !dense && LongRowForwardCpu.ServesLongRows(l, count);
        _splitter.ForByLinks(
            l.Outputs,
            l.RowOffsets,
            LinksPerPart(count),
            (start, end) =>
            {
                if (blocked)
                    SparseForwardCpu.RunBlocked(l, x, y, start, end);
                else if (dense)
                    LongRowForwardCpu.RunDense(l, x, y, start, end);
                else if (paired)
                    LongRowForwardCpu.RunPaired(l, x, y, start, end);
                else
                    SparseForwardCpu.Run(l, x, y, count, start, end);
            }
        );
    }

    public void SoftmaxCrossEntropy(
        CpuBatch batch,
        int count,
        bool withGradient,
        HostResults<float> results,
        int resultOffset
    ) =>
        SoftmaxCrossEntropyCpu.Run(
            batch.Activations[^1],
            _layers[^1].Outputs,
            count,
            batch.Labels.AsSpan(0, count),
            withGradient ? batch.Gradients[^1] : null,
            results.Losses.AsSpan(resultOffset, count),
            results.Correct.AsSpan(resultOffset, count),
            results.Predicted.AsSpan(resultOffset, count)
        );

    public void BackwardInput(int layer, CpuBatch batch, int count)
    {
        CpuLayer l = _layers[layer];
        // Into the previous layer's gradient, masked by its ReLU; at the input, unmasked into the input gradient.
        AlignedRows? mask = layer > 0 ? batch.Activations[layer] : null;
        AlignedRows dx = layer > 0 ? batch.Gradients[layer - 1] : batch.InputGradient;
        _splitter.ForByLinks(
            l.Inputs,
            l.TransposeOffsets,
            LinksPerPart(count),
            (start, end) => SparseBackwardInputCpu.Run(l, batch.Gradients[layer], mask, dx, count, start, end)
        );
    }

    public void Update(int layer, CpuBatch batch, int count, SgdStep step)
    {
        CpuLayer l = _layers[layer];
        _splitter.ForByLinks(
            l.Outputs,
            l.RowOffsets,
            LinksPerPart(count),
            (start, end) =>
                SgdUpdateCpu.Run(
                    l,
                    batch.Activations[layer],
                    batch.Gradients[layer],
                    count,
                    step.Parameters,
                    start,
                    end
                )
        );
    }

    /// <summary>Fused where the batch fills four vectors (<see cref="SparseBackwardAndUpdateCpu"/>): the update then
    /// reads each link's input row in order instead of at random, the biggest cost of wide layers.</summary>
    public void BackwardInputAndUpdate(int layer, CpuBatch batch, int count, SgdStep step)
    {
        if (layer == 0 || !SparseBackwardAndUpdateCpu.Supports(count))
        {
            BackwardInput(layer, batch, count);
            Update(layer, batch, count, step);
            return;
        }
        CpuLayer l = _layers[layer];
        _splitter.ForByLinks(
            l.Inputs,
            l.TransposeOffsets,
            LinksPerPart(count),
            (start, end) =>
                SparseBackwardAndUpdateCpu.Run(
                    l,
                    batch.Activations[layer],
                    batch.Gradients[layer],
                    batch.Gradients[layer - 1],
                    step.Parameters,
                    start,
                    end
                )
        );
        _splitter.For(
            l.Outputs,
            Math.Max(1, MinimumWorkPerPart / count),
            (start, end) =>
                SparseBackwardAndUpdateCpu.UpdateBiases(l, batch.Gradients[layer], step.Parameters, start, end)
        );
    }

    public ILinkGradients AllocateLinkGradients(int layer, long[]? keys) =>
        new CpuLinkGradients(_layers[layer].Topology, keys, _splitter);

    /// <summary>Keeps the batch's inputs (transposed) and output gradients for the sums, which are made when read
    /// (<see cref="CpuLinkGradients"/>).</summary>
    public void AccumulateLinkGradients(int layer, CpuBatch batch, int count, ILinkGradients sums)
    {
        CpuLayer l = _layers[layer];
        var own =
            sums as CpuLinkGradients ?? throw new ArgumentException("gradient sums of another engine", nameof(sums));
        float[] transposed = new float[l.Inputs * count];
        _splitter.For(
            l.Inputs,
            Math.Max(1, MinimumWorkPerPart / count),
            (start, end) =>
                LinkGradientsCpu.Transpose(batch.Activations[layer], l.Inputs, count, transposed, start, end)
        );
        float[] dy = batch.Gradients[layer].AsSpan(0, l.Outputs * count).ToArray();
        own.Add(transposed, dy, count);
    }

    public void Dropout(CpuBatch batch, BatchBuffer buffer, int layer, int count, DropoutMask[] masks)
    {
        DropoutMask mask = EngineChecks.OneNetwork(masks);
        AlignedRows rows = Rows(batch, buffer, layer);
        // A hidden layer's units: the outputs of the layer below its activations, or of its gradient's own layer.
        int units = buffer == BatchBuffer.Activations ? _layers[layer - 1].Outputs : _layers[layer].Outputs;
        _splitter.For(
            units,
            Math.Max(1, MinimumWorkPerPart / count),
            (start, end) => DropoutCpu.Run(rows, count, mask, start, end)
        );
    }

    public void KeepInput(CpuBatch batch, int count)
    {
        int elements = _layers[0].Inputs * count;
        batch.Activations[0].AsSpan(0, elements).CopyTo(batch.KeptInput.AsSpan(0, elements));
    }

    public void Fgsm(CpuBatch batch, int count, float epsilon) =>
        Cpu.Fgsm.Apply(batch.KeptInput, batch.InputGradient, epsilon, batch.Activations[0], _layers[0].Inputs * count);

    public void ReadResults(HostResults<float> results, int offset, Span<double> losses, Span<bool> correct)
    {
        for (int i = 0; i < losses.Length; i++)
            losses[i] = results.Losses[offset + i];
        results.Correct.AsSpan(offset, correct.Length).CopyTo(correct);
    }

    public void ReadPredictions(HostResults<float> results, int offset, Span<byte> predicted) =>
        results.Predicted.AsSpan(offset, predicted.Length).CopyTo(predicted);

    public void Write(CpuBatch batch, BatchBuffer buffer, int layer, int count, ReadOnlySpan<float> values)
    {
        int units = BatchBufferShape.Units(Topologies, buffer, layer);
        BatchLayout.ToUnitMajor(values, Rows(batch, buffer, layer).AsSpan(0, units * count), units, count);
    }

    public void Read(CpuBatch batch, BatchBuffer buffer, int layer, int count, Span<float> values)
    {
        int units = BatchBufferShape.Units(Topologies, buffer, layer);
        BatchLayout.ToSampleMajor(Rows(batch, buffer, layer).AsSpan(0, units * count), values, units, count);
    }

    public void Synchronize() { }

    public void Dispose() => _splitter.Dispose();

    private static AlignedRows Rows(CpuBatch batch, BatchBuffer buffer, int layer) =>
        buffer switch
        {
            BatchBuffer.Activations => batch.Activations[layer],
            BatchBuffer.Gradients => batch.Gradients[layer],
            _ => batch.InputGradient,
        };

    private static long LinksPerPart(int batch) => Math.Max(1, MinimumWorkPerPart / Math.Max(1, batch));
}
