namespace SparseGpu.Kernels;

/// <summary>A layer's links for path counting: rows by output neuron, the transpose by input, excluded
/// candidates.</summary>
public struct Ch3L3Graph<TInts>
    where TInts : struct, IElements<int>
{
    public TInts RowOffsets;
    public TInts Columns;
    public TInts TransposeOffsets;
    public TInts TransposeRows;

    /// <summary>Excluded candidates per output: row offsets and inputs (the editor's just-removed links).</summary>
    public TInts ExcludedOffsets;
    public TInts ExcludedInputs;
}

/// <summary>
/// What one output's scoring keeps per input, in one 24-byte cell (20 bytes, 8-aligned) rather than one array
/// each: a path step then touches one cache line instead of three or four, and on a wide layer (333k inputs: 8 MB
/// of cells) that random access is the whole cost. State: 2(v+1) blocked for v, 2(v+1)+1 scored for v;
/// SharedStamp and Shared: |N(a) ∩ N(u)| for the link (a, v) that stamped it; Score: u's score for v.
/// </summary>
public struct Ch3L3InputCell
{
    public double Score;
    public int State;
    public int SharedStamp;
    public int Shared;
}

/// <summary>
/// One output's scratch, O(inputs + outputs), reused for the next output without clearing through generation
/// stamps. Input-indexed: Inputs (<see cref="Ch3L3InputCell"/>), Touched (the scored inputs in first-touch order).
/// Output-indexed: SharedWithVStamp, SharedWithV (|N(b) ∩ N(v)| for the current v).
/// </summary>
public struct Ch3L3Slot<TInts, TCells>
    where TInts : struct, IElements<int>
    where TCells : struct, IElements<Ch3L3InputCell>
{
    public TCells Inputs;
    public TInts SharedWithVStamp;
    public TInts SharedWithV;
    public TInts Touched;
}

/// <summary>
/// CH3-L3 scores of every candidate of one output neuron v, in work proportional to the paths through v: the one
/// body the CPU path (Ch3L3RowScorer) and the ILGPU kernel (<see cref="Ch3L3Kernels"/>) both run, so scores, and
/// therefore rankings, are bit-identical across devices. It uses the closed form of the definition: for a path
/// v–a–b–u, 1+e(a) = deg(a) − |N(a) ∩ N(u)| and 1+e(b) = deg(b) − |N(b) ∩ N(v)| (every link between a community
/// input and a community output lies on a path, so "links to the community" are exactly those shared
/// neighbours). Per v it counts |N(b) ∩ N(v)| over the outputs two steps away, then for each a ∈ N(v) counts
/// |N(a) ∩ N(u)| over the inputs three steps away and adds 1/√(product) to u's score, a and b ascending, in double
/// precision (√ is correctly rounded on every device). The two counts come from <see cref="L3PathCounts"/>, which
/// <see cref="CannistraciHebbRow"/> shares.
/// </summary>
public static class Ch3L3Row
{
    /// <returns>The number of candidates: their inputs are Touched[0..count), their scores
    /// Inputs[input].Score.</returns>
    public static int Score<TInts, TCells>(int v, Ch3L3Graph<TInts> g, Ch3L3Slot<TInts, TCells> s)
        where TInts : struct, IElements<int>
        where TCells : struct, IElements<Ch3L3InputCell>
    {
        int blocked = L3PathCounts.StartRow(v, g, s), // and |N(b) ∩ N(v)| counted
            scored = blocked + 1;
        int rowStart = g.RowOffsets[v],
            rowEnd = g.RowOffsets[v + 1];

        int count = 0;
        for (int p = rowStart; p < rowEnd; p++)
        {
            int a = g.Columns[p];
            int aStart = g.TransposeOffsets[a],
                aEnd = g.TransposeOffsets[a + 1];
            int degreeA = aEnd - aStart;
            int stamp = p + 1; // the link (a, v) is unique: a stamp no other (v, a) pair uses

            L3PathCounts.CountSharedWithA(v, a, stamp, g, s);

            for (int q = aStart; q < aEnd; q++)
            {
                int b = g.TransposeRows[q];
                if (b == v)
                    continue;
                int bStart = g.RowOffsets[b],
                    bEnd = g.RowOffsets[b + 1];
                int outerB = bEnd - bStart - s.SharedWithV[b];
                for (int r = bStart; r < bEnd; r++)
                {
                    int u = g.Columns[r];
                    Ch3L3InputCell cell = s.Inputs[u];
                    if (cell.State == blocked)
                        continue;
                    if (cell.State != scored)
                    {
                        cell.State = scored;
                        cell.Score = 0.0;
                        s.Touched[count] = u;
                        count++;
                    }
                    cell.Score = cell.Score + PathTerm(degreeA, cell.Shared, outerB);
                    s.Inputs[u] = cell;
                }
            }
        }
        return count;
    }

    /// <summary>One path v–a–b–u's term: 1/√((deg a − |N(a) ∩ N(u)|) · (deg b − |N(b) ∩ N(v)|)), in double
    /// precision. Every exact path-enumerating scorer adds these terms, a and b ascending.</summary>
    public static double PathTerm(int degreeA, int sharedWithA, int outerB) =>
        1.0 / Math.Sqrt((double)((long)(degreeA - sharedWithA) * outerB));
}
