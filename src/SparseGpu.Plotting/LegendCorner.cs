using ScottPlot;

namespace SparseGpu.Plotting;

/// <summary>
/// Puts a legend in the corner of the data area that covers the fewest drawn points, so that a legend never hides
/// the very values a figure exists to show (a fixed corner did, where a grid's weakest settings sit).
/// </summary>
internal static class LegendCorner
{
    /// <summary>The share of the data range, each way, that a legend is assumed to cover: generous, because its
    /// real size is known only when the figure is drawn.</summary>
    private const double Share = 0.45;

    private static readonly Alignment[] Corners =
    [
        Alignment.LowerLeft,
        Alignment.LowerRight,
        Alignment.UpperLeft,
        Alignment.UpperRight,
    ];

    /// <summary>Shows the legend in the emptiest corner; ties go to the first of <see cref="Corners"/>.</summary>
    public static Alignment Show(Plot plot, IReadOnlyCollection<Coordinates> drawn)
    {
        Alignment corner = Emptiest(drawn);
        plot.ShowLegend(corner);
        return corner;
    }

    public static Alignment Emptiest(IReadOnlyCollection<Coordinates> drawn)
    {
        var finite = drawn.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (finite.Count == 0)
            return Corners[0];
        double left = finite.Min(p => p.X),
            right = finite.Max(p => p.X);
        double bottom = finite.Min(p => p.Y),
            top = finite.Max(p => p.Y);
        double width = Math.Max(right - left, 1e-12),
            height = Math.Max(top - bottom, 1e-12);
        bool Covers(Alignment corner, Coordinates p)
        {
            bool x = corner is Alignment.LowerLeft or Alignment.UpperLeft
                ? p.X <= left + Share * width
                : p.X >= right - Share * width;
            bool y = corner is Alignment.LowerLeft or Alignment.LowerRight
                ? p.Y <= bottom + Share * height
                : p.Y >= top - Share * height;
            return x && y;
        }
        return Corners.MinBy(corner => finite.Count(p => Covers(corner, p)));
    }
}
