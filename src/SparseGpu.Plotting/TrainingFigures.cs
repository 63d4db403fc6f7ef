using ScottPlot;
using SparseGpu.Runs;

namespace SparseGpu.Plotting;

/// <summary>
/// Training curves: test accuracy and test loss against epoch, runs grouped by method and by every setting that
/// differs among them (mean ±1 std band over the seeds of a group), optionally marking the first epoch at which
/// each group's mean accuracy reaches a threshold. Data sets are never mixed: with several, each gets its own
/// file (suffix -DATASET).
/// </summary>
public static class TrainingFigures
{
    private const int MinimumPanelHeight = 260;

    /// <returns>The image files written; each has its numbers in a .csv of the same name.</returns>
    public static IReadOnlyList<string> Render(
        IReadOnlyList<RunHistory> runs,
        string path,
        FigureOptions options,
        double? threshold = null
    )
    {
        options.Validate();
        FigureOutput.RequireImageExtension(path);
        if (runs.Count == 0)
            throw new SparseGpuException("no runs to plot");
        if (threshold is { } t && !(t > 0 && t <= 1))
            throw new InvalidSettingException($"--threshold must be an accuracy in (0, 1], got {t}");
        var datasets = runs.GroupBy(r => r.Dataset, StringComparer.OrdinalIgnoreCase).ToList();
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        FigureOutput.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var dataset in datasets)
        {
            var table = new FigureTable();
            (Multiplot figure, int legendHeight) = Figure(dataset.Key, dataset.ToList(), threshold, table);
            files.AddRange(
                FigureFile.Save(
                    figure,
                    FigureOutput.WithSuffix(path, datasets.Count > 1 ? dataset.Key : ""),
                    // The legend's strip comes out of the requested height, as long as the panels keep 260 points.
                    options with
                    {
                        Height = Math.Max(options.Height, MinimumPanelHeight + legendHeight),
                    },
                    table
                )
            );
        }
        return files;
    }

    /// <returns>The figure and the height its shared legend adds below the panels.</returns>
    internal static (Multiplot Figure, int LegendHeight) Figure(
        string dataset,
        List<RunHistory> runs,
        double? threshold,
        FigureTable table
    )
    {
        var accuracySeries = new List<Series>();
        var lossSeries = new List<Series>();
        var markers = new List<(string Label, Color Color, double Epoch)>();
        var counts = new List<(int, int)>();
        var groups = SeriesGrouping.Group(
            runs,
            r => r.Method,
            r => r.Settings is { } s ? SeriesGrouping.Describe(s) : new Dictionary<string, string>()
        );
        foreach (var (label, color, pattern, members) in groups)
        {
            RequireSameEpochs(dataset, label, members);
            counts.Add((members.Count, 1));
            string labelled = $"{label} ({members.Count} run{(members.Count == 1 ? "" : "s")})";
            var accuracy = MeanBand.From(
                members.SelectMany(r => r.Epochs.Select(e => ((double)e.Epoch, 100 * e.TestAccuracy)))
            );
            accuracySeries.Add(new Series(labelled, color, pattern, accuracy));
            lossSeries.Add(
                new Series(
                    labelled,
                    color,
                    pattern,
                    MeanBand.From(members.SelectMany(r => r.Epochs.Select(e => ((double)e.Epoch, e.TestLoss))))
                )
            );
            if (threshold is { } level && FirstReaching(accuracy, 100 * level) is { } epoch)
                markers.Add(($"{label} reaches {100 * level:0.##}% at epoch {epoch}", color, epoch));
        }
        string caption = SeriesDrawing.BandCaption(counts, "runs");
        var accuracyPlot = new Plot();
        SeriesDrawing.Draw(accuracyPlot, accuracySeries, "test_accuracy", FigureUnit.Percent, table);
        foreach (var (label, color, epoch) in markers)
        {
            var marker = accuracyPlot.Add.VerticalLine(epoch);
            marker.Color = color;
            marker.LinePattern = LinePattern.Dashed;
            marker.LineWidth = 1.5f;
            marker.LegendText = label;
            table.AddPoint("threshold", label, epoch, 100 * threshold!.Value, FigureUnit.Percent);
        }
        if (threshold is { } line)
        {
            var target = accuracyPlot.Add.HorizontalLine(100 * line);
            target.Color = Colors.Gray;
            target.LinePattern = LinePattern.Dotted;
        }
        var lossPlot = new Plot();
        SeriesDrawing.Draw(lossPlot, lossSeries, "test_loss", "cross-entropy", table);
        double accuracyLow = accuracySeries.Min(s => s.Values.Low),
            accuracyHigh = accuracySeries.Max(s => s.Values.High);
        if (threshold is { } shown)
            (accuracyLow, accuracyHigh) = (Math.Min(accuracyLow, 100 * shown), Math.Max(accuracyHigh, 100 * shown));
        SetLimitsY(accuracyPlot, accuracyLow, accuracyHigh, ceiling: 100);
        SetLimitsY(lossPlot, lossSeries.Min(s => s.Values.Low), lossSeries.Max(s => s.Values.High), ceiling: null);
        foreach (Plot plot in new[] { accuracyPlot, lossPlot })
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            // A little room either side, so the first epoch's points and a threshold marker there do not lie on
            // the frame.
            AxisLimits x = plot.Axes.GetLimits();
            double room = 0.04 * (x.Right - x.Left);
            plot.Axes.SetLimitsX(x.Left - room, x.Right + room);
        }
        accuracyPlot.Title($"Test accuracy ({dataset})\n{caption}");
        accuracyPlot.XLabel("epoch");
        accuracyPlot.YLabel("test accuracy (%)");
        lossPlot.Title($"Test loss ({dataset})\n{caption}");
        lossPlot.XLabel("epoch");
        lossPlot.YLabel("cross-entropy");

        List<LegendItem> legend = SharedLegend.ItemsOf([accuracyPlot, lossPlot]);
        return (SharedLegend.Below([accuracyPlot, lossPlot], 1, 2, legend), SharedLegend.Height(legend.Count));
    }

    /// <summary>The y axis spans the data (lines, bands and threshold) with 5% room either way, so no curve runs
    /// along the frame; never below 0 (accuracy and cross-entropy are not negative) nor above
    /// <paramref name="ceiling"/>.</summary>
    private static void SetLimitsY(Plot plot, double low, double high, double? ceiling)
    {
        double room = high > low ? 0.05 * (high - low) : 0.5;
        double top = high + room;
        if (ceiling is { } c)
            top = Math.Min(c, top);
        plot.Axes.SetLimitsY(Math.Max(0, low - room), top);
    }

    /// <summary>Runs averaged into one curve must cover the same epochs: a mean over a changing set of runs would
    /// jump where a shorter run ends.</summary>
    private static void RequireSameEpochs(string dataset, string label, List<RunHistory> members)
    {
        RunHistory first = members[0];
        foreach (RunHistory other in members.Skip(1))
            if (!other.Epochs.Select(e => e.Epoch).SequenceEqual(first.Epochs.Select(e => e.Epoch)))
                throw new SparseGpuException(
                    $"{dataset}, {label}: runs {first.Name} ({first.Epochs.Count} epochs recorded) and {other.Name} "
                        + $"({other.Epochs.Count}) cover different epochs; finish the shorter run or plot them "
                        + "separately"
                );
    }

    private static double? FirstReaching(MeanBand band, double level)
    {
        for (int i = 0; i < band.X.Length; i++)
            if (band.Mean[i] >= level)
                return band.X[i];
        return null;
    }
}
