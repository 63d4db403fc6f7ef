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
internal sealed class CannistraciHebbTableRowScorer : L3TableRowScorer
{
    private readonly int _predictor;
    private readonly CannistraciHebbInputTerms _terms;

    public CannistraciHebbTableRowScorer(
        LayerTopology topology,
        ExcludedLinks excluded,
        int predictor,
        CannistraciHebbInputTerms terms
    )
        : base(topology, excluded)
    {
        if (!CannistraciHebbPredictor.IsNodeBased(predictor))
            throw new ArgumentException("the input-term tables hold node-based terms only", nameof(predictor));
        _predictor = predictor;
        _terms = terms;
    }

    public override void ScoreOutput(int v, Action<ScoredLink> offer)
    {
        int blocked = StartRow(v),
            scored = blocked + 1;
        int rowStart = RowOffsets[v],
            rowEnd = RowOffsets[v + 1];

        // i(b) = |N(b) ∩ N(v)| for every output b two steps from v; stamped v + 1.
        for (int p = rowStart; p < rowEnd; p++)
        {
            int a = Columns[p];
            for (int q = TransposeOffsets[a]; q < TransposeOffsets[a + 1]; q++)
            {
                int b = TransposeRows[q];
                if (SharedWithVStamp[b] != v + 1)
                {
                    SharedWithVStamp[b] = v + 1;
                    SharedWithV[b] = 0;
                }
                SharedWithV[b]++;
            }
        }

        int count = 0;
        // Each community output b once (its stamp turned to −(v + 1) when added), to every candidate of N(b).
        for (int p = rowStart; p < rowEnd; p++)
        {
            int a = Columns[p];
            for (int q = TransposeOffsets[a]; q < TransposeOffsets[a + 1]; q++)
            {
                int b = TransposeRows[q];
                if (b == v || SharedWithVStamp[b] != v + 1)
                    continue;
                SharedWithVStamp[b] = -(v + 1);
                int bStart = RowOffsets[b],
                    bEnd = RowOffsets[b + 1];
                double term = CannistraciHebbRow.NodeTerm(_predictor, bEnd - bStart, SharedWithV[b]);
                for (int r = bStart; r < bEnd; r++)
                    count = Add(Columns[r], term, blocked, scored, count);
            }
        }

        // Each community input a ∈ N(v) once per candidate, from its list.
        int[] offsets = _terms.Offsets,
            inputs = _terms.Inputs;
        double[] terms = _terms.Terms;
        for (int p = rowStart; p < rowEnd; p++)
        {
            int a = Columns[p];
            for (int e = offsets[a]; e < offsets[a + 1]; e++)
                count = Add(inputs[e], terms[e], blocked, scored, count);
        }

        Offer(v, count, offer);
    }

    private int Add(int u, double term, int blocked, int scored, int count)
    {
        ref InputCell cell = ref Cells[u];
        if (cell.State == blocked)
            return count;
        if (cell.State != scored)
        {
            cell.State = scored;
            cell.Score = 0.0;
            Touched[count++] = u;
        }
        cell.Score += term;
        return count;
    }
}
