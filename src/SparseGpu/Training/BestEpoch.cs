namespace SparseGpu.Training;

/// <summary>With --validation: the epoch whose model best.ckpt holds (best validation accuracy, the earliest of
/// equals), with the test accuracy that model had.</summary>
public sealed record BestEpoch(int Epoch, double ValidationAccuracy, double TestAccuracy);
