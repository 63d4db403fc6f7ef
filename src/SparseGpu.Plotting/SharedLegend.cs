using ScottPlot;

namespace SparseGpu.Plotting;

/// <summary>
/// One legend for a whole figure, in a strip of its own below the panels: a legend inside a panel covered curves
/// and was clipped mid-word where labels name several settings ("CH3L3, density 0.01, learning rate 0.025, weight
/// deca"). The strip is as tall as its entries need, and the figure grows by that height, so the panels keep theirs.
/// </summary>
internal static class SharedLegend
{
    private const float FontSize = 13;

    /// <summary>Height of one entry and the strip's padding, in points at 96 DPI.</summary>
    private const int EntryHeight = 22,
        Padding = 40;

    /// <summary>The entries of every panel's plottables, each label once, in drawing order.</summary>
    public static List<LegendItem> ItemsOf(IEnumerable<Plot> panels) =>
        panels
            .SelectMany(p => p.GetPlottables())
            .SelectMany(p => p.LegendItems)
            .Where(i => !string.IsNullOrEmpty(i.LabelText))
            .DistinctBy(i => i.LabelText)
            .ToList();

    /// <summary>The height the strip takes for <paramref name="entries"/> entries.</summary>
    public static int Height(int entries) => entries == 0 ? 0 : Padding + EntryHeight * entries;

    /// <summary>
    /// The panels in a <paramref name="rows"/> × <paramref name="columns"/> grid above one legend of
    /// <paramref name="items"/>; every panel's own legend is hidden.
    /// </summary>
    public static Multiplot Below(IReadOnlyList<Plot> panels, int rows, int columns, IReadOnlyList<LegendItem> items)
    {
        foreach (Plot panel in panels)
            panel.HideLegend();
        var legend = new Plot();
        legend.Layout.Frameless();
        legend.HideAxesAndGrid();
        legend.Legend.ManualItems.AddRange(items);
        legend.Legend.FontSize = FontSize;
        legend.ShowLegend(Alignment.UpperCenter);
        var figure = new Multiplot(panels[0]);
        foreach (Plot panel in panels.Skip(1))
            figure.AddPlot(panel);
        figure.AddPlot(legend);
        figure.Layout = new PanelsAboveStrip(rows, columns, Height(items.Count));
        return figure;
    }

    /// <summary>The last subplot is the strip, <paramref name="stripHeight"/> points tall along the bottom; the
    /// others fill a grid above it, row by row.</summary>
    private sealed class PanelsAboveStrip(int rows, int columns, int stripHeight) : IMultiplotLayout
    {
        public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figure)
        {
            int count = subplots.Count;
            float top = figure.Top,
                bottom = figure.Bottom - stripHeight;
            float width = (figure.Right - figure.Left) / columns,
                height = (bottom - top) / rows;
            var rectangles = new PixelRect[count];
            for (int i = 0; i < count - 1; i++)
            {
                float left = figure.Left + (i % columns) * width,
                    upper = top + (i / columns) * height;
                rectangles[i] = new PixelRect(left, left + width, upper + height, upper);
            }
            rectangles[count - 1] = new PixelRect(figure.Left, figure.Right, figure.Bottom, bottom);
            return rectangles;
        }
    }
}
