using SparseGpu.Engines;

namespace SparseGpu.Evaluation;

/// <summary>What `sparsegpu evaluate` was asked to do.</summary>
public sealed record EvaluationRequest(
    string Model,
    string? Dataset,
    string Device,
    string? DataDirectory,
    bool AllowDownload,
    int Threads = 0,
    bool PerClass = false
);

public sealed record EvaluationReport(
    string Model,
    string Dataset,
    string DataSource,
    string Device,
    int CompletedEpochs,
    bool MidEpoch,
    EvaluationResult Result
)
{
    /// <summary>With <see cref="EvaluationRequest.PerClass"/>: the confusion matrix and each class's scores.</summary>
    public ClassReport? ByClass { get; init; }
}

/// <summary>The predictions of a test tallied by class, the class names as the data set gives them.</summary>
public sealed record ClassReport(ConfusionMatrix Confusion, IReadOnlyList<ClassScore> Classes);
