using SkiaSharp;

namespace SparseGpu.Plotting;

/// <summary>
/// The sans-serif family every figure uses, chosen explicitly: left to the system, ScottPlot may land on a serif
/// face. The first of the preferred families the font manager really has (DejaVu Sans on Debian), else whatever
/// it offers for "sans-serif".
/// </summary>
public static class FigureFont
{
    private static readonly string[] Preferred =
    [
        "DejaVu Sans",
        "Liberation Sans",
        "Arial",
        "Helvetica",
        "Noto Sans",
        "Open Sans",
    ];

    public static string Family { get; } = Choose();

    private static string Choose()
    {
        foreach (string family in Preferred)
        {
            using SKTypeface? face = SKFontManager.Default.MatchFamily(family);
            if (face is not null && string.Equals(face.FamilyName, family, StringComparison.OrdinalIgnoreCase))
                return family;
        }
        using SKTypeface? fallback = SKFontManager.Default.MatchFamily("sans-serif");
        return fallback?.FamilyName ?? "sans-serif";
    }

    public static void Apply(ScottPlot.Plot plot)
    {
        plot.Font.Set(Family);
        plot.Legend.FontName = Family;
    }
}
