using System.Globalization;
using ScottPlot;
using SparseGpu.Robustness;

namespace SparseGpu.Plotting;

/// <summary>
/// Robustness curves: per data set and perturbation, test accuracy against level, one line per training method
/// and combination of differing settings (mean over models and repeats, ±1 std band), and all perturbations of a
/// data set side by side in one multi-panel figure. Data sets are never mixed: with several, each gets its own
/// files (suffix -DATASET). Relative to a baseline (<see cref="RelativeBaseline"/>), each model's mean accuracy over
/// its repeats is divided level by level by the baseline's mean there, each line is the mean of its models' ratios
/// with a ±1 std band over the models, a line marks 1, and the files end in -relative-to-BASELINE.
/// </summary>
public static class RobustnessFigures
{
    public const string GridFile = "robustness-grid.png";

    /// <param name="modelSettings">Per model (as named in the rows): settings recorded with its sweep, used to tell
    /// series apart (training settings, scope); the level grid and repeat count are read from the rows
    /// themselves.</param>
    /// <param name="relativeTo">The baseline to divide by (<see cref="RelativeBaseline.Of"/> of these records);
    /// null draws accuracy itself.</param>
    /// <returns>The image files written; each has its numbers in a .csv of the same name.</returns>
    public static IReadOnlyList<string> Render(
        IReadOnlyList<RobustnessRecord> records,
        string directory,
        FigureOptions options,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? modelSettings = null,
        RelativeBaseline? relativeTo = null
    )
    {
        options.Validate();
        if (records.Count == 0)
            throw new SparseGpuException("no robustness rows to plot");
        RelativeBaseline? baseline = relativeTo;
        string relative = baseline?.FileSuffix ?? "";
        FigureOutput.CreateDirectory(directory);
        var datasets = records.GroupBy(r => r.Dataset, StringComparer.OrdinalIgnoreCase).ToList();
        var files = new List<string>();
        foreach (var dataset in datasets)
        {
            string suffix = datasets.Count > 1 ? "-" + dataset.Key : "";
            var rows = dataset.ToList();
            var perturbations = rows.Select(r => r.Perturbation).Distinct().OrderBy(Position).ToList();
            foreach (string perturbation in perturbations)
            {
                var table = new FigureTable();
                Plot plot = Panel(
                    rows,
                    perturbation,
                    dataset.Key,
                    modelSettings,
                    table,
                    baseline,
                    withDataset: true,
                    legend: true
                );
                files.AddRange(
                    FigureFile.Save(
                        new Multiplot(plot),
                        Path.Combine(directory, $"robustness-{perturbation}{suffix}{relative}.png"),
                        options,
                        table
                    )
                );
            }

            int columns = Math.Min(3, perturbations.Count),
                gridRows = (perturbations.Count + columns - 1) / columns;
            var gridTable = new FigureTable();
            Plot GridPanel(string perturbation, bool first) =>
                Panel(rows, perturbation, dataset.Key, modelSettings, gridTable, baseline, first, legend: first);
            var grid = new Multiplot(GridPanel(perturbations[0], first: true));
            foreach (string perturbation in perturbations.Skip(1))
                grid.AddPlot(GridPanel(perturbation, first: false));
            grid.Layout = new ScottPlot.MultiplotLayouts.Grid(gridRows, columns);
            var gridOptions = options with
            {
                Width = Math.Max(options.Width, 450 * columns),
                Height = Math.Max(options.Height, 380 * gridRows),
            };
            files.AddRange(
                FigureFile.Save(
                    grid,
                    Path.Combine(directory, FigureOutput.WithSuffix(GridFile, (suffix + relative).TrimStart('-'))),
                    gridOptions,
                    gridTable
                )
            );
        }
        return files;
    }

    /// <summary>
    /// Removes the robustness and percolation figures in <paramref name="directory"/> that this drawing did not
    /// write (<paramref name="written"/>): a perturbation or data set no longer in the records, an SVG no longer
    /// asked for, a figure's CSV under its name of before FIGURE.figure.csv. Tables are never touched. A drawing
    /// relative to a baseline owns only the figures relative to that baseline; one of accuracy itself owns none
    /// relative to any, so neither kind of drawing removes the other's figures.
    /// </summary>
    /// <returns>The files removed.</returns>
    public static List<string> RemoveStale(
        string directory,
        IEnumerable<string> written,
        RelativeBaseline? relativeTo = null
    )
    {
        var stems = Perturbations
            .Names.Select(p => $"robustness-{p}")
            .Append(Path.GetFileNameWithoutExtension(GridFile));
        if (relativeTo is { FileSuffix: var relative })
            return StaleFigures.Remove(
                directory,
                stems.SelectMany(stem => new[] { (stem + relative, false), (stem + "-*" + relative, false) }),
                written
            );
        return StaleFigures.Remove(
            directory,
            stems
                .Append(Path.GetFileNameWithoutExtension(PercolationFigure.File))
                .SelectMany(stem => new[] { (stem, true), (stem + "-*", true) }),
            written,
            owns: file => !Path.GetFileName(file).Contains(RelativeBaseline.FileInfix, StringComparison.Ordinal)
        );
    }

    private static Plot Panel(
        List<RobustnessRecord> records,
        string perturbation,
        string dataset,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? modelSettings,
        FigureTable table,
        RelativeBaseline? baseline,
        bool withDataset,
        bool legend
    )
    {
        Perturbation? known = Perturbations.All.FirstOrDefault(p => p.Name == perturbation);
        var models = records
            .Where(r => r.Perturbation == perturbation)
            .GroupBy(r => r.Model)
            .Select(g => (Model: g.Key, Rows: g.ToList()))
            .ToList();
        var settings = models.ToDictionary(
            m => m.Model,
            m => (IReadOnlyDictionary<string, string>)Settings(m.Model, m.Rows, modelSettings)
        );
        var series = new List<Series>();
        var counts = new List<(int Models, int Repeats)>();
        foreach (
            var (label, color, pattern, items) in SeriesGrouping.Group(
                models,
                m => m.Rows[0].Method,
                m => settings[m.Model]
            )
        )
        {
            int repeats = items.Max(m => m.Rows.Select(r => r.Repeat).Distinct().Count());
            // Relative, the band is the spread over models of each model's ratio (its repeats averaged first).
            counts.Add((items.Count, baseline is null ? repeats : 1));
            string count =
                $" ({items.Count} model{(items.Count == 1 ? "" : "s")}{(repeats > 1 ? $" × {repeats} repeats" : "")})";
            MeanBand band = baseline is null
                ? MeanBand.From(items.SelectMany(m => m.Rows).Select(r => (r.Level, 100 * r.Accuracy)))
                : MeanBand.From(items.SelectMany(m => Ratios(m.Rows, baseline)));
            series.Add(new Series(label + count, color, pattern, band));
        }
        var plot = new Plot();
        string title = known?.Title ?? perturbation;
        title = withDataset ? $"{title} ({dataset})" : title;
        plot.XLabel(known?.LevelLabel ?? "level");
        if (baseline is null)
        {
            SeriesDrawing.Draw(plot, series, perturbation, FigureUnit.Percent, table);
            plot.Title(title + "\n" + SeriesDrawing.BandCaption(counts, "models"));
            plot.YLabel("test accuracy (%)");
            plot.Axes.SetLimitsY(0, 100);
        }
        else
            DrawRelative(plot, series, perturbation, title, counts, baseline, records, table);
        if (legend)
        {
            // Every accuracy curve starts high on the left and ends low on the right: the lower left corner stays
            // free. Ratios start at about 1 and may go either way: the emptiest corner.
            if (baseline is null)
                plot.ShowLegend(Alignment.LowerLeft);
            else
                LegendCorner.Show(plot, Drawn(series));
            // Long labels ("RLR, density 0.02, scope all (5 models × 10 repeats)") fit a grid panel.
            plot.Legend.FontSize = 11;
        }
        else
            plot.HideLegend();
        return plot;
    }

    /// <summary>Per level, one model's mean accuracy over its repeats divided by the baseline's mean.</summary>
    private static IEnumerable<(double Level, double Ratio)> Ratios(
        List<RobustnessRecord> rows,
        RelativeBaseline baseline
    ) =>
        rows.GroupBy(r => r.Level)
            .Select(g =>
                (g.Key, baseline.Ratio(rows[0].Dataset, rows[0].Perturbation, g.Key, g.Average(r => r.Accuracy)))
            );

    private static void DrawRelative(
        Plot plot,
        List<Series> series,
        string perturbation,
        string title,
        List<(int Models, int Repeats)> counts,
        RelativeBaseline baseline,
        List<RobustnessRecord> records,
        FigureTable table
    )
    {
        // The line at 1 says what every curve is divided by, with the baseline's counts; drawn first, so every band
        // and line lies over it.
        var (models, repeats) = baseline.Counts(records.Where(r => r.Perturbation == perturbation));
        var one = plot.Add.HorizontalLine(1);
        one.Color = Colors.Black;
        one.LineWidth = 1;
        one.LinePattern = LinePattern.Dashed;
        one.LegendText =
            $"1 = mean of {baseline.Label} ({models} model{(models == 1 ? "" : "s")}"
            + (repeats > 1 ? $" × {repeats} repeats)" : ")");
        SeriesDrawing.Draw(plot, series, perturbation, baseline.AxisLabel, table);
        plot.Title($"{title}\n{SeriesDrawing.BandCaption(counts, "models")}");
        plot.YLabel(baseline.AxisLabel);
        double low = Math.Min(1, series.Min(s => s.Values.Low)),
            high = Math.Max(1, series.Max(s => s.Values.High));
        double margin = 0.05 * Math.Max(high - low, 0.1);
        plot.Axes.SetLimitsY(low - margin, high + margin);
    }

    /// <summary>Every point a panel draws (lines and band ends), for placing its legend.</summary>
    private static List<Coordinates> Drawn(List<Series> series) =>
        series
            .SelectMany(s =>
                s.Values.X.SelectMany(
                    (x, i) =>
                        new[]
                        {
                            new Coordinates(x, s.Values.Mean[i]),
                            new Coordinates(x, s.Values.Mean[i] - s.Values.Std[i]),
                            new Coordinates(x, s.Values.Mean[i] + s.Values.Std[i]),
                        }
                )
            )
            .Append(new Coordinates(series.Min(s => s.Values.X[0]), 1))
            .ToList();

    /// <summary>A model's recorded settings plus its level grid and repeat count for this perturbation.</summary>
    private static Dictionary<string, string> Settings(
        string model,
        List<RobustnessRecord> rows,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? recorded
    )
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (recorded is not null && recorded.TryGetValue(model, out var known))
            foreach (var (key, value) in known)
                settings[key] = value;
        var levels = rows.Select(r => r.Level).Distinct().Order().ToList();
        settings["levels"] = string.Create(
            CultureInfo.InvariantCulture,
            $"{levels.Count} in {LevelGrid.Format(levels[0])}–{LevelGrid.Format(levels[^1])}"
        );
        settings["_repeats"] = rows.Select(r => r.Repeat).Distinct().Count().ToString(CultureInfo.InvariantCulture);
        return settings;
    }

    private static int Position(string perturbation) =>
        Perturbations.Names.ToList().IndexOf(perturbation) is int i && i >= 0 ? i : int.MaxValue;
}
