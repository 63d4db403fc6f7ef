using ILGPU;
using ILGPU.Runtime;
using SparseGpu.Data;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// The batch operations as ILGPU kernel launches (CUDA, OpenCL, or the CPU accelerator that simulates one).
/// Network, images, order and per-sample results stay on the device; an operation queues a launch and returns,
/// so a batch is a fixed sequence of launches with no host copy. The layers are its own (one network), or a pack's
/// pooled layers (<see cref="NetworkPack"/>): then these operations are either one slot's, a lone network's view of
/// the pool (evaluation, attacks, loads and stores of that network), or every slot's at once (the pack's training
/// batch, one launch per operation for all its networks).
/// </summary>
public sealed class IlgpuOperations : IBatchOperations<DeviceImageSet, DeviceBatch, DeviceResults>
{
    private readonly IDisposable? _owner;
    private readonly BatchKernels _kernels;
    private readonly List<DeviceLayer> _layers = [];
    private readonly bool _ownsLayers = true;

    /// <summary>The slot these operations see (0 for a network of its own); null: every slot of the pool.</summary>
    private readonly int? _slot = 0;

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

    /// <summary>Operations on a pack's pooled layers, which the pack owns: one slot's, or every slot's
    /// (<paramref name="slot"/> null).</summary>
    internal IlgpuOperations(
        Accelerator accelerator,
        string name,
        string description,
        BatchKernels kernels,
        IReadOnlyList<DeviceLayer> pooled,
        int? slot
    )
    {
        Accelerator = accelerator;
        Name = name;
        _description = description;
        _kernels = kernels;
        _layers.AddRange(pooled);
        _ownsLayers = false;
        _slot = slot;
    }

    private readonly string? _description;
    private DropoutMaskTable? _dropoutKeys;

    /// <summary>How many networks one launch covers.</summary>
    private int Networks => _slot is null ? _layers[0].Networks : 1;

    public Accelerator Accelerator { get; }

    public string Name { get; }

    public string Description => _description ?? Describe(Accelerator);

    public LinkPrediction.ILinkScorer LinkScorer(string method) => LinkScorers.OnAccelerator(method, Accelerator);

    /// <summary>One line naming an accelerator, for logs and config.json.</summary>
    public static string Describe(Accelerator accelerator) =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? "ILGPU CPU accelerator (simulated GPU threads)"
            : $"{accelerator.AcceleratorType} device '{accelerator.Name}' via ILGPU "
                + $"({accelerator.MemorySize / (1 << 20)} MiB)";

    public int EvaluationChunk => 1024;

    public IReadOnlyList<LayerTopology> Topologies => _layers.Select(l => l.Topology(_slot ?? 0)).ToList();

    public void LoadNetwork(Network network)
    {
        int slot = OwnSlot();
        bool sameShape =
            _layers.Count == network.Layers.Count && _layers.Zip(network.Layers).All(p => p.First.Fits(p.Second));
        if (!sameShape && !_ownsLayers)
            throw new SparseGpuException(
                "a network of layers "
                    + string.Join(", ", network.Layers.Select(l => $"{l.Inputs}->{l.Outputs} ({l.LinkCount} links)"))
                    + " does not fit the pack's networks (packed networks keep one shape and link count per layer)"
            );
        if (!sameShape)
        {
            DisposeLayers();
            foreach (Layer layer in network.Layers)
                _layers.Add(new DeviceLayer(Accelerator, layer));
        }
        Accelerator.Synchronize();
        for (int k = 0; k < _layers.Count; k++)
            _layers[k].Upload(slot, network.Layers[k]);
        Accelerator.Synchronize();
    }

    public void StoreNetwork(Network network)
    {
        int slot = OwnSlot();
        Accelerator.Synchronize();
        for (int k = 0; k < _layers.Count; k++)
            _layers[k].Download(slot, network.Layers[k]);
    }

    public DeviceImageSet Upload(ImageSet images) => new(Accelerator, images);

    public void SetOrder(DeviceImageSet images, int[] order) => images.SetOrder(order);

    public DeviceBatch AllocateBatch(int capacity) => new(Accelerator, _layers, capacity, Networks);

    public DeviceResults AllocateResults(int length) => new(Accelerator, length, Networks);

    public void Gather(DeviceImageSet images, int offset, int count, DeviceBatch batch)
    {
        if (images.Networks != Networks)
            throw new InvalidOperationException($"{images.Networks} orders for {Networks} networks");
        _kernels.Gather(
            images.Pixels,
            images.Labels,
            images.Order,
            images.FirstImage,
            images.OrderLength,
            Networks,
            offset,
            count,
            images.Images.InputSize,
            batch.Activations[0].View,
            batch.Labels.View
        );
    }

    public void Forward(int layer, DeviceBatch batch, int count) =>
        _kernels.Forward(
            View(layer),
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
            _layers[^1].Outputs,
            count,
            Networks,
            withGradient ? batch.Gradients[^1].View : null,
            results.Losses,
            results.Correct,
            results.Predicted,
            resultOffset,
            results.Length
        );

    public void BackwardInput(int layer, DeviceBatch batch, int count)
    {
        // Into the previous layer's gradient, masked by its ReLU; at the input, unmasked into the input gradient.
        if (layer > 0)
            _kernels.BackwardInput(
                View(layer),
                batch.Gradients[layer].View,
                batch.Activations[layer].View,
                batch.Gradients[layer - 1].View,
                count
            );
        else
            _kernels.BackwardInput(View(0), batch.Gradients[0].View, null, batch.InputGradient, count);
    }

    public void Update(int layer, DeviceBatch batch, int count, SgdStep step) =>
        _kernels.Update(
            View(layer),
            batch.Activations[layer].View,
            batch.Gradients[layer].View,
            count,
            step.Parameters
        );

    public ILinkGradients AllocateLinkGradients(int layer, long[]? given)
    {
        if (Networks != 1)
            throw new InvalidOperationException("a pack's collective operations compute no link gradients");
        LayerTopology topology = _layers[layer].Topology(_slot ?? 0);
        long[] keys = given ?? SparseGpu.Topology.LinkGradientTable.Candidates(topology);
        for (int c = 0; c < keys.Length; c++)
            if (keys[c] < 0 || keys[c] >= topology.PossibleLinks || (c > 0 && keys[c] <= keys[c - 1]))
                throw new ArgumentException($"candidate key {keys[c]} is outside the layer or out of order");
        return new DeviceLinkGradients(Accelerator, keys);
    }

    public void AccumulateLinkGradients(int layer, DeviceBatch batch, int count, ILinkGradients sums)
    {
        var own =
            sums as DeviceLinkGradients ?? throw new ArgumentException("gradient sums of another engine", nameof(sums));
        _kernels.LinkGradient(
            own.KeyView,
            _layers[layer].Inputs,
            batch.Activations[layer].View,
            batch.Gradients[layer].View,
            count,
            own.SumView
        );
    }

    public void Dropout(DeviceBatch batch, BatchBuffer buffer, int layer, int count, DropoutMask[] masks)
    {
        if (masks.Length != Networks)
            throw new ArgumentException($"{masks.Length} dropout masks for {Networks} networks");
        int position = masks[0].FirstPosition;
        if (masks.Any(m => m.FirstPosition != position))
            throw new ArgumentException("the networks of one launch drop out at one batch position");
        // A hidden layer's units are the activations after it and the gradient of its own pre-activations.
        int hidden = buffer == BatchBuffer.Activations ? layer - 1 : layer;
        _kernels.Dropout(
            View(batch, buffer, layer),
            BatchBufferShape.Units(Topologies, buffer, layer),
            count,
            Networks,
            (_dropoutKeys ??= new DropoutMaskTable(Accelerator)).For(hidden, masks),
            position
        );
    }

    public void KeepInput(DeviceBatch batch, int count)
    {
        int elements = Networks * _layers[0].Inputs * count;
        batch.KeptInput.SubView(0, elements).CopyFrom(batch.Activations[0].View.SubView(0, elements));
    }

    public void Fgsm(DeviceBatch batch, int count, float epsilon) =>
        _kernels.Fgsm(
            batch.KeptInput,
            batch.InputGradient,
            epsilon,
            Networks * _layers[0].Inputs * count,
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
        _dropoutKeys?.Dispose();
        if (_ownsLayers)
            DisposeLayers();
        _owner?.Dispose();
    }

    /// <summary>The layer as these operations see it: one slot, or the whole pool.</summary>
    private SparseLayerView View(int layer) => _slot is int slot ? _layers[layer].SlotView(slot) : _layers[layer].View;

    /// <summary>The one network these operations load and store.</summary>
    private int OwnSlot() =>
        _slot ?? throw new InvalidOperationException("a pack loads and stores its networks one slot at a time");

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
