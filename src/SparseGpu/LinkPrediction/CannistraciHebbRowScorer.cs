using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// <see cref="CannistraciHebbRow"/> on the host, one output neuron at a time, with its scratch (O(inputs +
/// outputs)) reused across outputs. The kernel runs the same body, so both give bit-identical scores.
/// </summary>
internal sealed class CannistraciHebbRowScorer : IRowScorer
{
    private readonly int _inputs;
    private readonly int _predictor;
    private readonly Ch3L3Graph<ArrayElements<int>> _graph;
    private readonly Ch3L3Slot<ArrayElements<int>, ArrayElements<Ch3L3InputCell>> _slot;
    private readonly int[] _touched;
    private readonly Ch3L3InputCell[] _inputCells;

    public CannistraciHebbRowScorer(LayerTopology topology, ExcludedLinks excluded, int predictor)
    {
        _inputs = topology.Inputs;
        _predictor = predictor;
        var (rowOffsets, columns, transposeOffsets, transposeRows) = topology.SharedArrays();
        _graph = new Ch3L3Graph<ArrayElements<int>>
        {
            RowOffsets = new(rowOffsets),
            Columns = new(columns),
            TransposeOffsets = new(transposeOffsets),
            TransposeRows = new(transposeRows),
            ExcludedOffsets = new(excluded.RowOffsets),
            ExcludedInputs = new(excluded.Inputs),
        };
        _touched = new int[topology.Inputs];
        _inputCells = new Ch3L3InputCell[topology.Inputs];
        _slot = new Ch3L3Slot<ArrayElements<int>, ArrayElements<Ch3L3InputCell>>
        {
            Inputs = new(_inputCells),
            SharedWithVStamp = new(new int[topology.Outputs]),
            SharedWithV = new(new int[topology.Outputs]),
            Touched = new(_touched),
        };
    }

    public void ScoreOutput(int v, Action<ScoredLink> offer)
    {
        int count = CannistraciHebbRow.Score(v, _graph, _slot, _predictor);
        long rowKey = (long)v * _inputs;
        for (int i = 0; i < count; i++)
            offer(new ScoredLink(rowKey + _touched[i], _inputCells[_touched[i]].Score));
    }
}
