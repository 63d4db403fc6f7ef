namespace SparseGpu.Training;

/// <summary>
/// The learning rate of each epoch (`--lr-schedule`). All schedules except constant reach
/// <see cref="FinalFraction"/> of the initial rate after the first <see cref="DecayPortion"/> of the epochs and stay
/// there. With progress p = min(1, epoch / (0.9 · epochs)):
/// linear (the default): rate = initial · (1 − 0.99 · p);
/// cosine: rate = initial · (0.01 + 0.99 · (1 + cos(π · p)) / 2);
/// constant: rate = initial.
/// </summary>
public static class LearningRateSchedule
{
    public const double FinalFraction = 0.01;
    public const double DecayPortion = 0.9;

    public const string Linear = "linear";
    public const string Cosine = "cosine";
    public const string Constant = "constant";

    public static IReadOnlyList<string> Names { get; } = [Linear, Cosine, Constant];

    /// <summary>The linear schedule (the default).</summary>
    /// <param name="epoch">0-based epoch.</param>
    public static double Rate(double initial, int epoch, int totalEpochs) => Rate(Linear, initial, epoch, totalEpochs);

    /// <param name="schedule">One of <see cref="Names"/>.</param>
    /// <param name="epoch">0-based epoch.</param>
    public static double Rate(string schedule, double initial, int epoch, int totalEpochs)
    {
        double progress = Math.Min(1.0, epoch / (DecayPortion * totalEpochs));
        return schedule switch
        {
            // The expression of the first release, kept term for term: the default's rates are bit-identical.
            Linear => initial * (1.0 - (1.0 - FinalFraction) * progress),
            Cosine => initial * (FinalFraction + (1.0 - FinalFraction) * (1.0 + Math.Cos(Math.PI * progress)) / 2.0),
            Constant => initial,
            _ => throw new InvalidSettingException("lr-schedule", $" '{schedule}' is not valid; valid: {NameList}"),
        };
    }

    /// <summary>Null when <paramref name="name"/> is a schedule, else what is wrong with it.</summary>
    public static string? Problem(string name) =>
        Names.Contains(name, StringComparer.Ordinal) ? null : $" '{name}' is not valid; valid: {NameList}";

    private static string NameList => string.Join(", ", Names);
}
