using SparseGpu.Model;

namespace SparseGpu.Tests.Model;

public sealed class MagnitudeOrderTests
{
    /// <summary>The readable definition: a comparison sort by |w|, then by the per-link tie key.</summary>
    private static int[] Oracle(float[] weights, Rng rng, bool largestFirst)
    {
        ulong[] tie = weights.Select(_ => rng.NextUInt64()).ToArray();
        int[] order = Enumerable.Range(0, weights.Length).ToArray();
        Array.Sort(
            order,
            (a, b) =>
            {
                int byMagnitude = MathF.Abs(weights[a]).CompareTo(MathF.Abs(weights[b]));
                if (largestFirst)
                    byMagnitude = -byMagnitude;
                return byMagnitude != 0 ? byMagnitude : tie[a].CompareTo(tie[b]);
            }
        );
        return order;
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void The_order_is_the_comparison_sorts_with_many_ties_signs_and_zeros(ulong seed, bool largestFirst)
    {
        var rng = new Rng(seed);
        // Eight magnitudes of both signs (and ±0) over 5,000 links: long runs of equal |w| that only the tie key
        // orders.
        float[] weights = Enumerable
            .Range(0, 5000)
            .Select(_ => (rng.NextInt(2) == 0 ? -1 : 1) * rng.NextInt(8) * 0.125f)
            .ToArray();
        Assert.Equal(
            Oracle(weights, new Rng(seed + 100), largestFirst),
            MagnitudeOrder.Sorted(weights, new Rng(seed + 100), largestFirst)
        );
    }

    [Theory]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    [InlineData(6, 1500)]
    [InlineData(7, 2999)]
    [InlineData(8, 3000)]
    public void The_smallest_set_is_the_prefix_of_the_order(ulong seed, int count)
    {
        var rng = new Rng(seed);
        float[] weights = Enumerable
            .Range(0, 3000)
            .Select(_ => (rng.NextInt(2) == 0 ? -1 : 1) * rng.NextInt(20) * 0.01f)
            .ToArray();
        int[] order = MagnitudeOrder.Sorted(weights, new Rng(seed), largestFirst: false);
        bool[] expected = new bool[weights.Length];
        foreach (int link in order.Take(count))
            expected[link] = true;
        Assert.Equal(expected, MagnitudeOrder.Smallest(weights, count, new Rng(seed)));
    }

    [Fact]
    public void The_smallest_are_the_first_of_the_order_and_nan_counts_as_smallest()
    {
        float[] weights = [0.5f, float.NaN, -0.1f, 0.3f, -0.7f, 0.1f];
        bool[] marked = MagnitudeOrder.Smallest(weights, 3, new Rng(9));
        Assert.Equal([false, true, true, false, false, true], marked);
        Assert.Equal(4, MagnitudeOrder.Sorted(weights, new Rng(9), largestFirst: true)[0]);
        Assert.Equal(1, MagnitudeOrder.Sorted(weights, new Rng(9), largestFirst: true)[^1]);
    }
}
