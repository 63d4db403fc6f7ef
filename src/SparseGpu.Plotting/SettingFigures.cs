using ScottPlot;
using SparseGpu.Sweeps;

namespace SparseGpu.Plotting;

/// <summary>
/// For a sweep that varies training settings: each measure (final accuracy, robustness AUC, accuracy at level 0.8)
/// against each varied setting, one file per data set, measure and setting. One line per method and per combination
/// of the other varied settings (mean, error bars ±1 std over the runs of a point, i.e. the seeds); the setting's
/// values are evenly spaced categories in the spec's order, since they are often not on one scale (weight decay 0,
/// 1e-5, ..., 1e-3).
/// </summary>
public static class SettingFigures
{
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Render(
        IReadOnlyList<SettingMeasure> measures,
        VariedSettings varied,
        string directory,
        FigureOptions options
    )
    {
        options.Validate();
        var files = new List<string>();
        foreach (string setting in varied.Names)
        foreach (var group in measures.GroupBy(m => (m.Dataset, m.Measure)))
        {
            var table = new FigureTable();
            Plot plot = Panel(group.ToList(), setting, varied, group.Key.Dataset, table);
            string file = Path.Combine(directory, $"{group.Key.Measure}-vs-{setting}-{group.Key.Dataset}.png");
            files.AddRange(FigureFile.Save(new Multiplot(plot), file, options, table));
        }
        return files;
    }

    private static Plot Panel(
        IReadOnlyList<SettingMeasure> measures,
        string setting,
        VariedSettings varied,
        string dataset,
        FigureTable table
    )
    {
        string ValueOf(SettingMeasure m) => m.Varied.FirstOrDefault(v => v.Name == setting)?.Value ?? "";
        string[] values = varied.ValuesOf(setting).Where(v => measures.Any(m => ValueOf(m) == v)).ToArray();
        var plot = new Plot();
        var lines = MethodStyle
            .Ordered(measures.Select(m => m.Method))
            .SelectMany(method =>
                measures
                    .Where(m => string.Equals(m.Method, method, StringComparison.OrdinalIgnoreCase))
                    .GroupBy(m => VariedSettings.Describe(m.Varied.Where(v => v.Name != setting).ToList()))
                    .OrderBy(line => line.Min(m => varied.Rank(m.Varied)))
                    .Select(
                        (line, index) => (Method: method, Others: line.Key, Pattern: index, Measures: line.ToList())
                    )
            )
            .ToList();
        var patterns = new[] { LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed };
        var drawn = new List<Coordinates>();
        for (int i = 0; i < lines.Count; i++)
        {
            var (method, others, pattern, ofLine) = lines[i];
            // Lines side by side around each category, so that their error bars do not cover each other.
            double offset = lines.Count == 1 ? 0 : 0.25 * (i / (double)(lines.Count - 1) - 0.5);
            MeanBand point = MeanBand.From(ofLine.Select(m => ((double)Array.IndexOf(values, ValueOf(m)), m.Value)));
            double[] x = point.X.Select(v => v + offset).ToArray();
            Color color = MethodStyle.ColorOf(method);
            for (int j = 0; j < x.Length; j++)
            {
                drawn.Add(new Coordinates(x[j], point.Mean[j] - point.Std[j]));
                drawn.Add(new Coordinates(x[j], point.Mean[j] + point.Std[j]));
            }
            var bars = plot.Add.ErrorBar(x, point.Mean, point.Std);
            bars.Color = color;
            var line = plot.Add.Scatter(x, point.Mean);
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LinePattern = patterns[pattern % patterns.Length];
            int runs = ofLine.GroupBy(ValueOf).Max(p => p.Select(m => m.Run).Distinct().Count());
            line.LegendText =
                MethodStyle.LabelOf(method)
                + (others.Length > 0 ? $", {others}" : "")
                + $" ({runs} run{(runs == 1 ? "" : "s")} per point)";
            // x in the table is the setting's position among its values, as drawn (before the side offset).
            table.Add(measures[0].Title, line.LegendText, point, FigureUnit.FromAxisLabel(measures[0].Title));
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, values.Length).Select(i => (double)i).ToArray(),
            values
        );
        plot.Title(
            $"{measures[0].Title} against {setting} ({dataset})\nmean, error bars ± 1 std over the runs (seeds) of "
                + "a point"
        );
        plot.XLabel(setting);
        plot.YLabel(measures[0].Title);
        LegendCorner.Show(plot, drawn);
        return plot;
    }
}
