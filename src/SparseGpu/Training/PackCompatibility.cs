namespace SparseGpu.Training;

/// <summary>
/// Which runs may train as one pack (<c>NetworkPack</c>): runs that differ only in seed, method or data set (of
/// one input size and one number of training images, checked when the data is loaded). Every other setting of the
/// catalogue must be equal, so a setting added to the catalogue later is covered without a change here.
/// </summary>
public static class PackCompatibility
{
    /// <summary>The settings a pack's runs may differ in.</summary>
    public static readonly IReadOnlyList<TrainingSetting> MayDiffer =
    [
        TrainingSettingCatalog.Dataset,
        TrainingSettingCatalog.DatasetSha256,
        TrainingSettingCatalog.Method,
        TrainingSettingCatalog.Seed,
    ];

    /// <summary>The first setting outside <see cref="MayDiffer"/> in which the two differ, as one line naming it and
    /// both values; null when they may train together.</summary>
    public static string? Difference(TrainingSettings a, TrainingSettings b)
    {
        foreach (TrainingSetting setting in TrainingSettingCatalog.All.Except(MayDiffer))
        {
            string left = setting.Show(setting.ValueIn(a)),
                right = setting.Show(setting.ValueIn(b));
            if (left != right)
                return $"--{setting.Option} is {left} in one and {right} in the other";
        }
        return null;
    }
}
