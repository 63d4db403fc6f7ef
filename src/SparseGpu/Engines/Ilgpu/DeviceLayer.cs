using ILGPU;
using ILGPU.Runtime;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// One layer's buffers on an accelerator, for one network or pooled for several of the same shape (slots, laid out
/// as <see cref="SparseLayerView"/> says). Link count is conserved by topology edits, so re-uploading an edited
/// layer reuses the same buffers.
/// </summary>
internal sealed class DeviceLayer : IDisposable
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _rowOffsets,
        _columns,
        _rows,
        _transposeOffsets,
        _transposeLinks,
        _transposeRows;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _weights,
        _velocity,
        _bias,
        _biasVelocity;
    private readonly LayerTopology?[] _topologies;

    /// <summary>Buffers for <paramref name="networks"/> layers of <paramref name="shape"/>'s sizes, link count and
    /// activation; slots are empty until uploaded.</summary>
    public DeviceLayer(Accelerator accelerator, Layer shape, int networks = 1)
    {
        Networks = networks;
        Inputs = shape.Inputs;
        Outputs = shape.Outputs;
        Links = shape.LinkCount;
        Relu = shape.Relu;
        _topologies = new LayerTopology?[networks];
        long links = Math.Max(1L, (long)networks * Links);
        _rowOffsets = accelerator.Allocate1D<int>((long)networks * (Outputs + 1));
        _columns = accelerator.Allocate1D<int>(links);
        _rows = accelerator.Allocate1D<int>(links);
        _transposeOffsets = accelerator.Allocate1D<int>((long)networks * (Inputs + 1));
        _transposeLinks = accelerator.Allocate1D<int>(links);
        _transposeRows = accelerator.Allocate1D<int>(links);
        _weights = accelerator.Allocate1D<float>(links);
        _velocity = accelerator.Allocate1D<float>(links);
        _bias = accelerator.Allocate1D<float>((long)networks * Outputs);
        _biasVelocity = accelerator.Allocate1D<float>((long)networks * Outputs);
        View = Slice(0, networks);
    }

    public int Networks { get; }
    public int Inputs { get; }
    public int Outputs { get; }
    public int Links { get; }
    public bool Relu { get; }

    /// <summary>Every slot, for one launch over all networks.</summary>
    public SparseLayerView View { get; }

    /// <summary>The topology last uploaded into a slot.</summary>
    public LayerTopology Topology(int slot) =>
        _topologies[slot] ?? throw new InvalidOperationException($"network {slot + 1} of the pack is not loaded");

    /// <summary>One slot as a lone network's layer.</summary>
    public SparseLayerView SlotView(int slot) => Networks == 1 ? View : Slice(slot, 1);

    public bool Fits(Layer layer) =>
        layer.Inputs == Inputs && layer.Outputs == Outputs && layer.LinkCount == Links && layer.Relu == Relu;

    public void Upload(int slot, Layer layer)
    {
        if (!Fits(layer))
            throw new InvalidOperationException(
                $"layer {layer.Inputs}->{layer.Outputs} with {layer.LinkCount} links does not fit the pooled "
                    + $"{Inputs}->{Outputs} with {Links} links"
            );
        LayerTopology t = layer.Topology;
        SparseLayerView v = SlotView(slot);
        v.RowOffsets.CopyFromCPU(t.RowOffsets.ToArray());
        v.TransposeOffsets.CopyFromCPU(t.TransposeOffsets.ToArray());
        if (Links > 0)
        {
            v.Columns.CopyFromCPU(t.Columns.ToArray());
            v.Rows.CopyFromCPU(t.Rows.ToArray());
            v.TransposeLinks.CopyFromCPU(t.TransposeLinks.ToArray());
            v.TransposeRows.CopyFromCPU(t.TransposeRows.ToArray());
            v.Weights.CopyFromCPU(layer.Weights);
            v.Velocity.CopyFromCPU(layer.WeightVelocity);
        }
        v.Bias.CopyFromCPU(layer.Bias);
        v.BiasVelocity.CopyFromCPU(layer.BiasVelocity);
        _topologies[slot] = t;
    }

    public void Download(int slot, Layer layer)
    {
        SparseLayerView v = SlotView(slot);
        if (Links > 0)
        {
            v.Weights.CopyToCPU(layer.Weights);
            v.Velocity.CopyToCPU(layer.WeightVelocity);
        }
        v.Bias.CopyToCPU(layer.Bias);
        v.BiasVelocity.CopyToCPU(layer.BiasVelocity);
    }

    public void Dispose()
    {
        foreach (
            MemoryBuffer buffer in new MemoryBuffer[]
            {
                _rowOffsets,
                _columns,
                _rows,
                _transposeOffsets,
                _transposeLinks,
                _transposeRows,
                _weights,
                _velocity,
                _bias,
                _biasVelocity,
            }
        )
            buffer.Dispose();
    }

    /// <summary>Slots [first, first+count) as a view (their own offsets and indices are local, so a slice of
    /// consecutive slots is a smaller pool).</summary>
    private SparseLayerView Slice(int first, int count)
    {
        long links = (long)first * Links;
        int linkLength = Math.Max(1, count * Links);
        return new SparseLayerView
        {
            Networks = count,
            Inputs = Inputs,
            Outputs = Outputs,
            Links = Links,
            RowOffsets = _rowOffsets.View.SubView((long)first * (Outputs + 1), (long)count * (Outputs + 1)),
            Columns = _columns.View.SubView(links, linkLength),
            Rows = _rows.View.SubView(links, linkLength),
            TransposeOffsets = _transposeOffsets.View.SubView((long)first * (Inputs + 1), (long)count * (Inputs + 1)),
            TransposeLinks = _transposeLinks.View.SubView(links, linkLength),
            TransposeRows = _transposeRows.View.SubView(links, linkLength),
            Weights = _weights.View.SubView(links, linkLength),
            Velocity = _velocity.View.SubView(links, linkLength),
            Bias = _bias.View.SubView((long)first * Outputs, (long)count * Outputs),
            BiasVelocity = _biasVelocity.View.SubView((long)first * Outputs, (long)count * Outputs),
        };
    }
}
