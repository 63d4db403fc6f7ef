namespace SparseGpu.Analysis;

/// <summary>What `sparsegpu analyze` was asked to do.</summary>
public sealed record AnalysisRequest
{
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Run directories: each one's model.ckpt, and its snapshots for evolution.csv.</summary>
    public IReadOnlyList<string> Runs { get; init; } = [];

    /// <summary>Where the tables go (default: runs/analysis-TIME).</summary>
    public string? OutDirectory { get; init; }

    /// <summary>Whether each model runs over its data set's test images to count functionally dead units.</summary>
    public bool Activity { get; init; }

    public string? DataDirectory { get; init; }
    public bool AllowDownload { get; init; } = true;
}

public sealed record AnalysisResult(
    IReadOnlyList<AnalyzedModel> Models,
    IReadOnlyList<(AnalyzedModel Model, LayerStructure Layer)> Structure,
    IReadOnlyList<(AnalyzedModel Model, NetworkConnectivity Connectivity)> Network,
    IReadOnlyList<OverlapRow> Overlap,
    IReadOnlyList<EvolutionRow> Evolution,
    int ComparedPairsSkipped,
    double AnalysisSeconds,
    string OutDirectory
)
{
    public IReadOnlyList<string> Files =>
        new[] { "structure.csv", "network.csv", "overlap.csv" }
            .Concat(Evolution.Count > 0 ? ["evolution.csv"] : Array.Empty<string>())
            .Concat(Evolution.Any(r => r.Age is not null) ? ["link-age.csv"] : Array.Empty<string>())
            .Select(f => Path.Combine(OutDirectory, f))
            .ToList();
}
