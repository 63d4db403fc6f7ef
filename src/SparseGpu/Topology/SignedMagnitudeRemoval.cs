using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>
/// SET's removal (Mocanu et al. 2018): the weights nearest zero on each side, with a threshold per sign. Of the P
/// links with w ≥ 0 the ⌊ζ·P⌋ smallest go, of the N links with w &lt; 0 the ⌊ζ·N⌋ largest (nearest zero), so
/// a layer whose weights lean to one sign loses the same fraction of each sign rather than ⌊ζ·links⌋ of the
/// smallest |w|. Equal weights within a side are ordered by a key from the random stream, as
/// <see cref="MagnitudeOrder"/> orders them. The published code takes its thresholds at sorted positions
/// int((1−ζ)·f) and int(l + ζ·(n − l)) around the weight nearest zero and removes everything between them,
/// which removes one or two links more than ζ of each side; here the counts are exact (a NaN counts as 0, with the
/// non-negative side).
/// </summary>
public sealed class SignedMagnitudeRemoval : IRemovalStrategy
{
    public static readonly SignedMagnitudeRemoval Instance = new();

    public string Name => "signed-magnitude";

    public int Count(Layer layer, double zeta)
    {
        int negative = Negatives(layer.Weights);
        return TopologyEditor.RemovalCount(layer.LinkCount - negative, zeta)
            + TopologyEditor.RemovalCount(negative, zeta);
    }

    /// <summary>Chooses per side as <see cref="Count"/> counts (the editor checks the total against
    /// <paramref name="count"/>).</summary>
    public bool[] Choose(Layer layer, double zeta, int count, Rng random)
    {
        float[] weights = layer.Weights;
        var sides = new List<int>[] { [], [] }; // [0]: w ≥ 0 (and NaN), [1]: w < 0, each in link order
        for (int link = 0; link < weights.Length; link++)
            sides[weights[link] < 0 ? 1 : 0].Add(link);
        bool[] removed = new bool[weights.Length];
        foreach (List<int> side in sides)
        {
            float[] values = side.Select(link => weights[link]).ToArray();
            bool[] nearestZero = MagnitudeOrder.Smallest(
                values,
                TopologyEditor.RemovalCount(values.Length, zeta),
                random
            );
            for (int i = 0; i < side.Count; i++)
                removed[side[i]] = nearestZero[i];
        }
        return removed;
    }

    private static int Negatives(float[] weights)
    {
        int n = 0;
        foreach (float w in weights)
            if (w < 0)
                n++;
        return n;
    }
}
