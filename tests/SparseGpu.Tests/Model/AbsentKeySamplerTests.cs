using SparseGpu.Model;

namespace SparseGpu.Tests.Model;

public sealed class AbsentKeySamplerTests
{
    [Fact]
    public void Draws_exactly_count_distinct_allowed_keys()
    {
        long[] excluded = [0, 3, 4, 5, 9, 17, 18, 19];
        long[] keys = AbsentKeySampler.Sample(20, excluded, 12, new Rng(3));
        Assert.Equal(12, keys.Length);
        Assert.Equal(keys.Distinct().Order(), keys);
        Assert.All(keys, k => Assert.DoesNotContain(k, excluded));
        Assert.All(keys, k => Assert.InRange(k, 0, 19));
    }

    [Fact]
    public void Taking_every_allowed_key_returns_the_complement()
    {
        long[] excluded = [1, 2, 6];
        Assert.Equal([0, 3, 4, 5, 7], AbsentKeySampler.Sample(8, excluded, 5, new Rng(1)));
    }

    [Fact]
    public void Asking_for_more_than_is_allowed_fails()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AbsentKeySampler.Sample(5, [0, 1], 4, new Rng(1)));
    }

    [Fact]
    public void Every_allowed_key_is_about_equally_likely()
    {
        long[] excluded = [2, 5, 7];
        int[] hits = new int[10];
        const int trials = 20000;
        var rng = new Rng(11);
        for (int t = 0; t < trials; t++)
            foreach (long key in AbsentKeySampler.Sample(10, excluded, 2, rng))
                hits[key]++;
        double expected = trials * 2.0 / 7;
        foreach (int key in Enumerable.Range(0, 10))
        {
            if (excluded.Contains(key))
                Assert.Equal(0, hits[key]);
            else
                Assert.InRange(hits[key], expected * 0.95, expected * 1.05);
        }
    }
}
