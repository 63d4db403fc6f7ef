using ILGPU;
using ILGPU.Runtime;
using SparseGpu.Data;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>An image set resident on the device (one byte per pixel), with per-sample result slots.</summary>
internal sealed class DeviceImageSet : IDisposable
{
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _pixels, _labels, _correct;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _order;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _losses;

    public DeviceImageSet(Accelerator accelerator, ImageSet images)
    {
        Images = images;
        _pixels = accelerator.Allocate1D(images.Pixels);
        _labels = accelerator.Allocate1D(images.Labels);
        int[] identity = new int[images.Count];
        for (int i = 0; i < identity.Length; i++) identity[i] = i;
        _order = accelerator.Allocate1D(identity);
        _losses = accelerator.Allocate1D<float>(images.Count);
        _correct = accelerator.Allocate1D<byte>(images.Count);
    }

    public ImageSet Images { get; }
    public ArrayView<byte> Pixels => _pixels.View;
    public ArrayView<byte> Labels => _labels.View;

    /// <summary>The visiting order (identity until an epoch sets its own).</summary>
    public ArrayView<int> Order => _order.View;
    public ArrayView<float> Losses => _losses.View;
    public ArrayView<byte> Correct => _correct.View;

    public void SetOrder(int[] order) => _order.View.SubView(0, order.Length).CopyFromCPU(order);

    public void Dispose()
    {
        _pixels.Dispose();
        _labels.Dispose();
        _order.Dispose();
        _losses.Dispose();
        _correct.Dispose();
    }
}
