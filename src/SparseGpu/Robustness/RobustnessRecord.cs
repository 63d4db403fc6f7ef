namespace SparseGpu.Robustness;

/// <summary>One evaluation of a perturbed model: a row of robustness.csv.</summary>
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
    int ActiveNeurons);

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
    double? AccuracyAt08);
