namespace SparseGpu;

/// <summary>What a random stream is used for; part of the key a stream is derived from.</summary>
public enum RandomPurpose
{
    Topology = 1,
    WeightInit = 2,
    Shuffle = 3,
    Removal = 4,
    Regrowth = 5,
    Perturbation = 6,

    /// <summary>The robustness sweep's compensation: calibration batch and fine-tuning order.</summary>
    Compensation = 7,
}

/// <summary>
/// Every random stream is derived from (seed, purpose, epoch, layer) rather than drawn from one shared generator:
/// a stream's numbers then do not depend on how many numbers other parts consumed, so a resumed run, a different
/// engine or a new strategy cannot shift the randomness of anything else.
/// </summary>
public static class RandomStreams
{
    public static Rng Derive(ulong seed, RandomPurpose purpose, int epoch = 0, int layer = 0)
    {
        ulong x = seed;
        ulong h = Rng.SplitMix64(ref x);
        h = Mix(h, (ulong)purpose);
        h = Mix(h, (ulong)(uint)epoch);
        h = Mix(h, (ulong)(uint)layer);
        return new Rng(h);
    }

    private static ulong Mix(ulong h, ulong value)
    {
        ulong x = h ^ (value * 0xD6E8FEB86659FD93UL);
        return Rng.SplitMix64(ref x);
    }
}
