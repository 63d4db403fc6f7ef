namespace SparseGpu.Training;

/// <summary>The loss became NaN or infinite; the run stops and the last good checkpoint stays as it was.</summary>
public sealed class TrainingDivergedException(int epoch, string what)
    : SparseGpuException(
        $"training diverged in epoch {epoch}: {what}; the last good checkpoint is kept; try a smaller --lr"
    )
{
    public int Epoch { get; } = epoch;

    /// <summary>What was seen ("test loss is NaN").</summary>
    public string What { get; } = what;
}
