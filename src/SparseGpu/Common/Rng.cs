namespace SparseGpu;

/// <summary>
/// xoshiro256** generator. Chosen over <see cref="System.Random"/> because its sequence is fixed by its definition,
/// so every platform and .NET version reproduces a run bit for bit.
/// </summary>
public sealed class Rng
{
    private ulong _s0,
        _s1,
        _s2,
        _s3;

    public Rng(ulong seed)
    {
        // SplitMix64 spreads a small seed over the 256-bit state, as the xoshiro authors recommend.
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = BitRotate(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound), without modulo bias (Lemire's method).</summary>
    public long NextLong(long bound)
    {
        if (bound <= 0)
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "bound must be positive");
        ulong range = (ulong)bound;
        ulong x = NextUInt64();
        UInt128 m = (UInt128)x * range;
        ulong low = (ulong)m;
        if (low < range)
        {
            ulong threshold = (0 - range) % range;
            while (low < threshold)
            {
                x = NextUInt64();
                m = (UInt128)x * range;
                low = (ulong)m;
            }
        }
        return (long)(m >> 64);
    }

    public int NextInt(int bound) => (int)NextLong(bound);

    /// <summary>Standard normal sample (Box–Muller; one of the pair is discarded to keep the state simple).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    internal static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong BitRotate(ulong x, int k) => (x << k) | (x >> (64 - k));
}
