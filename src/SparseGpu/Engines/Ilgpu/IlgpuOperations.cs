using ILGPU;
using ILGPU.Runtime;
using SparseGpu.Data;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// The batch operations as ILGPU kernel launches (CUDA, OpenCL, or the CPU accelerator that simulates one).
/// Network, images, order and per-sample results stay on the device; an operation queues a launch and returns,
/// so a batch is a fixed sequence of launches with no host copy.
/// </summary>
public sealed class IlgpuOperations : IBatchOperations<DeviceImageSet, DeviceBatch, DeviceResults>
{
    private readonly IDisposable? _owner;
    private readonly BatchKernels _kernels;
    private readonly List<DeviceLayer> _layers = [];

    /// <param name="owner">Disposed with the operations (the context and accelerator they were created with), or
    /// null.</param>
    /// <param name="reduction">The SGD update's reduction; null: the one the accelerator supports best.</param>
    public IlgpuOperations(
        Accelerator accelerator,
        string name,
        IDisposable? owner = null,
        SgdReduction? reduction = null
    )
    {
        Accelerator = accelerator;
        _owner = owner;
        Name = name;
        _kernels = BatchKernels.For(accelerator, reduction);
    }

    public Accelerator Accelerator { get; }

    public string Name { get; }

    public string Description => Describe(Accelerator);

    /// <summary>One line naming an accelerator, for logs and config.json.</summary>
    public static string Describe(Accelerator accelerator) =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? "ILGPU CPU accelerator (simulated GPU threads)"
            : $"{accelerator.AcceleratorType} device '{accelerator.Name}' via ILGPU "
                + $"({accelerator.MemorySize / (1 << 20)} MiB)";

    public int EvaluationChunk => 1024;

    public IReadOnlyList<LayerTopology> Topologies => _layers.Select(l => l.Topology).ToList();

    public void LoadNetwork(Network network)
    {
        bool sameShape =
            _layers.Count == network.Layers.Count && _layers.Zip(network.Layers).All(p => p.First.Fits(p.Second));
        if (sameShape)
            for (int k = 0; k < _layers.Count; k++)
                _layers[k].Upload(network.Layers[k]);
        else
        {
            DisposeLayers();
            foreach (Layer layer in network.Layers)
                _layers.Add(new DeviceLayer(Accelerator, layer));
        }
        Accelerator.Synchronize();
    }

    public void StoreNetwork(Network network)
    {
        Accelerator.Synchronize();
        for (int k = 0; k < _layers.Count; k++)
            _layers[k].Download(network.Layers[k]);
    }

    public DeviceImageSet Upload(ImageSet images) => new(Accelerator, images);

    public void SetOrder(DeviceImageSet images, int[] order) => images.SetOrder(order);

    public DeviceBatch AllocateBatch(int capacity) => new(Accelerator, _layers, capacity);

    public DeviceResults AllocateResults(int length) => new(Accelerator, length);

    public void Gather(DeviceImageSet images, int offset, int count, DeviceBatch batch) =>
        _kernels.Gather(
            images.Pixels,
            images.Labels,
            images.Order,
            offset,
            count,
            images.Images.InputSize,
            batch.Activations[0].View,
            batch.Labels.View
        );

    public void Forward(int layer, DeviceBatch batch, int count) =>
        _kernels.Forward(
            _layers[layer].View,
            batch.Activations[layer].View,
            batch.Activations[layer + 1].View,
            count,
            _layers[layer].Relu
        );

    public void SoftmaxCrossEntropy(
        DeviceBatch batch,
        int count,
        bool withGradient,
        DeviceResults results,
        int resultOffset
    ) =>
        _kernels.SoftmaxCrossEntropy(
            batch.Activations[^1].View,
            batch.Labels.View,
            _layers[^1].View.Outputs,
            count,
            withGradient ? batch.Gradients[^1].View : null,
            results.Losses,
            results.Correct,
            results.Predicted,
            resultOffset
        );

    public void BackwardInput(int layer, DeviceBatch batch, int count)
    {
        // Into the previous layer's gradient, masked by its ReLU; at the input, unmasked into the input gradient.
        if (layer > 0)
            _kernels.BackwardInput(
                _layers[layer].View,
                batch.Gradients[layer].View,
                batch.Activations[layer].View,
                batch.Gradients[layer - 1].View,
                count
            );
        else
            _kernels.BackwardInput(_layers[0].View, batch.Gradients[0].View, null, batch.InputGradient, count);
    }

    public void Update(int layer, DeviceBatch batch, int count, SgdStep step) =>
        _kernels.Update(
            _layers[layer].View,
            batch.Activations[layer].View,
            batch.Gradients[layer].View,
            count,
            step.Parameters
        );

    public void Dropout(DeviceBatch batch, BatchBuffer buffer, int layer, int count, DropoutMask mask) =>
        _kernels.Dropout(View(batch, buffer, layer), BatchBufferShape.Units(Topologies, buffer, layer), count, mask);

    public void KeepInput(DeviceBatch batch, int count)
    {
        int elements = _layers[0].View.Inputs * count;
        batch.KeptInput.SubView(0, elements).CopyFrom(batch.Activations[0].View.SubView(0, elements));
    }

    public void Fgsm(DeviceBatch batch, int count, float epsilon) =>
        _kernels.Fgsm(
            batch.KeptInput,
            batch.InputGradient,
            epsilon,
            _layers[0].View.Inputs * count,
            batch.Activations[0].View
        );

    public void ReadResults(DeviceResults results, int offset, Span<double> losses, Span<bool> correct)
    {
        int n = losses.Length;
        if (n == 0)
            return;
        float[] lossCopy = new float[n];
        byte[] correctCopy = new byte[n];
        results.Losses.SubView(offset, n).CopyToCPU(lossCopy);
        results.Correct.SubView(offset, n).CopyToCPU(correctCopy);
        for (int i = 0; i < n; i++)
        {
            losses[i] = lossCopy[i];
            correct[i] = correctCopy[i] != 0;
        }
    }

    public void ReadPredictions(DeviceResults results, int offset, Span<byte> predicted)
    {
        if (predicted.Length == 0)
            return;
        byte[] copy = new byte[predicted.Length];
        results.Predicted.SubView(offset, predicted.Length).CopyToCPU(copy);
        copy.CopyTo(predicted);
    }

    public void Write(DeviceBatch batch, BatchBuffer buffer, int layer, int count, ReadOnlySpan<float> values)
    {
        int units = BatchBufferShape.Units(Topologies, buffer, layer);
        float[] rows = new float[units * count];
        BatchLayout.ToUnitMajor(values, rows, units, count);
        Accelerator.Synchronize();
        View(batch, buffer, layer).SubView(0, rows.Length).CopyFromCPU(rows);
    }

    public void Read(DeviceBatch batch, BatchBuffer buffer, int layer, int count, Span<float> values)
    {
        int units = BatchBufferShape.Units(Topologies, buffer, layer);
        float[] rows = new float[units * count];
        Accelerator.Synchronize();
        View(batch, buffer, layer).SubView(0, rows.Length).CopyToCPU(rows);
        BatchLayout.ToSampleMajor(rows, values, units, count);
    }

    public void Synchronize() => Accelerator.Synchronize();

    public void Dispose()
    {
        DisposeLayers();
        _owner?.Dispose();
    }

    private static ArrayView1D<float, Stride1D.Dense> View(DeviceBatch batch, BatchBuffer buffer, int layer) =>
        buffer switch
        {
            BatchBuffer.Activations => batch.Activations[layer].View,
            BatchBuffer.Gradients => batch.Gradients[layer].View,
            _ => batch.InputGradient,
        };

    private void DisposeLayers()
    {
        foreach (DeviceLayer layer in _layers)
            layer.Dispose();
        _layers.Clear();
    }
}
