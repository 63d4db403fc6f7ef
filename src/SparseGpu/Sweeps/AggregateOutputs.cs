namespace SparseGpu.Sweeps;

/// <summary>
/// The files `sweep aggregate` writes into aggregate/, removed before each aggregate writes anew: a table or figure
/// left by an earlier aggregate (a data set no longer in the spec, robustness no longer run) must not stay beside the
/// new ones as if it were current. Files it does not own (notes a user put there) stay.
/// </summary>
internal static class AggregateOutputs
{
    private static readonly string[] Tables =
    [
        "metrics.csv",
        "accuracy.csv",
        "robustness.csv",
        "robustness-summary.csv",
        "robustness-methods.csv",
        "report.md",
        "report.html",
        SettingMeasures.CsvFile,
        "structure.csv",
        "network.csv",
        "structure-methods.csv",
    ];

    /// <summary>Figures are named after the data set: training-DATASET.png (and .svg), robustness-DATASET/
    /// folders, and for grids MEASURE-vs-SETTING-DATASET.png; each with the CSV of its numbers.</summary>
    private static readonly string[] FigurePatterns =
    [
        "training-*.png",
        "training-*.svg",
        "training-*.csv",
        "*-vs-*.png",
        "*-vs-*.svg",
        "*-vs-*.csv",
    ];

    private static readonly string[] FigureFolders = ["robustness-*", "structure-*"];

    public static void Clear(string directory)
    {
        if (!Directory.Exists(directory))
            return;
        foreach (string table in Tables)
            File.Delete(Path.Combine(directory, table));
        foreach (string pattern in FigurePatterns)
        foreach (string figure in Directory.GetFiles(directory, pattern))
            File.Delete(figure);
        foreach (string pattern in FigureFolders)
        foreach (string folder in Directory.GetDirectories(directory, pattern))
            Directory.Delete(folder, recursive: true);
    }
}
