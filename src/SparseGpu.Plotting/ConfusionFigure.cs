using System.Globalization;
using ScottPlot;
using SparseGpu.Evaluation;

namespace SparseGpu.Plotting;

/// <summary>
/// `evaluate --out`'s confusion-matrix.png: one cell per (true class, predicted class), true classes down the
/// rows (first at the top) and predictions across, coloured by the share of the true class's test images that got
/// that prediction (so a small class reads as clearly as a large one), with the count written in each non-empty
/// cell while the cells are large enough to hold it.
/// </summary>
public static class ConfusionFigure
{
    public const string FileName = "confusion-matrix.png";

    /// <param name="title">What was tested, for the figure's title (model, data set, accuracy).</param>
    public static IReadOnlyList<string> Render(ClassReport byClass, string title, string directory)
    {
        int n = byClass.Confusion.Classes;
        FigureOptions options = SizeFor(n);
        var plot = new Plot();
        double[,] share = Shares(byClass);
        var heatmap = plot.Add.Heatmap(share);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        var colourBar = plot.Add.ColorBar(heatmap);
        colourBar.Label = "share of the true class's test images";
        colourBar.LabelStyle.FontSize = 12;
        colourBar.LabelStyle.FontName = FigureFont.Family;
        var shareTicks = new ScottPlot.TickGenerators.NumericManual();
        for (int percent = 0; percent <= 100; percent += 20)
            shareTicks.AddMajor(percent / 100.0, percent.ToString(CultureInfo.InvariantCulture) + "%");
        colourBar.Axis.TickGenerator = shareTicks;
        colourBar.Axis.TickLabelStyle.FontName = FigureFont.Family;
        plot.Title(title, size: 12);
        // ScottPlot draws data row 0 at the top at y = n − 1.
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        var columns = new ScottPlot.TickGenerators.NumericManual();
        var rows = new ScottPlot.TickGenerators.NumericManual();
        int step = Math.Max(1, n / 30);
        for (int c = 0; c < n; c += step)
        {
            columns.AddMajor(c, byClass.Classes[c].Name);
            rows.AddMajor(n - 1 - c, byClass.Classes[c].Name);
        }
        plot.Axes.Bottom.TickGenerator = columns;
        plot.Axes.Left.TickGenerator = rows;
        plot.Axes.Bottom.TickLabelStyle.Rotation = LongestName(byClass) > 3 ? 45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment =
            LongestName(byClass) > 3 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        plot.HideGrid();
        if (n <= 30)
            AddCounts(plot, byClass, share, options);
        var table = new FigureTable();
        for (int a = 0; a < n; a++)
        for (int p = 0; p < n; p++)
            table.AddPoint(title, $"true {byClass.Classes[a].Name}", p, share[a, p], FigureUnit.Fraction);
        return FigureFile.Save(new Multiplot(plot), Path.Combine(directory, FileName), options, table);
    }

    /// <summary>Square cells of about 30 points whatever the class count, with room for labels and the colour
    /// bar.</summary>
    private static FigureOptions SizeFor(int classes)
    {
        int side = Math.Clamp(200 + 30 * classes, 560, 1600);
        return new FigureOptions(Width: side + 120, Height: side);
    }

    /// <summary>Each cell's share of its row (NaN for a class without test images: drawn as empty).</summary>
    private static double[,] Shares(ClassReport byClass)
    {
        int n = byClass.Confusion.Classes;
        var share = new double[n, n];
        for (int a = 0; a < n; a++)
        {
            int support = byClass.Confusion.Support(a);
            for (int p = 0; p < n; p++)
                share[a, p] = support == 0 ? double.NaN : (double)byClass.Confusion[a, p] / support;
        }
        return share;
    }

    private static void AddCounts(Plot plot, ClassReport byClass, double[,] share, FigureOptions options)
    {
        int n = byClass.Confusion.Classes;
        // About a cell's height in points, so that four digits fit without spilling over into the next cell.
        float size = (float)Math.Clamp((options.Height - 200) / (2.6 * n), 6, 14);
        for (int a = 0; a < n; a++)
        for (int p = 0; p < n; p++)
        {
            int count = byClass.Confusion[a, p];
            if (count == 0)
                continue;
            var text = plot.Add.Text(count.ToString(CultureInfo.InvariantCulture), p, n - 1 - a);
            text.LabelFontSize = size;
            text.LabelFontName = FigureFont.Family;
            text.LabelAlignment = Alignment.MiddleCenter;
            // Light text on Viridis's dark end, dark text on its bright end.
            text.LabelFontColor = share[a, p] > 0.6 ? Colors.Black : Colors.White;
        }
    }

    private static int LongestName(ClassReport byClass) => byClass.Classes.Max(c => c.Name.Length);
}
