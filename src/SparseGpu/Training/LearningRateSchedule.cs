namespace SparseGpu.Training;

/// <summary>The learning rate decays linearly from its initial value to 1% of it over the first 90% of the
/// epochs.</summary>
public static class LearningRateSchedule
{
    public const double FinalFraction = 0.01;
    public const double DecayPortion = 0.9;

    /// <param name="epoch">0-based epoch.</param>
    public static double Rate(double initial, int epoch, int totalEpochs)
    {
        double progress = Math.Min(1.0, epoch / (DecayPortion * totalEpochs));
        return initial * (1.0 - (1.0 - FinalFraction) * progress);
    }
}
