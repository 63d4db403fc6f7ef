namespace SparseGpu.Robustness;

/// <summary>
/// One evaluation of a perturbed model: a row of robustness.csv. The structural columns (fraction of input pixels
/// with a path to the read-out, log10 of the number of such paths, fraction of hidden neurons without any input
/// link) are NaN when read from a robustness.csv written before they existed, and so are the network measures
/// (largest connected component, weighted efficiency, density of the sparse layers; see
/// <see cref="Analysis.NetworkGraphMeasures"/>). FractionOfRemaining: for a step of an
/// iterated (--relative) removal, the fraction of the links that remained before the step that it removed; NaN
/// otherwise (Level is then the fraction of the original links, as always).
/// </summary>
public sealed record RobustnessRecord(
    string Model,
    string Method,
    string Dataset,
    ulong Seed,
    string Perturbation,
    double Level,
    int Repeat,
    double Accuracy,
    double Loss,
    long LinksRemaining,
    int ActiveNeurons,
    double PixelsConnectedFraction = double.NaN,
    double Log10Paths = double.NaN,
    double NoInputFraction = double.NaN,
    double LargestComponentFraction = double.NaN,
    double WeightedEfficiency = double.NaN,
    double SparseDensity = double.NaN,
    double FractionOfRemaining = double.NaN
);

/// <summary>One model under one perturbation: a row of summary.csv.</summary>
public sealed record RobustnessSummaryRow(
    string Model,
    string Method,
    string Dataset,
    ulong Seed,
    string Perturbation,
    double UnperturbedAccuracy,
    double AreaUnderCurve,
    double? LevelBelow90Percent,
    double? LevelBelow50Percent,
    double? AccuracyAt08
)
{
    /// <summary>The robustness index R of accuracy (Schneider et al. 2011): the mean over the levels.</summary>
    public double RAccuracy { get; init; } = double.NaN;

    /// <summary>R of the largest connected component's fraction of the nodes.</summary>
    public double RLargestComponent { get; init; } = double.NaN;

    /// <summary><see cref="RAccuracy"/> over the dense models' (null: no dense model of the data set was
    /// swept).</summary>
    public double? RAccuracyRelativeToDense { get; init; }

    /// <summary><see cref="RLargestComponent"/> over the dense models'.</summary>
    public double? RLargestComponentRelativeToDense { get; init; }
}
