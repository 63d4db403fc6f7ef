using ILGPU;
using ILGPU.Runtime;
using SparseGpu.Kernels;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// Each network's dropout keys per hidden layer, resident on the device for <see cref="DropoutKernel"/>. The keys
/// change only with the epoch (the batch position is a launch argument), so a layer's table is uploaded when a
/// network's keys differ from the resident ones, once an epoch, and a batch stays a sequence of launches with no
/// host copy.
/// </summary>
internal sealed class DropoutMaskTable(Accelerator accelerator) : IDisposable
{
    private readonly Dictionary<
        int,
        (DropoutMask[] Keys, MemoryBuffer1D<DropoutMask, Stride1D.Dense> Device)
    > _layers = [];

    /// <summary>The resident keys of <paramref name="masks"/> (one per network) for hidden layer
    /// <paramref name="hidden"/>.</summary>
    public ArrayView<DropoutMask> For(int hidden, DropoutMask[] masks)
    {
        DropoutMask[] keys = masks.Select(Keys).ToArray();
        if (_layers.TryGetValue(hidden, out var resident) && resident.Keys.SequenceEqual(keys))
            return resident.Device.View;
        // No launch still queued may read the table being replaced.
        accelerator.Synchronize();
        if (resident.Device is null || resident.Device.Length != keys.Length)
        {
            resident.Device?.Dispose();
            resident.Device = accelerator.Allocate1D<DropoutMask>(keys.Length);
        }
        resident.Device.View.CopyFromCPU(keys);
        _layers[hidden] = (keys, resident.Device);
        return resident.Device.View;
    }

    public void Dispose()
    {
        foreach (var (_, device) in _layers.Values)
            device.Dispose();
        _layers.Clear();
    }

    /// <summary>The mask without its batch position, which the kernel takes as an argument.</summary>
    private static DropoutMask Keys(DropoutMask mask) =>
        new(mask.SampleKey, mask.NeuronKey, mask.Threshold, mask.Scale, firstPosition: 0);
}
