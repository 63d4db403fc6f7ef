using ILGPU;
using ILGPU.Runtime;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>One layer's candidate keys and their gradient sums (zeroed) on the device.</summary>
internal sealed class DeviceLinkGradients : ILinkGradients
{
    private readonly Accelerator _accelerator;
    private readonly MemoryBuffer1D<long, Stride1D.Dense> _keys;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _sums;

    public DeviceLinkGradients(Accelerator accelerator, long[] keys)
    {
        _accelerator = accelerator;
        Keys = keys;
        _keys = accelerator.Allocate1D(keys);
        _sums = accelerator.Allocate1D<float>(keys.Length);
        _sums.MemSetToZero();
    }

    public long[] Keys { get; }

    internal ArrayView<long> KeyView => _keys.View;
    internal ArrayView<float> SumView => _sums.View;

    public float[] Read()
    {
        _accelerator.Synchronize();
        float[] values = new float[Keys.Length];
        if (values.Length > 0)
            _sums.View.CopyToCPU(values);
        return values;
    }

    public void Dispose()
    {
        _keys.Dispose();
        _sums.Dispose();
    }
}
