namespace SparseGpu.Analysis;

/// <summary>
/// One snapshot of one sparse layer of a run (a row of evolution.csv): how many links are new since the previous
/// snapshot, how many survive from the initial topology, the active neurons, and the Jaccard similarity to the
/// final topology. Null where the reference snapshot is missing (no previous one, or no epoch-0 snapshot).
/// </summary>
public sealed record EvolutionRow(
    string Run,
    string Method,
    string Dataset,
    ulong Seed,
    int Epoch,
    int Layer,
    int Links,
    int? NewLinks,
    int? SurvivingFromInitial,
    int ActiveNeurons,
    double JaccardToFinal
)
{
    /// <summary>Links of the previous snapshot that this one no longer has; null at the first snapshot.</summary>
    public int? RemovedLinks { get; init; }

    /// <summary>Link age and provenance; null unless every snapshot from epoch 0 on is there (see
    /// <see cref="LinkAge"/>).</summary>
    public LinkAgeMeasures? Age { get; init; }

    public double? Turnover => NewLinks is { } n && Links > 0 ? (double)n / Links : null;
    public double? SurvivingFraction => SurvivingFromInitial is { } s && Links > 0 ? (double)s / Links : null;
}
