namespace SparseGpu.Kernels;

/// <summary>
/// The shared-neighbour counts that every length-3 path scorer (<see cref="Ch3L3Row"/>,
/// <see cref="CannistraciHebbRow"/>) takes from the walk v–a–b–u, in one place so the predictors differ only in the
/// terms they add: which inputs of v are not candidates, |N(b) ∩ N(v)| for the outputs b two steps from v, and
/// |N(a) ∩ N(u)| for the inputs u three steps from v through a. Integer counts in walk order, so the scores built on
/// them stay bit-identical; generic over <see cref="IElements{T}"/> like the row bodies, so the host and every
/// ILGPU accelerator run this same code.
/// </summary>
public static class L3PathCounts
{
    /// <summary>
    /// Starts output v's walk: marks v's inputs and its excluded candidates blocked, so no term reaches them, and
    /// counts <see cref="CountSharedWithV"/>. Returns the State that marks blocked inputs, 2(v + 1); scored inputs
    /// carry it + 1 (<see cref="Ch3L3InputCell"/>). Both are unique to v, so the previous output's cells need no
    /// clearing.
    /// </summary>
    public static int StartRow<TInts, TCells>(int v, Ch3L3Graph<TInts> g, Ch3L3Slot<TInts, TCells> s)
        where TInts : struct, IElements<int>
        where TCells : struct, IElements<Ch3L3InputCell>
    {
        int blocked = 2 * (v + 1);
        for (int p = g.RowOffsets[v]; p < g.RowOffsets[v + 1]; p++)
            Block(s.Inputs, g.Columns[p], blocked);
        for (int p = g.ExcludedOffsets[v]; p < g.ExcludedOffsets[v + 1]; p++)
            Block(s.Inputs, g.ExcludedInputs[p], blocked);
        CountSharedWithV(v, g, s);
        return blocked;
    }

    /// <summary>SharedWithV[b] = |N(b) ∩ N(v)| for every output b two steps from v (b = v included), each stamped
    /// v + 1 in SharedWithVStamp.</summary>
    private static void CountSharedWithV<TInts, TCells>(int v, Ch3L3Graph<TInts> g, Ch3L3Slot<TInts, TCells> s)
        where TInts : struct, IElements<int>
        where TCells : struct, IElements<Ch3L3InputCell>
    {
        for (int p = g.RowOffsets[v]; p < g.RowOffsets[v + 1]; p++)
        {
            int a = g.Columns[p];
            for (int q = g.TransposeOffsets[a]; q < g.TransposeOffsets[a + 1]; q++)
            {
                int b = g.TransposeRows[q];
                if (s.SharedWithVStamp[b] != v + 1)
                {
                    s.SharedWithVStamp[b] = v + 1;
                    s.SharedWithV[b] = 0;
                }
                s.SharedWithV[b] = s.SharedWithV[b] + 1;
            }
        }
    }

    /// <summary>Inputs[u].Shared = |N(a) ∩ N(u)| for every input u three steps from v through the input
    /// <paramref name="a"/> (paths through b = v skipped), each cell's SharedStamp set to <paramref name="stamp"/>:
    /// a value unique to the link (a, v), so the counts of the previous a need no clearing.</summary>
    public static void CountSharedWithA<TInts, TCells>(
        int v,
        int a,
        int stamp,
        Ch3L3Graph<TInts> g,
        Ch3L3Slot<TInts, TCells> s
    )
        where TInts : struct, IElements<int>
        where TCells : struct, IElements<Ch3L3InputCell>
    {
        for (int q = g.TransposeOffsets[a]; q < g.TransposeOffsets[a + 1]; q++)
        {
            int b = g.TransposeRows[q];
            if (b == v)
                continue;
            for (int r = g.RowOffsets[b]; r < g.RowOffsets[b + 1]; r++)
            {
                int u = g.Columns[r];
                Ch3L3InputCell cell = s.Inputs[u];
                if (cell.SharedStamp != stamp)
                {
                    cell.SharedStamp = stamp;
                    cell.Shared = 0;
                }
                cell.Shared++;
                s.Inputs[u] = cell;
            }
        }
    }

    private static void Block<TCells>(TCells inputs, int input, int blocked)
        where TCells : struct, IElements<Ch3L3InputCell>
    {
        Ch3L3InputCell cell = inputs[input];
        cell.State = blocked;
        inputs[input] = cell;
    }
}
