namespace SparseGpu.Kernels;

/// <summary>The Cannistraci-Hebb predictors other than CH3-L3 (which <see cref="Ch3L3Row"/> scores), as the
/// kernels take them: plain integers.</summary>
public static class CannistraciHebbPredictor
{
    /// <summary>CH3-L3n: node-based, Σ over community nodes x of 1/(1+e(x)).</summary>
    public const int Ch3L3n = 1;

    /// <summary>CH2-L3n: node-based, Σ over community nodes x of (1+i(x))/(1+e(x)).</summary>
    public const int Ch2L3n = 2;

    /// <summary>CH2-L3: path-based, Σ over paths v–a–b–u of √((1+i(a))(1+i(b))) / √((1+e(a))(1+e(b))).</summary>
    public const int Ch2L3 = 3;

    public static bool IsNodeBased(int predictor) => predictor != Ch2L3;
}

/// <summary>
/// CH3-L3n, CH2-L3n and CH2-L3 scores of every candidate of one output neuron v, in work proportional to the
/// length-3 paths through v: the one body the CPU path (CannistraciHebbRowScorer) and the ILGPU kernel
/// (<see cref="CannistraciHebbKernels"/>) both run, so scores are bit-identical across devices. It keeps
/// <see cref="Ch3L3Row"/>'s scratch and shares its counts (<see cref="L3PathCounts"/>): for a candidate (u, v), an
/// input a ∈ N(v) is a community node when i(a) = |N(a) ∩ N(u)| &gt; 0, an output b ∈ N(u) when
/// i(b) = |N(b) ∩ N(v)| &gt; 0, and 1+e(x) = deg(x) − i(x)
/// (its links that are neither to the community nor to u or v, plus one). Node-based scores add each community node's
/// term once — first every b (outputs two steps from v, in walk order), then every a ∈ N(v) in row order, each
/// a's inputs u in walk order; the path-based CH2-L3 adds one term per path, a and b ascending as in Ch3L3Row.
/// Double precision throughout; √ and / are correctly rounded on every device.
/// </summary>
public static class CannistraciHebbRow
{
    /// <returns>The number of candidates: their inputs are Touched[0..count), their scores
    /// Inputs[input].Score.</returns>
    public static int Score<TInts, TCells>(int v, Ch3L3Graph<TInts> g, Ch3L3Slot<TInts, TCells> s, int predictor)
        where TInts : struct, IElements<int>
        where TCells : struct, IElements<Ch3L3InputCell>
    {
        int blocked = L3PathCounts.StartRow(v, g, s), // and i(b) counted, stamped v + 1
            scored = blocked + 1;
        int rowStart = g.RowOffsets[v],
            rowEnd = g.RowOffsets[v + 1];

        int count = 0;
        bool nodeBased = CannistraciHebbPredictor.IsNodeBased(predictor);
        if (nodeBased)
        {
            // Each community output b once (its stamp turned to −(v + 1) when added), to every candidate of N(b).
            for (int p = rowStart; p < rowEnd; p++)
            {
                int a = g.Columns[p];
                for (int q = g.TransposeOffsets[a]; q < g.TransposeOffsets[a + 1]; q++)
                {
                    int b = g.TransposeRows[q];
                    if (b == v || s.SharedWithVStamp[b] != v + 1)
                        continue;
                    s.SharedWithVStamp[b] = -(v + 1);
                    int bStart = g.RowOffsets[b],
                        bEnd = g.RowOffsets[b + 1];
                    double term = NodeTerm(predictor, bEnd - bStart, s.SharedWithV[b]);
                    for (int r = bStart; r < bEnd; r++)
                        count = Add(s, g.Columns[r], term, blocked, scored, count);
                }
            }
        }

        for (int p = rowStart; p < rowEnd; p++)
        {
            int a = g.Columns[p];
            int aStart = g.TransposeOffsets[a],
                aEnd = g.TransposeOffsets[a + 1];
            int degreeA = aEnd - aStart;
            int stamp = p + 1; // the link (a, v) is unique: a stamp no other (v, a) pair uses

            L3PathCounts.CountSharedWithA(v, a, stamp, g, s); // i(a) for every u three steps away

            for (int q = aStart; q < aEnd; q++)
            {
                int b = g.TransposeRows[q];
                if (b == v)
                    continue;
                int bStart = g.RowOffsets[b],
                    bEnd = g.RowOffsets[b + 1];
                int sharedB = s.SharedWithV[b];
                for (int r = bStart; r < bEnd; r++)
                {
                    int u = g.Columns[r];
                    Ch3L3InputCell cell = s.Inputs[u];
                    if (cell.State == blocked)
                        continue;
                    double term;
                    if (nodeBased)
                    {
                        // a's term once per u: the stamp turns to −stamp when added.
                        if (cell.SharedStamp != stamp)
                            continue;
                        cell.SharedStamp = -stamp;
                        s.Inputs[u] = cell;
                        term = NodeTerm(predictor, degreeA, cell.Shared);
                    }
                    else
                        term = Ch2PathTerm(degreeA, cell.Shared, bEnd - bStart, sharedB);
                    count = Add(s, u, term, blocked, scored, count);
                }
            }
        }
        return count;
    }

    /// <summary>A community node's term: 1/(deg − i) for CH3-L3n, (1 + i)/(deg − i) for CH2-L3n.</summary>
    public static double NodeTerm(int predictor, int degree, int shared) =>
        predictor == CannistraciHebbPredictor.Ch2L3n ? (1.0 + shared) / (degree - shared) : 1.0 / (degree - shared);

    /// <summary>One path v–a–b–u's CH2 term: √((1 + i(a))(1 + i(b))) / √((deg a − i(a))(deg b − i(b))), each
    /// product exact in 64-bit integers before its √, as the reference takes each geometric mean.</summary>
    public static double Ch2PathTerm(int degreeA, int sharedA, int degreeB, int sharedB) =>
        Math.Sqrt((double)((1L + sharedA) * (1L + sharedB)))
        / Math.Sqrt((double)((long)(degreeA - sharedA) * (degreeB - sharedB)));

    /// <summary>Adds <paramref name="term"/> to u's score unless u is blocked; the first touch lists u.</summary>
    private static int Add<TInts, TCells>(
        Ch3L3Slot<TInts, TCells> s,
        int u,
        double term,
        int blocked,
        int scored,
        int count
    )
        where TInts : struct, IElements<int>
        where TCells : struct, IElements<Ch3L3InputCell>
    {
        Ch3L3InputCell cell = s.Inputs[u];
        if (cell.State == blocked)
            return count;
        if (cell.State != scored)
        {
            cell.State = scored;
            cell.Score = 0.0;
            s.Touched[count] = u;
            count++;
        }
        cell.Score = cell.Score + term;
        s.Inputs[u] = cell;
        return count;
    }
}
