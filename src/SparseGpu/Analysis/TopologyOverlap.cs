using SparseGpu.Model;

namespace SparseGpu.Analysis;

/// <summary>Similarity of two layers' link sets of the same size.</summary>
public static class TopologyOverlap
{
    /// <summary>Links present in both (a merge of the ascending key orders; O(links), no extra memory).</summary>
    public static int Common(LayerTopology a, LayerTopology b)
    {
        RequireSameShape(a, b);
        int i = 0,
            j = 0,
            common = 0;
        while (i < a.LinkCount && j < b.LinkCount)
        {
            long ka = a.KeyOf(i),
                kb = b.KeyOf(j);
            if (ka == kb)
            {
                common++;
                i++;
                j++;
            }
            else if (ka < kb)
                i++;
            else
                j++;
        }
        return common;
    }

    /// <summary>|A ∩ B| / |A ∪ B|; 1 for two empty layers.</summary>
    public static double Jaccard(LayerTopology a, LayerTopology b)
    {
        int common = Common(a, b);
        int union = a.LinkCount + b.LinkCount - common;
        return union == 0 ? 1.0 : (double)common / union;
    }

    private static void RequireSameShape(LayerTopology a, LayerTopology b)
    {
        if (a.Inputs != b.Inputs || a.Outputs != b.Outputs)
            throw new SparseGpuException(
                $"cannot compare a {a.Inputs}x{a.Outputs} layer with a {b.Inputs}x{b.Outputs} layer"
            );
    }
}
