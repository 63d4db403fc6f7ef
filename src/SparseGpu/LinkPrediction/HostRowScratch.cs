using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// What the shared row bodies (<see cref="Ch3L3Row"/>, <see cref="CannistraciHebbRow"/>) read and write on the host:
/// the layer's graph over its own arrays, and one slot of scratch (O(inputs + outputs)) reused across outputs.
/// </summary>
internal sealed class HostRowScratch
{
    public HostRowScratch(LayerTopology topology, ExcludedLinks excluded)
    {
        Inputs = topology.Inputs;
        var (rowOffsets, columns, transposeOffsets, transposeRows) = topology.SharedArrays();
        Graph = new Ch3L3Graph<ArrayElements<int>>
        {
            RowOffsets = new(rowOffsets),
            Columns = new(columns),
            TransposeOffsets = new(transposeOffsets),
            TransposeRows = new(transposeRows),
            ExcludedOffsets = new(excluded.RowOffsets),
            ExcludedInputs = new(excluded.Inputs),
        };
        Touched = new int[topology.Inputs];
        InputCells = new Ch3L3InputCell[topology.Inputs];
        Slot = new Ch3L3Slot<ArrayElements<int>, ArrayElements<Ch3L3InputCell>>
        {
            Inputs = new(InputCells),
            SharedWithVStamp = new(new int[topology.Outputs]),
            SharedWithV = new(new int[topology.Outputs]),
            Touched = new(Touched),
        };
    }

    public int Inputs { get; }
    public Ch3L3Graph<ArrayElements<int>> Graph { get; }
    public Ch3L3Slot<ArrayElements<int>, ArrayElements<Ch3L3InputCell>> Slot { get; }
    public int[] Touched { get; }
    public Ch3L3InputCell[] InputCells { get; }

    /// <summary>Offers the <paramref name="count"/> candidates the row body left for output
    /// <paramref name="v"/>.</summary>
    public void Offer(int v, int count, Action<ScoredLink> offer)
    {
        long rowKey = (long)v * Inputs;
        for (int i = 0; i < count; i++)
            offer(new ScoredLink(rowKey + Touched[i], InputCells[Touched[i]].Score));
    }
}
