namespace SparseGpu;

/// <summary>
/// Where a figure's numbers go: FIGURE.figure.csv beside FIGURE.png. The suffix is the rule that keeps a figure's
/// CSV from ever taking the name of a documented table (evolution.png's numbers once overwrote `analyze`'s
/// evolution.csv); no table a command writes ends in it.
/// </summary>
public static class FigureCsv
{
    public const string Suffix = ".figure.csv";

    /// <summary>The CSV of the figure <paramref name="image"/> (.png or .svg): same folder and stem.</summary>
    public static string Of(string image) => Path.ChangeExtension(image, null) + Suffix;
}
