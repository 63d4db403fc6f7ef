using ScottPlot;
using SparseGpu.Sweeps;

namespace SparseGpu.Plotting;

/// <summary>
/// The accuracy–compressibility trade-off of a sweep that varies training settings: per data set, one point per
/// method and combination of varied settings, at (final test accuracy, accuracy left after removing the 80%
/// smallest-|w| links), mean ± 1 std over the runs (seeds) of the point in both directions. Colour names the
/// method, the marker the combination of settings: its shape the first varied setting's value and its fill the
/// second's when there are at most two settings of at most five and two values (weight decay × learning rate);
/// otherwise one distinct marker per combination.
/// </summary>
public static class TradeoffFigure
{
    public const string XMeasure = "final-accuracy";
    public const string YMeasure = "accuracy-at-0.8-reverse-weight-order";

    private static readonly MarkerShape[] FilledShapes =
    [
        MarkerShape.FilledCircle,
        MarkerShape.FilledSquare,
        MarkerShape.FilledTriangleUp,
        MarkerShape.FilledDiamond,
        MarkerShape.FilledTriangleDown,
    ];

    private static readonly MarkerShape[] OpenShapes =
    [
        MarkerShape.OpenCircle,
        MarkerShape.OpenSquare,
        MarkerShape.OpenTriangleUp,
        MarkerShape.OpenDiamond,
        MarkerShape.OpenTriangleDown,
    ];

    private static readonly MarkerShape[] Distinct =
    [
        .. FilledShapes,
        .. OpenShapes,
        MarkerShape.OpenCircleWithDot,
        MarkerShape.OpenCircleWithCross,
        MarkerShape.OpenCircleWithEks,
        MarkerShape.Eks,
        MarkerShape.Cross,
        MarkerShape.Asterisk,
    ];

    /// <summary>The most combinations of varied settings one figure can tell apart by marker.</summary>
    public static int MaxCombinations => Distinct.Length;

    public static string FileName(string dataset) => $"tradeoff-accuracy-vs-compressibility-{dataset}.png";

    /// <summary>
    /// Writes one figure per data set whose runs have both measures. Nothing is drawn (and a notice says why)
    /// when the sweep has no smallest-first removal or varies more combinations than markers can tell apart; the
    /// numbers are in measures-by-setting.csv either way.
    /// </summary>
    public static (IReadOnlyList<string> Files, IReadOnlyList<string> Notices) Render(
        IReadOnlyList<SettingMeasure> measures,
        VariedSettings varied,
        string directory,
        FigureOptions options
    )
    {
        options.Validate();
        var files = new List<string>();
        var notices = new List<string>();
        foreach (var dataset in measures.GroupBy(m => m.Dataset))
        {
            List<Point> points = Points(dataset.ToList(), varied);
            if (points.Count == 0)
            {
                notices.Add(
                    $"no trade-off figure for {dataset.Key}: its runs have no reverse-weight-order robustness sweep"
                );
                continue;
            }
            var combinations = points.Select(p => p.Combination).Distinct().ToList();
            if (combinations.Count > MaxCombinations)
            {
                notices.Add(
                    $"no trade-off figure for {dataset.Key}: {combinations.Count} combinations of varied settings, "
                        + $"more than the {MaxCombinations} markers that tell them apart"
                );
                continue;
            }
            var table = FigureTable.WithErrorsBothWays();
            Plot plot = Panel(points, combinations, varied, dataset.Key, table);
            files.AddRange(
                FigureFile.Save(new Multiplot(plot), Path.Combine(directory, FileName(dataset.Key)), options, table)
            );
        }
        return (files, notices);
    }

    private sealed record Point(
        string Method,
        string Combination,
        IReadOnlyList<VariedSetting> Settings,
        MeanBand X,
        MeanBand Y
    );

    /// <summary>One point per method and combination, from the runs that have both measures.</summary>
    private static List<Point> Points(IReadOnlyList<SettingMeasure> measures, VariedSettings varied)
    {
        var y = measures.Where(m => m.Measure == YMeasure).ToDictionary(m => m.Run, StringComparer.Ordinal);
        return measures
            .Where(m => m.Measure == XMeasure && y.ContainsKey(m.Run))
            .GroupBy(m => (Method: m.Method.ToLowerInvariant(), Combination: VariedSettings.Key(m.Varied)))
            .OrderBy(g => varied.Rank(g.First().Varied))
            .Select(g => new Point(
                g.First().Method,
                g.Key.Combination,
                g.First().Varied,
                MeanBand.From(g.Select(m => (0.0, m.Value))),
                MeanBand.From(g.Select(m => (0.0, y[m.Run].Value)))
            ))
            .ToList();
    }

    private static Plot Panel(
        List<Point> points,
        List<string> combinations,
        VariedSettings varied,
        string dataset,
        FigureTable table
    )
    {
        Func<IReadOnlyList<VariedSetting>, MarkerShape> markerOf = Markers(combinations, varied);
        var plot = new Plot();
        // Error bars first, so that no method's bars are painted over another's markers.
        foreach (Point p in points)
        {
            var bars = plot.Add.ErrorBar([p.X.Mean[0]], [p.Y.Mean[0]], []);
            bars.XErrorPositive = bars.XErrorNegative = [p.X.Std[0]];
            bars.YErrorPositive = bars.YErrorNegative = [p.Y.Std[0]];
            bars.Color = MethodStyle.ColorOf(p.Method).WithAlpha(0.6);
        }
        foreach (Point p in points)
        {
            var marker = plot.Add.Marker(
                p.X.Mean[0],
                p.Y.Mean[0],
                markerOf(p.Settings),
                9,
                MethodStyle.ColorOf(p.Method)
            );
            marker.MarkerLineWidth = 1.5f;
            table.AddPointWithErrors(
                dataset,
                $"{MethodStyle.LabelOf(p.Method)}, {VariedSettings.Describe(p.Settings)}",
                p.X,
                p.Y,
                FigureUnit.Percent
            );
        }
        foreach (string method in MethodStyle.Ordered(points.Select(p => p.Method)))
            plot.Legend.ManualItems.Add(
                new LegendItem
                {
                    LabelText = MethodStyle.LabelOf(method),
                    MarkerStyle = new MarkerStyle(MarkerShape.FilledSquare, 9, MethodStyle.ColorOf(method)),
                }
            );
        foreach (Point p in points.DistinctBy(p => p.Combination))
            plot.Legend.ManualItems.Add(
                new LegendItem
                {
                    LabelText = VariedSettings.Describe(p.Settings),
                    MarkerStyle = new MarkerStyle(markerOf(p.Settings), 9, Colors.Black),
                }
            );
        int runs = points.Max(p => p.X.Samples[0]);
        plot.Title(
            $"Accuracy against compressibility ({dataset})\none point per method and setting: mean, error bars "
                + $"± 1 std over its runs (seeds, up to {runs})"
        );
        plot.XLabel("final test accuracy (%)");
        plot.YLabel("accuracy left at 80% smallest-|w| links removed (%)");
        LegendCorner.Show(
            plot,
            points
                .SelectMany(p =>
                    new[] { -1.0, 1.0 }.SelectMany(side =>
                        new[]
                        {
                            new Coordinates(p.X.Mean[0] + side * p.X.Std[0], p.Y.Mean[0]),
                            new Coordinates(p.X.Mean[0], p.Y.Mean[0] + side * p.Y.Std[0]),
                        }
                    )
                )
                .ToList()
        );
        return plot;
    }

    /// <summary>
    /// The marker of each combination of varied settings (<paramref name="combinations"/>: their
    /// <see cref="VariedSettings.Key"/>s in the order drawn): shape by the first setting and fill by the second
    /// where that reads naturally, else one marker per combination in that order.
    /// </summary>
    public static Func<IReadOnlyList<VariedSetting>, MarkerShape> Markers(
        IReadOnlyList<string> combinations,
        VariedSettings varied
    )
    {
        IReadOnlyList<string> names = varied.Names;
        IReadOnlyList<string> first = names.Count > 0 ? varied.ValuesOf(names[0]) : [];
        IReadOnlyList<string> second = names.Count > 1 ? varied.ValuesOf(names[1]) : [];
        bool structured = names.Count is 1 or 2 && first.Count <= FilledShapes.Length && second.Count <= 2;
        if (!structured)
            return settings => Distinct[combinations.ToList().IndexOf(VariedSettings.Key(settings))];
        int IndexIn(IReadOnlyList<string> values, IReadOnlyList<VariedSetting> settings, string name) =>
            values.ToList().IndexOf(settings.FirstOrDefault(v => v.Name == name)?.Value ?? "");
        return settings =>
        {
            int shape = Math.Max(0, IndexIn(first, settings, names[0]));
            bool open = names.Count == 2 && IndexIn(second, settings, names[1]) == 1;
            return open ? OpenShapes[shape] : FilledShapes[shape];
        };
    }
}
