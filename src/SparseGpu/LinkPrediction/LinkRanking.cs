namespace SparseGpu.LinkPrediction;

/// <summary>
/// The total order in which candidates are ranked: higher score first, then a tie key, then the link key.
/// Seeded ties (training) order equal scores by a hash of the link and the seed, so regrowth does not favour low
/// indices yet is reproducible; positional ties (the linkpred tool) order them by input, then output.
/// </summary>
public readonly struct LinkRanking
{
    private readonly ulong _seed;
    private readonly int _inputs;
    private readonly int _outputs;
    private readonly bool _seeded;

    private LinkRanking(ulong seed, bool seeded, int inputs, int outputs)
    {
        _seed = seed;
        _seeded = seeded;
        _inputs = inputs;
        _outputs = outputs;
    }

    public static LinkRanking Seeded(ulong seed) => new(seed, true, 1, 1);

    public static LinkRanking ByPosition(int inputs, int outputs) => new(0, false, inputs, outputs);

    public ulong TieKey(long key)
    {
        if (_seeded)
        {
            ulong x = _seed ^ (ulong)key * 0x9E3779B97F4A7C15UL;
            return Rng.SplitMix64(ref x);
        }
        long input = key % _inputs,
            output = key / _inputs;
        return (ulong)(input * _outputs + output);
    }

    /// <summary>Negative when <paramref name="a"/> ranks before <paramref name="b"/>.</summary>
    public int Compare(ScoredLink a, ScoredLink b)
    {
        int byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0)
            return byScore;
        int byTie = TieKey(a.Key).CompareTo(TieKey(b.Key));
        return byTie != 0 ? byTie : a.Key.CompareTo(b.Key);
    }
}
