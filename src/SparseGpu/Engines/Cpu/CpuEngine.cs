using System.Diagnostics;
using SparseGpu.Data;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// The fast CPU path: native vector loops over the batch-inner layout ([neuron][batch], so one link touches a
/// contiguous run of the batch), one thread per contiguous range of neurons. The ILGPU CPU accelerator simulates
/// GPU threads and is ~1000× slower per element; this engine is how machines without a GPU train.
/// Results are bit-identical whatever the thread count.
/// </summary>
public sealed class CpuEngine : ITrainingEngine, IProfilingEngine
{
    private const int EvaluationChunk = 256;
    // Below about this many multiply-adds a part is not worth a thread hand-off.
    private const int MinimumWorkPerPart = 4096;

    private readonly WorkSplitter _splitter;
    private List<CpuLayer> _layers = [];
    private ImageSet? _train;
    private int[] _order = [];
    private float[] _losses = [];
    private bool[] _correct = [];
    private BatchBuffers? _trainBuffers;
    private BatchBuffers? _evaluationBuffers;

    public CpuEngine(int threads = 0)
    {
        _splitter = new WorkSplitter(threads > 0 ? threads : Environment.ProcessorCount);
    }

    public string Name => "cpu";

    public ILinkScorer LinkScorer => new Ch3L3Cpu(_splitter.Threads);

    public string Description => Describe(_splitter.Threads);

    /// <summary>The engine's description without starting its threads.</summary>
    public static string Describe(int threads) => $"fast CPU path ({Hardware(threads)})";

    /// <summary>Threads and vector width, e.g. "2 threads, 256-bit vectors with FMA".</summary>
    public static string Hardware(int threads) =>
        $"{(threads > 0 ? threads : Environment.ProcessorCount)} threads, {Simd.Describe()}";

    public void LoadNetwork(Network network)
    {
        _layers = network.Layers.Select(l => new CpuLayer(l)).ToList();
        _trainBuffers = null;
        _evaluationBuffers = null;
    }

    public void StoreNetwork(Network network)
    {
        EngineChecks.RequireSameTopology(network, _layers.Select(l => l.Topology).ToList());
        for (int k = 0; k < _layers.Count; k++)
        {
            CpuLayer source = _layers[k];
            Layer target = network.Layers[k];
            source.Weights.CopyTo(target.Weights, 0);
            source.Velocity.CopyTo(target.WeightVelocity, 0);
            source.Bias.CopyTo(target.Bias, 0);
            source.BiasVelocity.CopyTo(target.BiasVelocity, 0);
        }
    }

    public void SetTrainingSet(ImageSet train)
    {
        _train = train;
        _losses = new float[train.Count];
        _correct = new bool[train.Count];
    }

    public void BeginEpoch(ReadOnlySpan<int> order) => _order = EngineChecks.RequireOrder(order, _train);

    public void TrainBatch(int offset, int count, SgdStep step) => RunBatch(offset, count, step, timings: null);

    public IReadOnlyList<OperationTiming> ProfileBatch(int offset, int count, SgdStep step)
    {
        var timings = new List<OperationTiming>();
        RunBatch(offset, count, step, timings);
        return timings;
    }

    public void ReadTrainingResults(Span<float> losses, Span<bool> correct)
    {
        _losses.AsSpan(0, losses.Length).CopyTo(losses);
        _correct.AsSpan(0, correct.Length).CopyTo(correct);
    }

    public EvaluationResult Evaluate(ImageSet data)
    {
        var tally = new ResultTally();
        Span<float> losses = stackalloc float[EvaluationChunk];
        Span<bool> correct = stackalloc bool[EvaluationChunk];
        for (int offset = 0; offset < data.Count; offset += EvaluationChunk)
        {
            int count = Math.Min(EvaluationChunk, data.Count - offset);
            BatchBuffers buffers = ForwardChunk(data, offset, count);
            SoftmaxCrossEntropyCpu.Run(buffers.Activations[^1], _layers[^1].Outputs, count, buffers.Labels.AsSpan(0, count),
                null, losses[..count], correct[..count]);
            tally.Add(losses[..count], correct[..count]);
        }
        return tally.Result;
    }

    public EvaluationResult[] EvaluateAdversarial(ImageSet data, IReadOnlyList<float> epsilons)
    {
        var tallies = new ResultTally[epsilons.Count];
        Span<float> losses = stackalloc float[EvaluationChunk];
        Span<bool> correct = stackalloc bool[EvaluationChunk];
        int classes = _layers[^1].Outputs, inputs = _layers[0].Inputs;
        var original = new AlignedRows(inputs * EvaluationChunk);
        var gradient = new AlignedRows(inputs * EvaluationChunk);
        for (int offset = 0; offset < data.Count; offset += EvaluationChunk)
        {
            int count = Math.Min(EvaluationChunk, data.Count - offset);
            BatchBuffers buffers = ForwardChunk(data, offset, count);
            ReadOnlySpan<byte> labels = buffers.Labels.AsSpan(0, count);
            SoftmaxCrossEntropyCpu.Run(buffers.Activations[^1], classes, count, labels, buffers.Gradients[^1], losses[..count], correct[..count]);
            for (int k = _layers.Count - 1; k > 0; k--) BackwardInput(k, buffers, count);
            CpuLayer first = _layers[0];
            _splitter.ForByLinks(inputs, first.TransposeOffsets, LinksPerPart(count),
                (start, end) => SparseBackwardInputCpu.Run(first, buffers.Gradients[0], null, gradient, count, start, end));
            buffers.Activations[0].AsSpan(0, inputs * count).CopyTo(original.AsSpan(0, inputs * count));
            for (int e = 0; e < epsilons.Count; e++)
            {
                Fgsm.Apply(original, gradient, epsilons[e], buffers.Activations[0], inputs * count);
                for (int k = 0; k < _layers.Count; k++) Forward(k, buffers, count);
                SoftmaxCrossEntropyCpu.Run(buffers.Activations[^1], classes, count, labels, null, losses[..count], correct[..count]);
                tallies[e].Add(losses[..count], correct[..count]);
            }
        }
        return tallies.Select(t => t.Result).ToArray();
    }

    public void ComputeLogits(ImageSet data, int offset, int count, Span<float> logits)
    {
        int classes = _layers[^1].Outputs;
        for (int done = 0; done < count; done += EvaluationChunk)
        {
            int chunk = Math.Min(EvaluationChunk, count - done);
            AlignedRows z = ForwardChunk(data, offset + done, chunk).Activations[^1];
            for (int b = 0; b < chunk; b++)
                for (int c = 0; c < classes; c++)
                    logits[(done + b) * classes + c] = z[c * chunk + b];
        }
    }

    public void Dispose() => _splitter.Dispose();

    private void RunBatch(int offset, int count, SgdStep step, List<OperationTiming>? timings)
    {
        ImageSet train = _train ?? throw new InvalidOperationException("SetTrainingSet first");
        EngineChecks.RequireBatch(offset, count, _order.Length);
        BatchBuffers buffers = _trainBuffers = BatchBuffers.Ensure(_trainBuffers, _layers, count);
        long clock = Stopwatch.GetTimestamp();

        Gather(train, _order, offset, count, buffers);
        Mark(timings, "gather inputs", ref clock);
        for (int k = 0; k < _layers.Count; k++)
        {
            Forward(k, buffers, count);
            Mark(timings, $"forward {k + 1}", ref clock);
        }
        SoftmaxCrossEntropyCpu.Run(buffers.Activations[^1], _layers[^1].Outputs, count, buffers.Labels.AsSpan(0, count),
            buffers.Gradients[^1], _losses.AsSpan(offset, count), _correct.AsSpan(offset, count));
        Mark(timings, "softmax cross-entropy", ref clock);
        for (int k = _layers.Count - 1; k >= 0; k--)
        {
            if (k > 0)
            {
                BackwardInput(k, buffers, count);
                Mark(timings, $"backward input {k + 1}", ref clock);
            }
            Update(k, buffers, count, step);
            Mark(timings, $"sgd update {k + 1}", ref clock);
        }
    }

    private BatchBuffers ForwardChunk(ImageSet data, int offset, int count)
    {
        BatchBuffers buffers = _evaluationBuffers = BatchBuffers.Ensure(_evaluationBuffers, _layers, EvaluationChunk);
        int[] samples = new int[count];
        for (int b = 0; b < count; b++) samples[b] = offset + b;
        Gather(data, samples, 0, count, buffers);
        for (int k = 0; k < _layers.Count; k++) Forward(k, buffers, count);
        return buffers;
    }

    private void Gather(ImageSet data, int[] samples, int offset, int count, BatchBuffers buffers) =>
        _splitter.For(data.InputSize, Math.Max(1, MinimumWorkPerPart / (4 * count)), (start, end) =>
            GatherInputsCpu.Run(data.Pixels, data.Labels, data.InputSize, samples.AsSpan(offset, count), buffers.Activations[0], buffers.Labels, start, end));

    private void Forward(int k, BatchBuffers buffers, int batch)
    {
        CpuLayer layer = _layers[k];
        _splitter.ForByLinks(layer.Outputs, layer.RowOffsets, LinksPerPart(batch),
            (start, end) => SparseForwardCpu.Run(layer, buffers.Activations[k], buffers.Activations[k + 1], batch, start, end));
    }

    private void BackwardInput(int k, BatchBuffers buffers, int batch)
    {
        CpuLayer layer = _layers[k];
        _splitter.ForByLinks(layer.Inputs, layer.TransposeOffsets, LinksPerPart(batch),
            (start, end) => SparseBackwardInputCpu.Run(layer, buffers.Gradients[k], buffers.Activations[k], buffers.Gradients[k - 1], batch, start, end));
    }

    private void Update(int k, BatchBuffers buffers, int batch, SgdStep step)
    {
        CpuLayer layer = _layers[k];
        _splitter.ForByLinks(layer.Outputs, layer.RowOffsets, LinksPerPart(batch),
            (start, end) => SgdUpdateCpu.Run(layer, buffers.Activations[k], buffers.Gradients[k], batch, step, start, end));
    }

    private static long LinksPerPart(int batch) => Math.Max(1, MinimumWorkPerPart / Math.Max(1, batch));

    private static void Mark(List<OperationTiming>? timings, string operation, ref long clock)
    {
        if (timings is null) return;
        long now = Stopwatch.GetTimestamp();
        timings.Add(new OperationTiming(operation, Stopwatch.GetElapsedTime(clock, now).TotalSeconds));
        clock = now;
    }

    /// <summary>Activations (element 0 the input) and pre-activation gradients of every layer for one batch size.</summary>
    private sealed class BatchBuffers
    {
        private BatchBuffers(IReadOnlyList<CpuLayer> layers, int capacity)
        {
            Capacity = capacity;
            Activations = new AlignedRows[layers.Count + 1];
            Activations[0] = new AlignedRows(layers[0].Inputs * capacity);
            Gradients = new AlignedRows[layers.Count];
            for (int k = 0; k < layers.Count; k++)
            {
                Activations[k + 1] = new AlignedRows(layers[k].Outputs * capacity);
                Gradients[k] = new AlignedRows(layers[k].Outputs * capacity);
            }
            Labels = new byte[capacity];
        }

        public int Capacity { get; }
        public AlignedRows[] Activations { get; }
        public AlignedRows[] Gradients { get; }
        public byte[] Labels { get; }

        public static BatchBuffers Ensure(BatchBuffers? existing, IReadOnlyList<CpuLayer> layers, int batch)
        {
            if (layers.Count == 0) throw new InvalidOperationException("LoadNetwork first");
            return existing is not null && existing.Capacity >= batch ? existing : new BatchBuffers(layers, batch);
        }
    }
}
