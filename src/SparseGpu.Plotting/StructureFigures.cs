using ScottPlot;
using SparseGpu.Analysis;
using SparseGpu.Model;

namespace SparseGpu.Plotting;

/// <summary>
/// Figures of `sparsegpu analyze`: degree CCDFs per layer, first-layer input-pixel maps of degree and strength,
/// |w| histograms per layer, degree against strength (hubs), and the topology's evolution. Methods keep their
/// colours; every curve is a mean over the models (seeds) of a method.
/// </summary>
public static class StructureFigures
{
    public static IReadOnlyList<string> Render(
        IReadOnlyList<AnalyzedModel> models,
        IReadOnlyList<EvolutionRow> evolution,
        string directory,
        FigureOptions options
    )
    {
        options.Validate();
        if (models.Count == 0)
            throw new SparseGpuException("no models to plot");
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        int layers = models.Min(m => m.SparseLayers);
        string dataset = string.Join(", ", models.Select(m => m.Dataset).Distinct());
        var grow = options with
        {
            Width = Math.Max(options.Width, 420 * layers),
            Height = Math.Max(options.Height, 700),
        };
        var ccdfTable = new FigureTable();
        files.AddRange(
            FigureFile.Save(
                DegreeCcdf(models, layers, dataset, ccdfTable),
                Path.Combine(directory, "degree-ccdf.png"),
                grow,
                ccdfTable
            )
        );
        if (PixelGrid(models[0].Network.Inputs) is { } side && models.All(m => m.Network.Inputs == side * side))
        {
            int methods = models.Select(m => m.Method).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            var mapOptions = options with
            {
                Width = Math.Max(options.Width, 900),
                Height = Math.Max(options.Height, 380 * methods),
            };
            var mapTable = new FigureTable();
            files.AddRange(
                FigureFile.Save(
                    InputMaps(models, side, dataset, mapTable),
                    Path.Combine(directory, "input-maps.png"),
                    mapOptions,
                    mapTable
                )
            );
        }
        var row = options with
        {
            Width = Math.Max(options.Width, 420 * layers),
            Height = Math.Max(options.Height, 420),
        };
        var histogramTable = new FigureTable();
        files.AddRange(
            FigureFile.Save(
                WeightHistograms(models, layers, dataset, histogramTable),
                Path.Combine(directory, "weight-histograms.png"),
                row,
                histogramTable
            )
        );
        files.AddRange(FigureFile.Save(Hubs(models, layers, dataset), Path.Combine(directory, "hubs.png"), row));
        if (evolution.Count > 0)
            files.AddRange(
                FigureFile.Save(
                    Evolution(evolution),
                    Path.Combine(directory, "evolution.png"),
                    options with
                    {
                        Width = Math.Max(options.Width, 1500),
                    }
                )
            );
        return files;
    }

    /// <summary>The figures <see cref="Render"/> writes, by file stem.</summary>
    public static readonly string[] Stems = ["degree-ccdf", "input-maps", "weight-histograms", "hubs", "evolution"];

    /// <summary>
    /// Removes the analysis figures in <paramref name="directory"/> that this analysis did not write
    /// (<paramref name="written"/>; none with --no-plots): an evolution figure of runs no longer analysed, input maps
    /// of square inputs, an SVG no longer asked for. evolution.csv is `analyze`'s table, not a figure's: kept.
    /// </summary>
    /// <returns>The files removed.</returns>
    public static List<string> RemoveStale(string directory, IEnumerable<string> written) =>
        StaleFigures.Remove(directory, Stems.Select(stem => (stem, stem != "evolution")), written);

    /// <summary>The side of a square image with <paramref name="inputs"/> pixels, or null.</summary>
    public static int? PixelGrid(int inputs)
    {
        int side = (int)Math.Round(Math.Sqrt(inputs));
        return side * side == inputs ? side : null;
    }

    /// <summary>P(K ≥ k) for k = 1..max of the degrees (index k − 1).</summary>
    public static double[] Ccdf(IReadOnlyList<int> degrees, int max)
    {
        double[] ccdf = new double[max];
        if (degrees.Count == 0)
            return ccdf;
        int[] counts = new int[max + 2];
        foreach (int d in degrees)
            counts[Math.Min(d, max + 1)]++;
        int atLeast = 0;
        for (int k = max + 1; k >= 1; k--)
        {
            atLeast += counts[k];
            if (k <= max)
                ccdf[k - 1] = (double)atLeast / degrees.Count;
        }
        return ccdf;
    }

    private static IEnumerable<(string Method, List<AnalyzedModel> Models)> ByMethod(
        IReadOnlyList<AnalyzedModel> models
    ) =>
        MethodStyle
            .Ordered(models.Select(m => m.Method))
            .Select(method =>
                (
                    method,
                    models.Where(m => string.Equals(m.Method, method, StringComparison.OrdinalIgnoreCase)).ToList()
                )
            );

    private static string Label(string method, int count) =>
        $"{MethodStyle.LabelOf(method)} ({count} model{(count == 1 ? "" : "s")})";

    internal static Multiplot DegreeCcdf(
        IReadOnlyList<AnalyzedModel> models,
        int layers,
        string dataset,
        FigureTable table
    )
    {
        var plots = new List<Plot>();
        foreach (bool incoming in new[] { true, false })
            for (int k = 0; k < layers; k++)
            {
                var plot = new Plot();
                string panel = $"layer {k + 1}: {(incoming ? "in" : "out")}-degree ({dataset})";
                var drawn = new List<Coordinates>();
                foreach (var (method, ofMethod) in ByMethod(models))
                {
                    List<int[]> degrees = ofMethod
                        .Select(m => Degrees(m.Network.Layers[k].Topology, incoming))
                        .ToList();
                    int max = Math.Max(1, degrees.Max(d => d.DefaultIfEmpty().Max()));
                    double[] mean = new double[max];
                    foreach (int[] d in degrees)
                    {
                        double[] c = Ccdf(d, max);
                        for (int i = 0; i < max; i++)
                            mean[i] += c[i] / degrees.Count;
                    }
                    var points = Enumerable.Range(0, max).Where(i => mean[i] > 0).ToList();
                    // Drawn as log10 of both on log axes (ScottPlot's way: log-transformed data, log-spaced
                    // minor ticks, tick labels 10^tick); the table keeps k and P themselves.
                    double[] x = points.Select(i => Math.Log10(i + 1)).ToArray(),
                        y = points.Select(i => Math.Log10(mean[i])).ToArray();
                    var line = plot.Add.Scatter(x, y);
                    line.Color = MethodStyle.ColorOf(method);
                    line.LineWidth = 2;
                    line.MarkerSize = 0;
                    line.LegendText = Label(method, ofMethod.Count);
                    drawn.AddRange(x.Zip(y, (a, b) => new Coordinates(a, b)));
                    foreach (int i in points)
                        table.AddPoint(panel, line.LegendText, i + 1, mean[i], FigureUnit.Fraction);
                }
                plot.Title(panel);
                plot.XLabel($"{(incoming ? "in" : "out")}-degree k (log scale)");
                plot.YLabel("P(K ≥ k) (log scale)");
                LogAxes.Apply(plot);
                if (plots.Count == 0)
                    LegendCorner.Show(plot, drawn);
                else
                    plot.HideLegend();
                plots.Add(plot);
            }
        return Grid(plots, 2, layers);
    }

    private static int[] Degrees(LayerTopology t, bool incoming) =>
        incoming
            ? Enumerable.Range(0, t.Outputs).Select(t.InDegree).ToArray()
            : Enumerable.Range(0, t.Inputs).Select(t.OutDegree).ToArray();

    /// <summary>Out-strength (Σ|w| of the links leaving each input neuron) of a layer.</summary>
    public static double[] OutStrength(Layer layer)
    {
        double[] strength = new double[layer.Inputs];
        LayerTopology t = layer.Topology;
        for (int link = 0; link < t.LinkCount; link++)
            strength[t.Columns[link]] += Math.Abs(layer.Weights[link]);
        return strength;
    }

    internal static Multiplot InputMaps(
        IReadOnlyList<AnalyzedModel> models,
        int side,
        string dataset,
        FigureTable table
    )
    {
        var rows = new List<(string Method, int Models, double[] Degree, double[] Strength)>();
        foreach (var (method, ofMethod) in ByMethod(models))
        {
            double[] degree = new double[side * side],
                strength = new double[side * side];
            foreach (AnalyzedModel m in ofMethod)
            {
                Layer first = m.Network.Layers[0];
                double[] s = OutStrength(first);
                for (int p = 0; p < degree.Length; p++)
                {
                    degree[p] += (double)first.Topology.OutDegree(p) / ofMethod.Count;
                    strength[p] += s[p] / ofMethod.Count;
                }
            }
            rows.Add((method, ofMethod.Count, degree, strength));
        }
        // One colour scale per column, shared by every method's row, so that equal colours mean equal values.
        var degreeRange = new ScottPlot.Range(0, Math.Max(1e-12, rows.Max(r => r.Degree.Max())));
        var strengthRange = new ScottPlot.Range(0, Math.Max(1e-12, rows.Max(r => r.Strength.Max())));
        var plots = new List<Plot>();
        foreach (var (method, count, degree, strength) in rows)
        {
            string degreeTitle =
                $"{MethodStyle.LabelOf(method)}: first-layer degree per pixel ({dataset}, mean of {count})";
            string strengthTitle = $"{MethodStyle.LabelOf(method)}: first-layer strength Σ|w| per pixel";
            plots.Add(Map(degree, side, degreeTitle, degreeRange, "out-degree (links)"));
            plots.Add(Map(strength, side, strengthTitle, strengthRange, "out-strength Σ|w|"));
            for (int p = 0; p < degree.Length; p++)
            {
                table.AddPoint(degreeTitle, $"row {p / side}", p % side, degree[p], "links");
                table.AddPoint(strengthTitle, $"row {p / side}", p % side, strength[p], "Σ|w|");
            }
        }
        return Grid(plots, rows.Count, 2);
    }

    private static Plot Map(double[] values, int side, string title, ScottPlot.Range range, string scale)
    {
        var grid = new double[side, side];
        for (int r = 0; r < side; r++)
        for (int c = 0; c < side; c++)
            grid[r, c] = values[r * side + c];
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = range;
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = scale;
        plot.Title(title, size: 12);
        // ScottPlot draws data row 0 at the top (as the image is seen) at y = side − 1: label the rows as image rows.
        plot.Axes.SetLimits(-0.5, side - 0.5, -0.5, side - 0.5);
        var rows = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < side; r += Math.Max(1, side / 7))
            rows.AddMajor(side - 1 - r, r.ToString(System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Left.TickGenerator = rows;
        plot.YLabel("pixel row");
        plot.XLabel("pixel column");
        plot.HideGrid();
        return plot;
    }

    /// <summary>|w| per layer as bars, the methods' bars side by side in each bin (translucent), so that no method
    /// hides another; the axes start at 0.</summary>
    internal static Multiplot WeightHistograms(
        IReadOnlyList<AnalyzedModel> models,
        int layers,
        string dataset,
        FigureTable table
    )
    {
        const int bins = 60;
        var plots = new List<Plot>();
        for (int k = 0; k < layers; k++)
        {
            var plot = new Plot();
            // A common range: up to the largest 99.9th percentile, so one outlier does not flatten every histogram.
            double top = models.Max(m =>
            {
                float[] a = m.Network.Layers[k].Weights.Select(MathF.Abs).ToArray();
                Array.Sort(a);
                return a.Length == 0 ? 0 : Statistics.Quantile(a, 0.999);
            });
            if (top <= 0)
                top = 1;
            var methods = ByMethod(models).ToList();
            double width = top / bins,
                highest = 0;
            string panel = $"layer {k + 1}: |w| ({dataset})";
            var drawn = new List<Coordinates>();
            for (int j = 0; j < methods.Count; j++)
            {
                var (method, ofMethod) = methods[j];
                double[] fraction = new double[bins];
                foreach (AnalyzedModel m in ofMethod)
                {
                    float[] w = m.Network.Layers[k].Weights;
                    foreach (float v in w)
                        fraction[Math.Min(bins - 1, (int)(Math.Abs(v) / top * bins))] +=
                            1.0 / w.Length / ofMethod.Count;
                }
                string label = Label(method, ofMethod.Count);
                Color color = MethodStyle.ColorOf(method);
                var bars = new List<Bar>();
                for (int b = 0; b < bins; b++)
                {
                    double position = (b + (j + 0.5) / methods.Count) * width;
                    bars.Add(
                        new Bar
                        {
                            Position = position,
                            Value = 100 * fraction[b],
                            Size = width / methods.Count,
                            FillColor = color.WithAlpha(0.75),
                            LineWidth = 0,
                        }
                    );
                    drawn.Add(new Coordinates(position, 100 * fraction[b]));
                    table.AddPoint(panel, label, (b + 0.5) * width, 100 * fraction[b], FigureUnit.Percent);
                }
                var plotted = plot.Add.Bars(bars);
                plotted.LegendText = label;
                highest = Math.Max(highest, 100 * fraction.Max());
            }
            plot.Title(panel);
            plot.XLabel("|w| (last bin holds everything above)");
            plot.YLabel("links (%)");
            plot.Axes.SetLimits(0, top, 0, Math.Max(1e-9, highest) * 1.08);
            if (k == 0)
                LegendCorner.Show(plot, drawn);
            else
                plot.HideLegend();
            plots.Add(plot);
        }
        return Grid(plots, 1, layers);
    }

    internal static Multiplot Hubs(IReadOnlyList<AnalyzedModel> models, int layers, string dataset)
    {
        var plots = new List<Plot>();
        for (int k = 0; k < layers; k++)
        {
            var plot = new Plot();
            var drawn = new List<Coordinates>();
            foreach (var (method, ofMethod) in ByMethod(models))
            {
                var x = new List<double>();
                var y = new List<double>();
                foreach (AnalyzedModel m in ofMethod)
                {
                    Layer layer = m.Network.Layers[k];
                    double[] s = OutStrength(layer);
                    for (int i = 0; i < layer.Inputs; i++)
                    {
                        x.Add(layer.Topology.OutDegree(i));
                        y.Add(s[i]);
                    }
                }
                var points = plot.Add.ScatterPoints(x.ToArray(), y.ToArray());
                points.Color = MethodStyle.ColorOf(method).WithAlpha(0.35);
                points.MarkerSize = 3;
                points.LegendText = Label(method, ofMethod.Count);
                drawn.AddRange(x.Zip(y, (a, b) => new Coordinates(a, b)));
            }
            plot.Title($"layer {k + 1}: hubs ({dataset})");
            plot.XLabel(k == 0 ? "out-degree of each pixel" : $"out-degree of each layer-{k} neuron");
            plot.YLabel("out-strength Σ|w|");
            // Degree and strength are never negative: both axes start at 0.
            FromZero(
                plot,
                drawn.Select(c => c.X).DefaultIfEmpty(1).Max(),
                drawn.Select(c => c.Y).DefaultIfEmpty(1).Max()
            );
            if (k == 0)
                LegendCorner.Show(plot, drawn);
            else
                plot.HideLegend();
            plots.Add(plot);
        }
        return Grid(plots, 1, layers);
    }

    internal static Multiplot Evolution(IReadOnlyList<EvolutionRow> rows)
    {
        var turnover = new Plot();
        var surviving = new Plot();
        var active = new Plot();
        string dataset = string.Join(", ", rows.Select(r => r.Dataset).Distinct());
        var turnoverSeries = new List<Series>();
        var survivingSeries = new List<Series>();
        var activeSeries = new List<Series>();
        foreach (string method in MethodStyle.Ordered(rows.Select(r => r.Method)))
        {
            var ofMethod = rows.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
                .ToList();
            int runs = ofMethod.Select(r => r.Run).Distinct().Count();
            string label = $"{MethodStyle.LabelOf(method)} ({runs} run{(runs == 1 ? "" : "s")})";
            // Per run and epoch: turnover over all sparse layers (new links / links) and active neurons summed over
            // layers.
            var perRunEpoch = ofMethod.GroupBy(r => (r.Run, r.Epoch)).ToList();
            turnoverSeries.Add(
                new Series(
                    label,
                    MethodStyle.ColorOf(method),
                    LinePattern.Solid,
                    MeanBand.From(
                        perRunEpoch
                            .Where(g => g.All(r => r.NewLinks is not null))
                            .Select(g =>
                                (
                                    (double)g.Key.Epoch,
                                    100.0 * g.Sum(r => r.NewLinks!.Value) / Math.Max(1, g.Sum(r => r.Links))
                                )
                            )
                    )
                )
            );
            survivingSeries.Add(
                new Series(
                    label,
                    MethodStyle.ColorOf(method),
                    LinePattern.Solid,
                    MeanBand.From(
                        perRunEpoch
                            .Where(g => g.All(r => r.SurvivingFromInitial is not null))
                            .Select(g =>
                                (
                                    (double)g.Key.Epoch,
                                    100.0 * g.Sum(r => r.SurvivingFromInitial!.Value) / Math.Max(1, g.Sum(r => r.Links))
                                )
                            )
                    )
                )
            );
            activeSeries.Add(
                new Series(
                    label,
                    MethodStyle.ColorOf(method),
                    LinePattern.Solid,
                    MeanBand.From(perRunEpoch.Select(g => ((double)g.Key.Epoch, (double)g.Sum(r => r.ActiveNeurons))))
                )
            );
        }
        // Bands first, then lines (SeriesDrawing); the figure's CSV is read back from what is drawn.
        var unused = new FigureTable();
        SeriesDrawing.Draw(turnover, turnoverSeries, "turnover", FigureUnit.Percent, unused);
        SeriesDrawing.Draw(surviving, survivingSeries, "surviving", FigureUnit.Percent, unused);
        SeriesDrawing.Draw(active, activeSeries, "active", FigureUnit.Count, unused);
        turnover.Title($"Topology turnover ({dataset})");
        turnover.XLabel("epoch");
        turnover.YLabel("links new since the previous snapshot (%)");
        surviving.Title($"Links kept since initialisation ({dataset})");
        surviving.XLabel("epoch");
        surviving.YLabel("links also present at epoch 0 (%)");
        active.Title($"Active hidden neurons ({dataset})");
        active.XLabel("epoch");
        active.YLabel("neurons with an input and an output link");
        // Shares and counts are never negative: every y axis starts at 0, and each legend takes the corner its
        // curves leave free.
        foreach (
            var (plot, series) in new[]
            {
                (turnover, turnoverSeries),
                (surviving, survivingSeries),
                (active, activeSeries),
            }
        )
        {
            var drawn = series
                .SelectMany(s => s.Values.X.Select((x, i) => new Coordinates(x, s.Values.Mean[i])))
                .ToList();
            double top = series.Where(s => s.Values.X.Length > 0).Select(s => s.Values.High).DefaultIfEmpty(1).Max();
            AxisLimits x = plot.Axes.GetLimits();
            plot.Axes.SetLimitsY(0, top > 0 ? top * 1.08 : 1);
            plot.Axes.SetLimitsX(x.Left, x.Right);
            LegendCorner.Show(plot, drawn);
        }
        foreach (Plot plot in new[] { turnover, surviving, active })
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        active.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return Grid([turnover, surviving, active], 1, 3);
    }

    /// <summary>Both axes from 0 to a little beyond the largest value drawn.</summary>
    private static void FromZero(Plot plot, double right, double top) =>
        plot.Axes.SetLimits(0, right > 0 ? right * 1.05 : 1, 0, top > 0 ? top * 1.05 : 1);

    private static Multiplot Grid(IReadOnlyList<Plot> plots, int rows, int columns)
    {
        var figure = new Multiplot(plots[0]);
        foreach (Plot plot in plots.Skip(1))
            figure.AddPlot(plot);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        return figure;
    }
}
