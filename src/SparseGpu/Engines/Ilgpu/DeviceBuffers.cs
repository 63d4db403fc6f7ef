using ILGPU;
using ILGPU.Runtime;
using SparseGpu.Data;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>An image set resident on the device (one byte per pixel) with its visiting order.</summary>
public sealed class DeviceImageSet : IDisposable
{
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _pixels,
        _labels;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _order;

    internal DeviceImageSet(Accelerator accelerator, ImageSet images)
    {
        Images = images;
        _pixels = accelerator.Allocate1D(images.Pixels);
        _labels = accelerator.Allocate1D(images.Labels);
        int[] identity = new int[images.Count];
        for (int i = 0; i < identity.Length; i++)
            identity[i] = i;
        _order = accelerator.Allocate1D(identity);
    }

    internal ImageSet Images { get; }
    internal ArrayView<byte> Pixels => _pixels.View;
    internal ArrayView<byte> Labels => _labels.View;

    /// <summary>The visiting order (identity until an epoch sets its own).</summary>
    internal ArrayView<int> Order => _order.View;

    internal void SetOrder(int[] order) => _order.View.SubView(0, order.Length).CopyFromCPU(order);

    public void Dispose()
    {
        _pixels.Dispose();
        _labels.Dispose();
        _order.Dispose();
    }
}

/// <summary>Per-sample result slots on the device: the loss, one byte non-zero when correct, and the predicted
/// class.</summary>
public sealed class DeviceResults : IDisposable
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _losses;
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _correct;
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _predicted;

    internal DeviceResults(Accelerator accelerator, int length)
    {
        _losses = accelerator.Allocate1D<float>(Math.Max(1, length));
        _correct = accelerator.Allocate1D<byte>(Math.Max(1, length));
        _predicted = accelerator.Allocate1D<byte>(Math.Max(1, length));
    }

    internal ArrayView<float> Losses => _losses.View;
    internal ArrayView<byte> Correct => _correct.View;
    internal ArrayView<byte> Predicted => _predicted.View;

    public void Dispose()
    {
        _losses.Dispose();
        _correct.Dispose();
        _predicted.Dispose();
    }
}

/// <summary>
/// Activations (element 0 the input), pre-activation gradients and labels for one batch capacity, and the input
/// gradient and kept clean input FGSM uses (allocated on first use).
/// </summary>
public sealed class DeviceBatch : IBatchBuffers
{
    private readonly Accelerator _accelerator;
    private readonly int _inputElements;
    private MemoryBuffer1D<float, Stride1D.Dense>? _inputGradient,
        _keptInput;

    internal DeviceBatch(Accelerator accelerator, IReadOnlyList<DeviceLayer> layers, int capacity)
    {
        _accelerator = accelerator;
        Capacity = capacity;
        _inputElements = layers[0].Topology.Inputs * capacity;
        Activations = new MemoryBuffer1D<float, Stride1D.Dense>[layers.Count + 1];
        Gradients = new MemoryBuffer1D<float, Stride1D.Dense>[layers.Count];
        Activations[0] = accelerator.Allocate1D<float>(_inputElements);
        for (int k = 0; k < layers.Count; k++)
        {
            Activations[k + 1] = accelerator.Allocate1D<float>((long)layers[k].Topology.Outputs * capacity);
            Gradients[k] = accelerator.Allocate1D<float>((long)layers[k].Topology.Outputs * capacity);
        }
        Labels = accelerator.Allocate1D<byte>(capacity);
    }

    public int Capacity { get; }
    internal MemoryBuffer1D<float, Stride1D.Dense>[] Activations { get; }
    internal MemoryBuffer1D<float, Stride1D.Dense>[] Gradients { get; }
    internal MemoryBuffer1D<byte, Stride1D.Dense> Labels { get; }
    internal ArrayView1D<float, Stride1D.Dense> InputGradient =>
        (_inputGradient ??= _accelerator.Allocate1D<float>(_inputElements)).View;
    internal ArrayView1D<float, Stride1D.Dense> KeptInput =>
        (_keptInput ??= _accelerator.Allocate1D<float>(_inputElements)).View;

    public void Dispose()
    {
        foreach (var buffer in Activations)
            buffer.Dispose();
        foreach (var buffer in Gradients)
            buffer.Dispose();
        Labels.Dispose();
        _inputGradient?.Dispose();
        _keptInput?.Dispose();
    }
}
