using ILGPU;
using ILGPU.Runtime;
using SparseGpu.Data;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// Image sets resident on the device (one byte per pixel) with a visiting order per network: one set and one order
/// for a lone network; for a pack, each distinct training set once (networks of the same data share it) and one
/// order per network, all of one length.
/// </summary>
public sealed class DeviceImageSet : IDisposable
{
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _pixels,
        _labels;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _order,
        _firstImage;

    internal DeviceImageSet(Accelerator accelerator, ImageSet images)
        : this(accelerator, [images], [0]) { }

    /// <param name="setOfNetwork">For each network, the index of its set in <paramref name="sets"/>.</param>
    internal DeviceImageSet(Accelerator accelerator, IReadOnlyList<ImageSet> sets, int[] setOfNetwork)
    {
        Images = sets[0];
        Networks = setOfNetwork.Length;
        OrderLength = Images.Count;
        if (sets.Any(s => s.Count != OrderLength || s.InputSize != Images.InputSize))
            throw new InvalidOperationException("pooled image sets must have one size and one input size");
        _pixels = accelerator.Allocate1D(Concatenated(sets.Select(s => s.Pixels).ToList()));
        _labels = accelerator.Allocate1D(Concatenated(sets.Select(s => s.Labels).ToList()));
        _firstImage = accelerator.Allocate1D(setOfNetwork.Select(set => set * OrderLength).ToArray());
        int[] identity = new int[Math.Max(1, Networks * OrderLength)];
        for (int n = 0; n < Networks; n++)
        for (int i = 0; i < OrderLength; i++)
            identity[n * OrderLength + i] = i;
        _order = accelerator.Allocate1D(identity);
    }

    /// <summary>The (first) set, whose shape every set shares.</summary>
    internal ImageSet Images { get; }
    internal int Networks { get; }

    /// <summary>Entries of each network's order (the images per set).</summary>
    internal int OrderLength { get; }
    internal ArrayView<byte> Pixels => _pixels.View;
    internal ArrayView<byte> Labels => _labels.View;

    /// <summary>The visiting orders, network after network (identity until an epoch sets its own).</summary>
    internal ArrayView<int> Order => _order.View;

    /// <summary>For each network, the pooled index of its set's first image.</summary>
    internal ArrayView<int> FirstImage => _firstImage.View;

    internal void SetOrder(int[] order) => SetOrder(0, order);

    internal void SetOrder(int network, int[] order) =>
        _order.View.SubView((long)network * OrderLength, order.Length).CopyFromCPU(order);

    public void Dispose()
    {
        _pixels.Dispose();
        _labels.Dispose();
        _order.Dispose();
        _firstImage.Dispose();
    }

    private static byte[] Concatenated(IReadOnlyList<byte[]> parts)
    {
        if (parts.Count == 1)
            return parts[0];
        byte[] all = new byte[parts.Sum(p => (long)p.Length)];
        long at = 0;
        foreach (byte[] part in parts)
        {
            Array.Copy(part, 0, all, at, part.Length);
            at += part.Length;
        }
        return all;
    }
}

/// <summary>Per-sample result slots on the device: the loss, one byte non-zero when correct, and the predicted
/// class; <see cref="Length"/> slots per network, network after network.</summary>
public sealed class DeviceResults : IDisposable
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _losses;
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _correct;
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _predicted;

    internal DeviceResults(Accelerator accelerator, int length, int networks = 1)
    {
        Length = length;
        long slots = Math.Max(1L, (long)networks * length);
        _losses = accelerator.Allocate1D<float>(slots);
        _correct = accelerator.Allocate1D<byte>(slots);
        _predicted = accelerator.Allocate1D<byte>(slots);
    }

    /// <summary>Slots per network.</summary>
    internal int Length { get; }

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
/// gradient and kept clean input FGSM uses (allocated on first use); for a pack, each buffer holds every network's
/// block, network after network.
/// </summary>
public sealed class DeviceBatch : IBatchBuffers
{
    private readonly Accelerator _accelerator;
    private readonly long _inputElements;
    private MemoryBuffer1D<float, Stride1D.Dense>? _inputGradient,
        _keptInput;

    internal DeviceBatch(Accelerator accelerator, IReadOnlyList<DeviceLayer> layers, int capacity, int networks = 1)
    {
        _accelerator = accelerator;
        Capacity = capacity;
        _inputElements = (long)networks * layers[0].Inputs * capacity;
        Activations = new MemoryBuffer1D<float, Stride1D.Dense>[layers.Count + 1];
        Gradients = new MemoryBuffer1D<float, Stride1D.Dense>[layers.Count];
        Activations[0] = accelerator.Allocate1D<float>(_inputElements);
        for (int k = 0; k < layers.Count; k++)
        {
            Activations[k + 1] = accelerator.Allocate1D<float>((long)networks * layers[k].Outputs * capacity);
            Gradients[k] = accelerator.Allocate1D<float>((long)networks * layers[k].Outputs * capacity);
        }
        Labels = accelerator.Allocate1D<byte>((long)networks * capacity);
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
