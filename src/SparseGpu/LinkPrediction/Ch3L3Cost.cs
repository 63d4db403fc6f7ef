using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>What scoring a layer with CH3-L3 costs each way, counted in O(links).</summary>
/// <param name="Paths">Length-3 paths v–a–b–u (with u = v's own inputs included): the path enumeration's
/// steps.</param>
/// <param name="InputPairEntries">(input pair, output) entries: Σ over outputs of deg·(deg − 1)/2.</param>
public readonly record struct Ch3L3Cost(int Inputs, int Links, double Paths, long InputPairEntries)
{
    public static Ch3L3Cost Of(LayerTopology t)
    {
        ReadOnlySpan<int> transposeOffsets = t.TransposeOffsets,
            transposeRows = t.TransposeRows;
        double paths = 0;
        for (int a = 0; a < t.Inputs; a++)
        {
            long twoSteps = 0; // Σ deg(b) over the outputs b of a
            for (int q = transposeOffsets[a]; q < transposeOffsets[a + 1]; q++)
                twoSteps += t.InDegree(transposeRows[q]);
            paths += (double)t.OutDegree(a) * twoSteps;
        }
        long pairs = 0;
        for (int v = 0; v < t.Outputs; v++)
            pairs += (long)t.InDegree(v) * (t.InDegree(v) - 1) / 2;
        return new Ch3L3Cost(t.Inputs, t.LinkCount, paths, pairs);
    }
}
