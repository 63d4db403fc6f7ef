using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// A node-based predictor (CH3-L3n, CH2-L3n) for one output at a time, like <see cref="CannistraciHebbRow"/>, but
/// adding each input a ∈ N(v)'s community term from the layer's <see cref="CannistraciHebbInputTerms"/> instead of
/// walking and counting a's paths again for every link (a, v): per output, the outputs b two steps away are
/// counted and their terms added as the row body does, then each a's list is read once. Terms are added in the row
/// body's order, so the scores are bit-identical to it and to the device kernel. (For a candidate u the counts
/// agree: the row body leaves out b = v, which is not a neighbour of u since u is not linked to v; inputs linked
/// to v or excluded, whose counts could differ, are never scored.)
/// </summary>
internal sealed class CannistraciHebbTableRowScorer : IRowScorer
{
    private struct InputCell
    {
        public double Score;
        public int State;
    }

    private readonly int _inputs;
    private readonly int _predictor;
    private readonly int[] _rowOffsets;
    private readonly int[] _columns;
    private readonly int[] _transposeOffsets;
    private readonly int[] _transposeRows;
    private readonly ExcludedLinks _excluded;
    private readonly CannistraciHebbInputTerms _terms;
    private readonly InputCell[] _cells;
    private readonly int[] _touched;
    private readonly int[] _sharedWithVStamp;
    private readonly int[] _sharedWithV;

    public CannistraciHebbTableRowScorer(
        LayerTopology topology,
        ExcludedLinks excluded,
        int predictor,
        CannistraciHebbInputTerms terms
    )
    {
        if (!CannistraciHebbPredictor.IsNodeBased(predictor))
            throw new ArgumentException("the input-term tables hold node-based terms only", nameof(predictor));
        _inputs = topology.Inputs;
        _predictor = predictor;
        (_rowOffsets, _columns, _transposeOffsets, _transposeRows) = topology.SharedArrays();
        _excluded = excluded;
        _terms = terms;
        _cells = new InputCell[topology.Inputs];
        _touched = new int[topology.Inputs];
        _sharedWithVStamp = new int[topology.Outputs];
        _sharedWithV = new int[topology.Outputs];
    }

    public void ScoreOutput(int v, Action<ScoredLink> offer)
    {
        int blocked = 2 * (v + 1),
            scored = blocked + 1;
        int rowStart = _rowOffsets[v],
            rowEnd = _rowOffsets[v + 1];
        for (int p = rowStart; p < rowEnd; p++)
            _cells[_columns[p]].State = blocked;
        for (int p = _excluded.RowOffsets[v]; p < _excluded.RowOffsets[v + 1]; p++)
            _cells[_excluded.Inputs[p]].State = blocked;

        // i(b) = |N(b) ∩ N(v)| for every output b two steps from v; stamped v + 1.
        for (int p = rowStart; p < rowEnd; p++)
        {
            int a = _columns[p];
            for (int q = _transposeOffsets[a]; q < _transposeOffsets[a + 1]; q++)
            {
                int b = _transposeRows[q];
                if (_sharedWithVStamp[b] != v + 1)
                {
                    _sharedWithVStamp[b] = v + 1;
                    _sharedWithV[b] = 0;
                }
                _sharedWithV[b]++;
            }
        }

        int count = 0;
        // Each community output b once (its stamp turned to −(v + 1) when added), to every candidate of N(b).
        for (int p = rowStart; p < rowEnd; p++)
        {
            int a = _columns[p];
            for (int q = _transposeOffsets[a]; q < _transposeOffsets[a + 1]; q++)
            {
                int b = _transposeRows[q];
                if (b == v || _sharedWithVStamp[b] != v + 1)
                    continue;
                _sharedWithVStamp[b] = -(v + 1);
                int bStart = _rowOffsets[b],
                    bEnd = _rowOffsets[b + 1];
                double term = CannistraciHebbRow.NodeTerm(_predictor, bEnd - bStart, _sharedWithV[b]);
                for (int r = bStart; r < bEnd; r++)
                    count = Add(_columns[r], term, blocked, scored, count);
            }
        }

        // Each community input a ∈ N(v) once per candidate, from its list.
        int[] offsets = _terms.Offsets,
            inputs = _terms.Inputs;
        double[] terms = _terms.Terms;
        for (int p = rowStart; p < rowEnd; p++)
        {
            int a = _columns[p];
            for (int e = offsets[a]; e < offsets[a + 1]; e++)
                count = Add(inputs[e], terms[e], blocked, scored, count);
        }

        long rowKey = (long)v * _inputs;
        for (int i = 0; i < count; i++)
            offer(new ScoredLink(rowKey + _touched[i], _cells[_touched[i]].Score));
    }

    private int Add(int u, double term, int blocked, int scored, int count)
    {
        ref InputCell cell = ref _cells[u];
        if (cell.State == blocked)
            return count;
        if (cell.State != scored)
        {
            cell.State = scored;
            cell.Score = 0.0;
            _touched[count++] = u;
        }
        cell.Score += term;
        return count;
    }
}
