namespace SparseGpu.Tests.Oracle;

/// <summary>
/// The documented rules of a run, written out again for the oracle rather than called from the code under test
/// (Trainer, LearningRateSchedule, UpdateSchedule, RandomStreams): the learning rate of an epoch, the epoch's order
/// of the training images, and which epochs open with a topology update.
/// </summary>
public static class OracleSchedule
{
    /// <summary>README `train`: the rate decays linearly from its initial value to 1% of it over the first 90% of
    /// the epochs, then stays there.</summary>
    public static double LearningRate(double initial, int epoch, int epochs)
    {
        double progress = Math.Min(1.0, epoch / (0.9 * epochs));
        return initial - (initial - 0.01 * initial) * progress;
    }

    /// <summary>README `train`: an update opens every epoch that follows a full update interval, never the
    /// first.</summary>
    public static bool UpdateOpens(int epoch, int interval) => epoch > 0 && epoch % interval == 0;

    /// <summary>
    /// The images in the order epoch <paramref name="epoch"/> (0-based) visits them: the identity shuffled by
    /// Fisher–Yates (from the last position down, each swapped with a uniform position at or before it) with the
    /// random stream of (seed, purpose shuffle, epoch, layer 0). The stream's generator is the product's xoshiro256**
    /// (<see cref="Rng"/>, a fixed published sequence); only its seed derivation is written here.
    /// </summary>
    public static int[] EpochOrder(ulong seed, int epoch, int count)
    {
        const ulong shufflePurpose = 3;
        var random = new Rng(StreamSeed(seed, shufflePurpose, epoch, layer: 0));
        int[] order = Enumerable.Range(0, count).ToArray();
        for (int last = count - 1; last > 0; last--)
        {
            int other = random.NextInt(last + 1);
            (order[last], order[other]) = (order[other], order[last]);
        }
        return order;
    }

    /// <summary>A stream's seed: SplitMix64 of the run seed, then each key part mixed in (times an odd constant,
    /// xor, SplitMix64).</summary>
    private static ulong StreamSeed(ulong seed, ulong purpose, int epoch, int layer)
    {
        ulong state = seed;
        ulong hash = SplitMix64(ref state);
        foreach (ulong part in new[] { purpose, (ulong)(uint)epoch, (ulong)(uint)layer })
        {
            ulong mixed = hash ^ (part * 0xD6E8FEB86659FD93UL);
            hash = SplitMix64(ref mixed);
        }
        return hash;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
