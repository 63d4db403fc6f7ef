namespace SparseGpu.LinkPrediction;

/// <summary>What `sparsegpu linkpred` was asked to do. <see cref="Top"/> null and <see cref="All"/> false: every
/// positive score.</summary>
public sealed record LinkPredictionRequest(
    string? Edges,
    int? Inputs = null,
    int? Outputs = null,
    string Method = LinkPredictionMethods.Ch3L3,
    int? Top = null,
    bool All = false,
    string? Out = null,
    string Device = "cpu"
)
{
    /// <summary>A checkpoint whose sparse layer <see cref="Layer"/> is scored, instead of <see
    /// cref="Edges"/>.</summary>
    public string? Model { get; init; }

    /// <summary>With <see cref="Model"/>: the sparse layer, 1-based.</summary>
    public int? Layer { get; init; }
}

public sealed record LinkPredictionReport(
    int Inputs,
    int Outputs,
    int Links,
    int Duplicates,
    int FirstDuplicateLine,
    int Scored,
    long Written,
    double Seconds,
    string Device
);
