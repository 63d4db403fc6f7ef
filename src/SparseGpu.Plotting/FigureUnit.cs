namespace SparseGpu.Plotting;

/// <summary>
/// The unit a figure CSV's row gives its values: "percent" where the axis draws percent ("test accuracy (%)"),
/// otherwise the axis label itself ("cross-entropy", "out-strength Σ|w|"), so a reader never takes a figure's 97 for
/// the 0.97 that metrics.csv and robustness.csv hold.
/// </summary>
public static class FigureUnit
{
    public const string Percent = "percent";

    public const string Fraction = "fraction";

    public const string Count = "count";

    public static string FromAxisLabel(string? label)
    {
        string text = (label ?? "").Trim();
        if (text == "%" || text.EndsWith("(%)", StringComparison.Ordinal))
            return Percent;
        return text.Length == 0 ? "unlabelled" : text;
    }
}
