namespace SparseGpu.Robustness;

/// <summary>
/// The named inputs of one random stream of a perturbation: the repetition, the perturbation (its fixed
/// <see cref="Perturbation.StreamId"/>), the network layer (0-based; <see cref="WholeNetwork"/> for a stream that
/// serves every layer at once) and the level's index in the grid (null: the stream a repetition prepares from).
/// <see cref="Derive"/> packs them exactly as the streams were packed before they had names
/// (repeat · 64 + perturbation, layer · 100003 + level + 1), so every published number stays as it was.
/// </summary>
public readonly record struct PerturbationStream(int Repeat, int Perturbation, int Layer, int? Level)
{
    /// <summary>The layer of a stream drawn once for the whole network (a global ranking).</summary>
    public const int WholeNetwork = -1;

    /// <summary>Perturbation ids are below this, so (repeat, perturbation) pairs never share a packed value.</summary>
    public const int MaxPerturbations = 64;

    /// <summary>Level indices are below this, so (layer, level) pairs never share a packed value.</summary>
    public const int MaxLevels = 100002;

    public Rng Derive(ulong seed)
    {
        if (Perturbation < 0 || Perturbation >= MaxPerturbations)
            throw new ArgumentOutOfRangeException(nameof(Perturbation), Perturbation, "a stream id is 0..63");
        if (Level is < 0 or >= MaxLevels)
            throw new ArgumentOutOfRangeException(nameof(Level), Level, "a level index is 0..100001");
        if (Repeat < 0)
            throw new ArgumentOutOfRangeException(nameof(Repeat), Repeat, "a repetition is 0 or more");
        return RandomStreams.Derive(
            seed,
            RandomPurpose.Perturbation,
            Repeat * MaxPerturbations + Perturbation,
            Layer * 100003 + (Level ?? -1) + 1
        );
    }
}
