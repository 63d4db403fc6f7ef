using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// What the table-reading row scorers (<see cref="Ch3L3TableRowScorer"/>, <see cref="CannistraciHebbTableRowScorer"/>)
/// share, the host twin of <see cref="L3PathCounts.StartRow"/>: the layer's arrays, one slot of scratch
/// (O(inputs + outputs)) reused across outputs, the start of each output's row (its inputs and excluded candidates
/// blocked) and the offer of the candidates scored. Fields rather than a scratch object, so that the scorers' hot
/// loops read them straight from <c>this</c> as before.
/// </summary>
internal abstract class L3TableRowScorer : IRowScorer
{
    protected struct InputCell
    {
        public double Score;
        public int State;
    }

    protected readonly int[] RowOffsets;
    protected readonly int[] Columns;
    protected readonly int[] TransposeOffsets;
    protected readonly int[] TransposeRows;
    protected readonly InputCell[] Cells;
    protected readonly int[] Touched;
    protected readonly int[] SharedWithVStamp;
    protected readonly int[] SharedWithV;
    private readonly int _inputs;
    private readonly ExcludedLinks _excluded;

    protected L3TableRowScorer(LayerTopology topology, ExcludedLinks excluded)
    {
        _inputs = topology.Inputs;
        (RowOffsets, Columns, TransposeOffsets, TransposeRows) = topology.SharedArrays();
        _excluded = excluded;
        Cells = new InputCell[topology.Inputs];
        Touched = new int[topology.Inputs];
        SharedWithVStamp = new int[topology.Outputs];
        SharedWithV = new int[topology.Outputs];
    }

    public abstract void ScoreOutput(int v, Action<ScoredLink> offer);

    /// <summary>
    /// Marks v's inputs and its excluded candidates blocked, so no term reaches them. Returns the State that marks
    /// blocked inputs, 2(v + 1); scored inputs carry it + 1. Both are unique to v, so the previous output's cells
    /// need no clearing.
    /// </summary>
    protected int StartRow(int v)
    {
        int blocked = 2 * (v + 1);
        for (int p = RowOffsets[v]; p < RowOffsets[v + 1]; p++)
            Cells[Columns[p]].State = blocked;
        for (int p = _excluded.RowOffsets[v]; p < _excluded.RowOffsets[v + 1]; p++)
            Cells[_excluded.Inputs[p]].State = blocked;
        return blocked;
    }

    /// <summary>Offers the <paramref name="count"/> candidates scored for output <paramref name="v"/>, in the
    /// order they were first touched.</summary>
    protected void Offer(int v, int count, Action<ScoredLink> offer)
    {
        long rowKey = (long)v * _inputs;
        for (int i = 0; i < count; i++)
            offer(new ScoredLink(rowKey + Touched[i], Cells[Touched[i]].Score));
    }
}
