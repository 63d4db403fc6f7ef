using ScottPlot;

namespace SparseGpu.Plotting;

/// <summary>One line of a panel with its band: a method under one combination of settings.</summary>
public sealed record Series(string Label, Color Color, LinePattern Pattern, MeanBand Values);

/// <summary>Draws a panel's series: every band first, then every line, so no band covers another series'
/// line.</summary>
public static class SeriesDrawing
{
    /// <param name="unit">The unit of the values drawn, for the figure's CSV (<see cref="FigureUnit"/>).</param>
    public static void Draw(Plot plot, IReadOnlyList<Series> series, string panel, string unit, FigureTable table)
    {
        foreach (Series s in series.Where(s => s.Values.HasBand))
        {
            MeanBand v = s.Values;
            var band = plot.Add.FillY(
                v.X,
                v.Mean.Select((m, i) => m - v.Std[i]).ToArray(),
                v.Mean.Select((m, i) => m + v.Std[i]).ToArray()
            );
            band.FillColor = s.Color.WithAlpha(0.18);
            band.LineWidth = 0;
        }
        foreach (Series s in series)
        {
            var line = plot.Add.Scatter(s.Values.X, s.Values.Mean);
            line.Color = s.Color;
            line.LineWidth = 2;
            line.LinePattern = s.Pattern;
            line.MarkerSize = s.Values.X.Length <= 40 ? 5 : 0;
            line.LegendText = s.Label;
            table.Add(panel, s.Label, s.Values, unit);
        }
        // The x axis spans exactly the data: no margin beyond the first and last level or epoch.
        double low = series.Min(s => s.Values.X[0]),
            high = series.Max(s => s.Values.X[^1]);
        if (high > low)
            plot.Axes.SetLimitsX(low, high);
        else
            plot.Axes.SetLimitsX(low - 0.5, high + 0.5);
    }

    /// <summary>What the line and band are, short enough for a panel's title: "mean ± 1 std over 5 models × 10
    /// repeats".</summary>
    public static string BandCaption(IReadOnlyList<(int Models, int Repeats)> counts, string models)
    {
        string one = models.TrimEnd('s');
        string Over((int Models, int Repeats) c) =>
            $"{c.Models} {(c.Models == 1 ? one : models)}" + (c.Repeats > 1 ? $" × {c.Repeats} repeats" : "");
        var distinct = counts.Distinct().ToList();
        if (distinct.All(c => c.Models * c.Repeats <= 1))
            return $"1 {one}, no band";
        return distinct.Count == 1 ? $"mean ± 1 std over {Over(distinct[0])}" : "mean ± 1 std (counts in the legend)";
    }
}
