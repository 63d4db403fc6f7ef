using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// CH3-L3 path enumeration for one output at a time, like <see cref="Ch3L3Row"/>, but reading each path's
/// |N(a) ∩ N(u)| from the layer's <see cref="Ch3L3SharedCounts"/> instead of counting it again for every link
/// (a, v), and walking v's paths in stages — the outputs b two steps away, then their rows, then the inputs u —
/// so that each stage's random reads are independent of each other and the processor overlaps them (on a wide
/// layer every one of them misses the cache). Paths are visited and their terms (<see cref="Ch3L3Row.PathTerm"/>)
/// added in Ch3L3Row's order, so the scores are bit-identical to it and to the device kernels. (For a candidate u
/// the counts agree: Ch3L3Row leaves out b = v, which is not a neighbour of u since u is not linked to v; inputs
/// linked to v, whose counts would differ, are never scored.)
/// </summary>
internal sealed class Ch3L3TableRowScorer : L3TableRowScorer
{
    /// <summary>One step v–a–b of the walk: a, b, where b's counts start, and b's row.</summary>
    private struct Hop
    {
        public int A;
        public int B;
        public int Segment;
        public int RowStart;
        public int RowEnd;
    }

    private readonly Ch3L3SharedCounts _shared;
    private Hop[] _hops = new Hop[256];
    private int[] _walk = new int[4096];
    private int _warmth;

    public Ch3L3TableRowScorer(LayerTopology topology, ExcludedLinks excluded, Ch3L3SharedCounts shared)
        : base(topology, excluded) => _shared = shared;

    public override void ScoreOutput(int v, Action<ScoredLink> offer)
    {
        int blocked = StartRow(v),
            scored = blocked + 1;
        int hops = Hops(v, RowOffsets[v], RowOffsets[v + 1]);
        Walk(hops);

        int[] counts = _shared.Counts;
        int count = 0,
            step = 0;
        for (int h = 0; h < hops; h++)
        {
            Hop hop = _hops[h];
            int length = hop.RowEnd - hop.RowStart;
            if (hop.B == v)
            {
                step += length;
                continue;
            }
            int degreeA = TransposeOffsets[hop.A + 1] - TransposeOffsets[hop.A];
            int outerB = length - SharedWithV[hop.B];
            for (int k = 0; k < length; k++)
            {
                int u = _walk[step + k];
                ref InputCell cell = ref Cells[u];
                if (cell.State == blocked)
                    continue;
                if (cell.State != scored)
                {
                    cell.State = scored;
                    cell.Score = 0.0;
                    Touched[count++] = u;
                }
                cell.Score += Ch3L3Row.PathTerm(degreeA, counts[hop.Segment + k], outerB);
            }
            step += length;
        }
        Offer(v, count, offer);
    }

    /// <summary>Stages 1 and 2: every hop v–a–b (a ascending in v's row, b in a's transpose order) with b's row,
    /// and |N(b) ∩ N(v)| for each b. Returns the number of hops.</summary>
    private int Hops(int v, int rowStart, int rowEnd)
    {
        int hops = 0;
        for (int p = rowStart; p < rowEnd; p++)
        {
            int a = Columns[p];
            int start = TransposeOffsets[a],
                end = TransposeOffsets[a + 1];
            if (hops + end - start > _hops.Length)
                Array.Resize(ref _hops, Math.Max(2 * _hops.Length, hops + end - start));
            for (int q = start; q < end; q++)
                _hops[hops++] = new Hop
                {
                    A = a,
                    B = TransposeRows[q],
                    Segment = _shared.SegmentStarts[q],
                };
        }
        for (int h = 0; h < hops; h++)
        {
            int b = _hops[h].B;
            _hops[h].RowStart = RowOffsets[b];
            _hops[h].RowEnd = RowOffsets[b + 1];
            if (SharedWithVStamp[b] != v + 1)
            {
                SharedWithVStamp[b] = v + 1;
                SharedWithV[b] = 0;
            }
            SharedWithV[b]++;
        }
        return hops;
    }

    /// <summary>
    /// Stage 3: the inputs u of every hop's row, in walk order, and a first read of their cells so that the
    /// scoring pass finds them in cache: a loop of independent loads overlaps its misses far better than the
    /// scoring loop, whose every step waits on its cell (measured on the 333k × 333k layer: 33.8 s without this
    /// read, 27.8–29.6 s with it).
    /// </summary>
    private void Walk(int hops)
    {
        int walk = 0;
        for (int h = 0; h < hops; h++)
        {
            Hop hop = _hops[h];
            int length = hop.RowEnd - hop.RowStart;
            if (walk + length > _walk.Length)
                Array.Resize(ref _walk, Math.Max(2 * _walk.Length, walk + length));
            Array.Copy(Columns, hop.RowStart, _walk, walk, length);
            walk += length;
        }
        int warm = 0;
        for (int i = 0; i < walk; i++)
            warm |= Cells[_walk[i]].State;
        // Kept, so that the reads cannot be dropped as dead code.
        _warmth = warm;
    }
}
