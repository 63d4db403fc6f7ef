using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// The input×input tables of <see cref="Ch3L3FewInputs"/>, built in one pass over the outputs (Σ deg² steps):
/// Shared[a,u] = |N(a) ∩ N(u)|, InverseOuterA[a,u] = (deg a − Shared[a,u])^-½ (0 where that is 0),
/// Base[a,u] = InverseOuterA[a,u] · Σ_{b∈N(a)∩N(u)} (deg b − 1)^-½ (b ascending), and for every input pair
/// i &lt; j the outputs linked to both, ascending.
/// </summary>
internal sealed class InputPairTables
{
    public InputPairTables(LayerTopology t)
    {
        int n = t.Inputs;
        Inputs = n;
        Shared = new int[n * n];
        InverseOuterA = new double[n * n];
        Base = new double[n * n];
        ReadOnlySpan<int> rowOffsets = t.RowOffsets,
            columns = t.Columns;
        PairOffsets = new int[n * n + 1];
        for (int b = 0; b < t.Outputs; b++)
        {
            ReadOnlySpan<int> row = columns[rowOffsets[b]..rowOffsets[b + 1]];
            if (row.Length < 2)
                continue;
            double outer = 1.0 / Math.Sqrt(row.Length - 1);
            for (int i = 0; i < row.Length; i++)
            for (int j = 0; j < row.Length; j++)
            {
                if (i == j)
                    continue;
                int cell = row[i] * n + row[j];
                Shared[cell]++;
                Base[cell] += outer;
                if (i < j)
                    PairOffsets[cell + 1]++;
            }
        }
        for (int a = 0; a < n; a++)
        {
            int degree = t.OutDegree(a);
            for (int u = 0; u < n; u++)
            {
                int cell = a * n + u;
                int outerA = degree - Shared[cell];
                InverseOuterA[cell] = outerA > 0 ? 1.0 / Math.Sqrt(outerA) : 0.0;
                Base[cell] *= InverseOuterA[cell];
            }
        }
        for (int cell = 0; cell < n * n; cell++)
            PairOffsets[cell + 1] += PairOffsets[cell];
        PairOutputs = new int[PairOffsets[n * n]];
        int[] next = PairOffsets[..^1].ToArray();
        for (int b = 0; b < t.Outputs; b++)
        {
            ReadOnlySpan<int> row = columns[rowOffsets[b]..rowOffsets[b + 1]];
            for (int i = 0; i < row.Length; i++)
            for (int j = i + 1; j < row.Length; j++)
                PairOutputs[next[row[i] * n + row[j]]++] = b;
        }
    }

    public int Inputs { get; }
    public int[] Shared { get; }
    public double[] InverseOuterA { get; }
    public double[] Base { get; }

    /// <summary>Outputs linked to inputs i &lt; j: PairOutputs[PairOffsets[i·n + j] ..
    /// PairOffsets[i·n + j + 1]).</summary>
    public int[] PairOffsets { get; }
    public int[] PairOutputs { get; }
}
