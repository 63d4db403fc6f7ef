using System.Globalization;
using ScottPlot;
using SparseGpu.Robustness;

namespace SparseGpu.Plotting;

/// <summary>
/// Robustness curves: per data set and perturbation, test accuracy against level, one line per training method
/// and combination of differing settings (mean over models and repeats, ±1 std band), and all perturbations of a
/// data set side by side in one multi-panel figure. Data sets are never mixed: with several, each gets its own
/// files (suffix -DATASET).
/// </summary>
public static class RobustnessFigures
{
    public const string GridFile = "robustness-grid.png";

    /// <param name="modelSettings">Per model (as named in the rows): settings recorded with its sweep, used to tell
    /// series apart (training settings, scope); the level grid and repeat count are read from the rows
    /// themselves.</param>
    /// <returns>The image files written; each has its numbers in a .csv of the same name.</returns>
    public static IReadOnlyList<string> Render(
        IReadOnlyList<RobustnessRecord> records,
        string directory,
        FigureOptions options,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? modelSettings = null
    )
    {
        options.Validate();
        if (records.Count == 0)
            throw new SparseGpuException("no robustness rows to plot");
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
                    withDataset: true,
                    legend: true
                );
                files.AddRange(
                    FigureFile.Save(
                        new Multiplot(plot),
                        Path.Combine(directory, $"robustness-{perturbation}{suffix}.png"),
                        options,
                        table
                    )
                );
            }

            int columns = Math.Min(3, perturbations.Count),
                gridRows = (perturbations.Count + columns - 1) / columns;
            var gridTable = new FigureTable();
            var grid = new Multiplot(
                Panel(rows, perturbations[0], dataset.Key, modelSettings, gridTable, withDataset: true, legend: true)
            );
            foreach (string perturbation in perturbations.Skip(1))
                grid.AddPlot(
                    Panel(rows, perturbation, dataset.Key, modelSettings, gridTable, withDataset: false, legend: false)
                );
            grid.Layout = new ScottPlot.MultiplotLayouts.Grid(gridRows, columns);
            var gridOptions = options with
            {
                Width = Math.Max(options.Width, 450 * columns),
                Height = Math.Max(options.Height, 380 * gridRows),
            };
            files.AddRange(
                FigureFile.Save(
                    grid,
                    Path.Combine(directory, FigureOutput.WithSuffix(GridFile, suffix.TrimStart('-'))),
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
    /// asked for, a figure's CSV under its name of before FIGURE.figure.csv. Tables are never touched.
    /// </summary>
    /// <returns>The files removed.</returns>
    public static List<string> RemoveStale(string directory, IEnumerable<string> written) =>
        StaleFigures.Remove(
            directory,
            Perturbations
                .Names.Select(p => $"robustness-{p}")
                .Append(Path.GetFileNameWithoutExtension(GridFile))
                .Append(Path.GetFileNameWithoutExtension(PercolationFigure.File))
                .SelectMany(stem => new[] { (stem, true), (stem + "-*", true) }),
            written
        );

    private static Plot Panel(
        List<RobustnessRecord> records,
        string perturbation,
        string dataset,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? modelSettings,
        FigureTable table,
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
            counts.Add((items.Count, repeats));
            string count =
                $" ({items.Count} model{(items.Count == 1 ? "" : "s")}{(repeats > 1 ? $" × {repeats} repeats" : "")})";
            var band = MeanBand.From(items.SelectMany(m => m.Rows).Select(r => (r.Level, 100 * r.Accuracy)));
            series.Add(new Series(label + count, color, pattern, band));
        }
        var plot = new Plot();
        SeriesDrawing.Draw(plot, series, perturbation, FigureUnit.Percent, table);
        string title = known?.Title ?? perturbation;
        plot.Title((withDataset ? $"{title} ({dataset})" : title) + "\n" + SeriesDrawing.BandCaption(counts, "models"));
        plot.XLabel(known?.LevelLabel ?? "level");
        plot.YLabel("test accuracy (%)");
        plot.Axes.SetLimitsY(0, 100);
        // Every curve starts high on the left and ends low on the right: the lower left corner stays free.
        if (legend)
        {
            plot.ShowLegend(Alignment.LowerLeft);
            // Long labels ("RLR, density 0.02, scope all (5 models × 10 repeats)") fit a grid panel.
            plot.Legend.FontSize = 11;
        }
        else
            plot.HideLegend();
        return plot;
    }

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
