using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using SparseGpu.Data;
using SparseGpu.Kernels;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// Training on an ILGPU accelerator (CUDA, OpenCL, or the CPU accelerator that simulates one). Network, training
/// set, sample order and per-sample results stay on the device; a batch is a fixed sequence of kernel launches
/// with no host copy. The host sees parameters only through <see cref="StoreNetwork"/> and results only through
/// <see cref="ReadTrainingResults"/> and <see cref="Evaluate"/>.
/// </summary>
public sealed class IlgpuEngine : ITrainingEngine, IProfilingEngine
{
    private const int EvaluationChunk = 1024;

    private readonly Accelerator _accelerator;
    private readonly IDisposable? _owner;
    private readonly TrainingKernels _kernels;
    private readonly List<DeviceLayer> _layers = [];
    private DeviceImageSet? _train;
    private int _orderLength;
    private DeviceImageSet? _evaluationSet;
    private DeviceBatch? _trainBatch;
    private DeviceBatch? _evaluationBatch;

    /// <param name="owner">Disposed with the engine (the context and accelerator it was created with), or null.</param>
    /// <param name="reduction">The SGD update's reduction; null: the one the accelerator supports best.</param>
    public IlgpuEngine(Accelerator accelerator, string name, IDisposable? owner = null, SgdReduction? reduction = null)
    {
        _accelerator = accelerator;
        _owner = owner;
        Name = name;
        _kernels = TrainingKernels.For(accelerator, reduction);
    }

    public string Name { get; }

    public ILinkScorer LinkScorer => new IlgpuLinkScorer(_accelerator);

    public string Description => _accelerator.AcceleratorType == AcceleratorType.CPU
        ? "ILGPU CPU accelerator (simulated GPU threads)"
        : $"{_accelerator.AcceleratorType} device '{_accelerator.Name}' via ILGPU ({_accelerator.MemorySize / (1 << 20)} MiB)";

    public void LoadNetwork(Network network)
    {
        bool sameShape = _layers.Count == network.Layers.Count && _layers.Zip(network.Layers).All(p => p.First.Fits(p.Second));
        if (!sameShape)
        {
            DisposeLayers();
            foreach (Layer layer in network.Layers) _layers.Add(new DeviceLayer(_accelerator, layer));
            _trainBatch?.Dispose();
            _trainBatch = null;
            _evaluationBatch?.Dispose();
            _evaluationBatch = null;
        }
        else
        {
            for (int k = 0; k < _layers.Count; k++) _layers[k].Upload(network.Layers[k]);
        }
        _accelerator.Synchronize();
    }

    public void StoreNetwork(Network network)
    {
        EngineChecks.RequireSameTopology(network, _layers.Select(l => l.Topology).ToList());
        _accelerator.Synchronize();
        for (int k = 0; k < _layers.Count; k++) _layers[k].Download(network.Layers[k]);
    }

    public void SetTrainingSet(ImageSet train)
    {
        _train?.Dispose();
        _train = new DeviceImageSet(_accelerator, train);
        _orderLength = 0;
    }

    public void BeginEpoch(ReadOnlySpan<int> order)
    {
        DeviceImageSet train = _train ?? throw new InvalidOperationException("SetTrainingSet first");
        int[] checkedOrder = EngineChecks.RequireOrder(order, train.Images);
        train.SetOrder(checkedOrder);
        _orderLength = checkedOrder.Length;
    }

    public void TrainBatch(int offset, int count, SgdStep step) => RunBatch(offset, count, step, timings: null);

    public IReadOnlyList<OperationTiming> ProfileBatch(int offset, int count, SgdStep step)
    {
        var timings = new List<OperationTiming>();
        RunBatch(offset, count, step, timings);
        return timings;
    }

    public void ReadTrainingResults(Span<float> losses, Span<bool> correct)
    {
        DeviceImageSet train = _train ?? throw new InvalidOperationException("SetTrainingSet first");
        _accelerator.Synchronize();
        CopyResults(train, losses, correct);
    }

    public EvaluationResult Evaluate(ImageSet data)
    {
        DeviceImageSet resident = Resident(data);
        for (int offset = 0; offset < data.Count; offset += EvaluationChunk)
        {
            int count = Math.Min(EvaluationChunk, data.Count - offset);
            DeviceBatch batch = ForwardChunk(resident, offset, count);
            _kernels.SoftmaxCrossEntropy(batch.Activations[^1].View, batch.Labels.View, _layers[^1].View.Outputs, count, null,
                resident.Losses, resident.Correct, offset);
        }
        _accelerator.Synchronize();
        float[] losses = new float[data.Count];
        bool[] correct = new bool[data.Count];
        CopyResults(resident, losses, correct);
        var tally = new ResultTally();
        tally.Add(losses, correct);
        return tally.Result;
    }

    public EvaluationResult[] EvaluateAdversarial(ImageSet data, IReadOnlyList<float> epsilons)
    {
        DeviceImageSet resident = Resident(data);
        int n = data.Count, classes = _layers[^1].View.Outputs, inputs = _layers[0].View.Inputs;
        using var losses = _accelerator.Allocate1D<float>((long)epsilons.Count * n);
        using var correct = _accelerator.Allocate1D<byte>((long)epsilons.Count * n);
        using var original = _accelerator.Allocate1D<float>((long)inputs * EvaluationChunk);
        using var gradient = _accelerator.Allocate1D<float>((long)inputs * EvaluationChunk);
        for (int offset = 0; offset < n; offset += EvaluationChunk)
        {
            int count = Math.Min(EvaluationChunk, n - offset);
            DeviceBatch batch = ForwardChunk(resident, offset, count);
            _kernels.SoftmaxCrossEntropy(batch.Activations[^1].View, batch.Labels.View, classes, count, batch.Gradients[^1].View,
                resident.Losses, resident.Correct, offset);
            for (int k = _layers.Count - 1; k > 0; k--)
                _kernels.BackwardInput(_layers[k].View, batch.Gradients[k].View, batch.Activations[k].View, batch.Gradients[k - 1].View, count);
            _kernels.BackwardInput(_layers[0].View, batch.Gradients[0].View, null, gradient.View, count);
            int elements = inputs * count;
            original.View.SubView(0, elements).CopyFrom(batch.Activations[0].View.SubView(0, elements));
            for (int e = 0; e < epsilons.Count; e++)
            {
                _kernels.Fgsm(original.View, gradient.View, epsilons[e], elements, batch.Activations[0].View);
                for (int k = 0; k < _layers.Count; k++)
                    _kernels.Forward(_layers[k].View, batch.Activations[k].View, batch.Activations[k + 1].View, count, _layers[k].Relu);
                _kernels.SoftmaxCrossEntropy(batch.Activations[^1].View, batch.Labels.View, classes, count, null,
                    losses.View, correct.View, e * n + offset);
            }
        }
        _accelerator.Synchronize();
        float[] hostLosses = losses.GetAsArray1D();
        byte[] hostCorrect = correct.GetAsArray1D();
        var results = new EvaluationResult[epsilons.Count];
        for (int e = 0; e < epsilons.Count; e++)
        {
            var tally = new ResultTally();
            tally.Add(hostLosses.AsSpan(e * n, n), hostCorrect.AsSpan(e * n, n));
            results[e] = tally.Result;
        }
        return results;
    }

    public void ComputeLogits(ImageSet data, int offset, int count, Span<float> logits)
    {
        DeviceImageSet resident = Resident(data);
        int classes = _layers[^1].View.Outputs;
        for (int done = 0; done < count; done += EvaluationChunk)
        {
            int chunk = Math.Min(EvaluationChunk, count - done);
            DeviceBatch batch = ForwardChunk(resident, offset + done, chunk);
            _accelerator.Synchronize();
            float[] z = new float[classes * chunk];
            batch.Activations[^1].View.SubView(0, z.Length).CopyToCPU(z);
            for (int b = 0; b < chunk; b++)
                for (int c = 0; c < classes; c++)
                    logits[(done + b) * classes + c] = z[c * chunk + b];
        }
    }

    public void Dispose()
    {
        DisposeLayers();
        _train?.Dispose();
        _evaluationSet?.Dispose();
        _trainBatch?.Dispose();
        _evaluationBatch?.Dispose();
        _owner?.Dispose();
    }

    private void RunBatch(int offset, int count, SgdStep step, List<OperationTiming>? timings)
    {
        DeviceImageSet train = _train ?? throw new InvalidOperationException("SetTrainingSet first");
        EngineChecks.RequireBatch(offset, count, _orderLength);
        DeviceBatch batch = _trainBatch = DeviceBatch.Ensure(_trainBatch, _accelerator, _layers, count);
        var sgd = new SgdParameters(step.LearningRate, step.Momentum, step.WeightDecay);
        long clock = Stopwatch.GetTimestamp();

        _kernels.Gather(train.Pixels, train.Labels, train.Order, offset, count, train.Images.InputSize, batch.Activations[0].View, batch.Labels.View);
        Mark(timings, "gather inputs", ref clock);
        for (int k = 0; k < _layers.Count; k++)
        {
            _kernels.Forward(_layers[k].View, batch.Activations[k].View, batch.Activations[k + 1].View, count, _layers[k].Relu);
            Mark(timings, $"forward {k + 1}", ref clock);
        }
        _kernels.SoftmaxCrossEntropy(batch.Activations[^1].View, batch.Labels.View, _layers[^1].View.Outputs, count,
            batch.Gradients[^1].View, train.Losses, train.Correct, offset);
        Mark(timings, "softmax cross-entropy", ref clock);
        for (int k = _layers.Count - 1; k >= 0; k--)
        {
            if (k > 0)
            {
                _kernels.BackwardInput(_layers[k].View, batch.Gradients[k].View, batch.Activations[k].View, batch.Gradients[k - 1].View, count);
                Mark(timings, $"backward input {k + 1}", ref clock);
            }
            _kernels.Update(_layers[k].View, batch.Activations[k].View, batch.Gradients[k].View, count, sgd);
            Mark(timings, $"sgd update {k + 1}", ref clock);
        }
    }

    private DeviceBatch ForwardChunk(DeviceImageSet data, int offset, int count)
    {
        DeviceBatch batch = _evaluationBatch = DeviceBatch.Ensure(_evaluationBatch, _accelerator, _layers, EvaluationChunk);
        _kernels.Gather(data.Pixels, data.Labels, data.Order, offset, count, data.Images.InputSize, batch.Activations[0].View, batch.Labels.View);
        for (int k = 0; k < _layers.Count; k++)
            _kernels.Forward(_layers[k].View, batch.Activations[k].View, batch.Activations[k + 1].View, count, _layers[k].Relu);
        return batch;
    }

    /// <summary>The device copy of an evaluation set; the last one used stays resident for repeated evaluation.</summary>
    private DeviceImageSet Resident(ImageSet data)
    {
        if (_layers.Count == 0) throw new InvalidOperationException("LoadNetwork first");
        // Even the training images get their own copy here: evaluating must not overwrite the epoch's results.
        if (!ReferenceEquals(_evaluationSet?.Images, data))
        {
            _evaluationSet?.Dispose();
            _evaluationSet = new DeviceImageSet(_accelerator, data);
        }
        return _evaluationSet!;
    }

    private static void CopyResults(DeviceImageSet set, Span<float> losses, Span<bool> correct)
    {
        int n = losses.Length;
        if (n == 0) return;
        float[] lossCopy = new float[n];
        byte[] correctCopy = new byte[n];
        set.Losses.SubView(0, n).CopyToCPU(lossCopy);
        set.Correct.SubView(0, n).CopyToCPU(correctCopy);
        lossCopy.CopyTo(losses);
        for (int i = 0; i < correct.Length; i++) correct[i] = correctCopy[i] != 0;
    }

    private void Mark(List<OperationTiming>? timings, string operation, ref long clock)
    {
        if (timings is null) return;
        _accelerator.Synchronize();
        long now = Stopwatch.GetTimestamp();
        timings.Add(new OperationTiming(operation, Stopwatch.GetElapsedTime(clock, now).TotalSeconds));
        clock = now;
    }

    private void DisposeLayers()
    {
        foreach (DeviceLayer layer in _layers) layer.Dispose();
        _layers.Clear();
    }

    /// <summary>Activations (element 0 the input), pre-activation gradients and labels for one batch capacity.</summary>
    private sealed class DeviceBatch : IDisposable
    {
        private DeviceBatch(Accelerator accelerator, IReadOnlyList<DeviceLayer> layers, int capacity)
        {
            Capacity = capacity;
            Activations = new MemoryBuffer1D<float, Stride1D.Dense>[layers.Count + 1];
            Gradients = new MemoryBuffer1D<float, Stride1D.Dense>[layers.Count];
            Activations[0] = accelerator.Allocate1D<float>((long)layers[0].Topology.Inputs * capacity);
            for (int k = 0; k < layers.Count; k++)
            {
                Activations[k + 1] = accelerator.Allocate1D<float>((long)layers[k].Topology.Outputs * capacity);
                Gradients[k] = accelerator.Allocate1D<float>((long)layers[k].Topology.Outputs * capacity);
            }
            Labels = accelerator.Allocate1D<byte>(capacity);
        }

        public int Capacity { get; }
        public MemoryBuffer1D<float, Stride1D.Dense>[] Activations { get; }
        public MemoryBuffer1D<float, Stride1D.Dense>[] Gradients { get; }
        public MemoryBuffer1D<byte, Stride1D.Dense> Labels { get; }

        public static DeviceBatch Ensure(DeviceBatch? existing, Accelerator accelerator, IReadOnlyList<DeviceLayer> layers, int batch)
        {
            if (layers.Count == 0) throw new InvalidOperationException("LoadNetwork first");
            if (existing is not null && existing.Capacity >= batch) return existing;
            existing?.Dispose();
            return new DeviceBatch(accelerator, layers, batch);
        }

        public void Dispose()
        {
            foreach (var buffer in Activations) buffer.Dispose();
            foreach (var buffer in Gradients) buffer.Dispose();
            Labels.Dispose();
        }
    }
}
