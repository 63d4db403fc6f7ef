using ILGPU;
using ILGPU.Runtime;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>One layer's buffers on an accelerator. Link count is conserved by topology edits, so re-uploading an
/// edited layer reuses the same buffers.</summary>
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

    public DeviceLayer(Accelerator accelerator, Layer layer)
    {
        LayerTopology t = layer.Topology;
        _rowOffsets = accelerator.Allocate1D<int>(t.Outputs + 1);
        _columns = accelerator.Allocate1D<int>(Math.Max(1, t.LinkCount));
        _rows = accelerator.Allocate1D<int>(Math.Max(1, t.LinkCount));
        _transposeOffsets = accelerator.Allocate1D<int>(t.Inputs + 1);
        _transposeLinks = accelerator.Allocate1D<int>(Math.Max(1, t.LinkCount));
        _transposeRows = accelerator.Allocate1D<int>(Math.Max(1, t.LinkCount));
        _weights = accelerator.Allocate1D<float>(Math.Max(1, t.LinkCount));
        _velocity = accelerator.Allocate1D<float>(Math.Max(1, t.LinkCount));
        _bias = accelerator.Allocate1D<float>(t.Outputs);
        _biasVelocity = accelerator.Allocate1D<float>(t.Outputs);
        Relu = layer.Relu;
        Upload(layer);
    }

    public LayerTopology Topology { get; private set; } = null!;
    public bool Relu { get; }
    public SparseLayerView View { get; private set; }

    public bool Fits(Layer layer) =>
        layer.Inputs == Topology.Inputs
        && layer.Outputs == Topology.Outputs
        && layer.LinkCount == Topology.LinkCount
        && layer.Relu == Relu;

    public void Upload(Layer layer)
    {
        LayerTopology t = layer.Topology;
        int links = t.LinkCount;
        _rowOffsets.View.CopyFromCPU(t.RowOffsets.ToArray());
        _transposeOffsets.View.CopyFromCPU(t.TransposeOffsets.ToArray());
        if (links > 0)
        {
            _columns.View.SubView(0, links).CopyFromCPU(t.Columns.ToArray());
            _rows.View.SubView(0, links).CopyFromCPU(t.Rows.ToArray());
            _transposeLinks.View.SubView(0, links).CopyFromCPU(t.TransposeLinks.ToArray());
            _transposeRows.View.SubView(0, links).CopyFromCPU(t.TransposeRows.ToArray());
            _weights.View.SubView(0, links).CopyFromCPU(layer.Weights);
            _velocity.View.SubView(0, links).CopyFromCPU(layer.WeightVelocity);
        }
        _bias.View.CopyFromCPU(layer.Bias);
        _biasVelocity.View.CopyFromCPU(layer.BiasVelocity);
        Topology = t;
        View = new SparseLayerView
        {
            Inputs = t.Inputs,
            Outputs = t.Outputs,
            Links = links,
            RowOffsets = _rowOffsets.View,
            Columns = _columns.View,
            Rows = _rows.View,
            TransposeOffsets = _transposeOffsets.View,
            TransposeLinks = _transposeLinks.View,
            TransposeRows = _transposeRows.View,
            Weights = _weights.View,
            Velocity = _velocity.View,
            Bias = _bias.View,
            BiasVelocity = _biasVelocity.View,
        };
    }

    public void Download(Layer layer)
    {
        int links = Topology.LinkCount;
        if (links > 0)
        {
            _weights.View.SubView(0, links).CopyToCPU(layer.Weights);
            _velocity.View.SubView(0, links).CopyToCPU(layer.WeightVelocity);
        }
        _bias.View.CopyToCPU(layer.Bias);
        _biasVelocity.View.CopyToCPU(layer.BiasVelocity);
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
}
