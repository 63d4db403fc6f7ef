using ScottPlot;
using SparseGpu.Robustness;

namespace SparseGpu.Plotting;

/// <summary>
/// Structure under damage: for each link-removal perturbation, accuracy and connectivity against the removal level
/// on one panel — test accuracy (solid), input pixels with a path to the read-out (dashed), hidden neurons left
/// without any input link (dotted), per method (mean over models and repeats) — with the Erdős–Rényi yardstick
/// for the last: a neuron of in-degree ~ Poisson(k) keeps each link with probability 1 − f, so it has no input
/// left with probability e^(−k(1−f)) (averaged over the perturbed layers, weighted by their neurons).
/// </summary>
public static class PercolationFigure
{
    public const string File = "percolation.png";

    private static readonly string[] Removals = ["random", "weight-order", "reverse-weight-order"];

    /// <returns>The files written (one per data set, suffix -DATASET when there are several), none when the records
    /// hold no removal sweep with structural columns.</returns>
    public static IReadOnlyList<string> Render(
        IReadOnlyList<RobustnessRecord> records,
        IReadOnlyList<SparseLayerShape> layers,
        string directory,
        FigureOptions options
    )
    {
        options.Validate();
        var datasets = records
            .Where(r => Removals.Contains(r.Perturbation) && !double.IsNaN(r.PixelsConnectedFraction))
            .GroupBy(r => r.Dataset, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var files = new List<string>();
        foreach (var dataset in datasets)
        {
            var rows = dataset.ToList();
            var panels = Removals.Where(p => rows.Any(r => r.Perturbation == p)).ToList();
            var table = new FigureTable();
            var plots = panels.Select(p => Panel(rows, p, dataset.Key, layers, table)).ToList();
            List<LegendItem> legend = SharedLegend.ItemsOf(plots);
            Multiplot figure = SharedLegend.Below(plots, 1, plots.Count, legend);
            Directory.CreateDirectory(directory);
            string file = Path.Combine(
                directory,
                datasets.Count > 1 ? FigureOutput.WithSuffix(File, dataset.Key) : File
            );
            files.AddRange(
                FigureFile.Save(
                    figure,
                    file,
                    options with
                    {
                        Width = Math.Max(options.Width, 560 * panels.Count),
                        Height = Math.Max(options.Height, 560 + SharedLegend.Height(legend.Count)),
                    },
                    table
                )
            );
        }
        return files;
    }

    /// <summary>Fraction of the neurons of the perturbed layers predicted to have no input left at removal level
    /// f.</summary>
    public static double ErdosRenyiNoInput(IReadOnlyList<SparseLayerShape> layers, double f)
    {
        var perturbed = layers.Where(l => l.Perturbed).ToList();
        int neurons = perturbed.Sum(l => l.Neurons);
        return neurons == 0
            ? double.NaN
            : perturbed.Sum(l => l.Neurons * Math.Exp(-l.MeanInDegree * (1 - f))) / neurons;
    }

    internal static Plot Panel(
        IReadOnlyList<RobustnessRecord> records,
        string perturbation,
        string dataset,
        IReadOnlyList<SparseLayerShape> layers,
        FigureTable table
    )
    {
        var plot = new Plot();
        var rows = records.Where(r => r.Perturbation == perturbation).ToList();
        var series = new List<Series>();
        var counts = new List<(string Method, int Models, int Repeats)>();
        foreach (string method in MethodStyle.Ordered(rows.Select(r => r.Method)))
        {
            var ofMethod = rows.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
                .ToList();
            int models = ofMethod.Select(r => r.Model).Distinct().Count(),
                repeats = ofMethod.GroupBy(r => r.Model).Max(g => g.Select(r => r.Repeat).Distinct().Count());
            counts.Add((MethodStyle.LabelOf(method), models, repeats));
            Color color = MethodStyle.ColorOf(method);
            // The models, not the repeats, in the label: the legend is shared by the panels, whose repeats differ
            // (one order of the largest |w|, several random draws); the title gives each panel's.
            string name = $"{MethodStyle.LabelOf(method)} ({models} model{(models == 1 ? "" : "s")})";
            series.Add(
                new Series(
                    $"{name}: accuracy",
                    color,
                    LinePattern.Solid,
                    MeanBand.From(ofMethod.Select(r => (r.Level, 100 * r.Accuracy)))
                )
            );
            series.Add(
                new Series(
                    $"{name}: pixels connected to the read-out",
                    color,
                    LinePattern.Dashed,
                    MeanBand.From(ofMethod.Select(r => (r.Level, 100 * r.PixelsConnectedFraction)))
                )
            );
            // A neuron without inputs (perturbed layers only when --layers was used: the others keep theirs).
            series.Add(
                new Series(
                    $"{name}: hidden neurons without inputs",
                    color,
                    LinePattern.Dotted,
                    MeanBand.From(ofMethod.Select(r => (r.Level, 100 * r.NoInputFraction)))
                )
            );
        }
        SeriesDrawing.Draw(plot, series, perturbation, FigureUnit.Percent, table);
        foreach (var line in plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>())
            line.MarkerSize = 0;
        if (layers.Count > 0)
        {
            double[] f = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
            double scale =
                layers.Where(l => l.Perturbed).Sum(l => l.Neurons) / (double)Math.Max(1, layers.Sum(l => l.Neurons));
            double[] expected = f.Select(x => 100 * scale * ErdosRenyiNoInput(layers, x)).ToArray();
            var yardstick = plot.Add.Scatter(f, expected);
            yardstick.Color = Colors.Black;
            yardstick.LinePattern = LinePattern.DenselyDashed;
            yardstick.LineWidth = 1.5f;
            yardstick.MarkerSize = 0;
            yardstick.LegendText = "Erdős–Rényi: e^(−k(1−f)) without inputs";
            for (int i = 0; i < f.Length; i++)
                table.AddPoint(perturbation, yardstick.LegendText, f[i], expected[i], FigureUnit.Percent);
        }
        Perturbation? known = Perturbations.All.FirstOrDefault(p => p.Name == perturbation);
        plot.Title($"{known?.Title ?? perturbation} ({dataset})\n{Caption(counts)}");
        plot.XLabel(known?.LevelLabel ?? "fraction of links removed");
        plot.YLabel("accuracy, pixels, neurons (%)");
        plot.Axes.SetLimits(0, 1, 0, 100);
        return plot;
    }

    /// <summary>What the lines and bands are over: "mean ± 1 std over 2 models × 10 repeats", or per method when
    /// the methods' counts differ.</summary>
    private static string Caption(List<(string Method, int Models, int Repeats)> counts)
    {
        if (counts.Select(c => (c.Models, c.Repeats)).Distinct().Count() <= 1)
            return SeriesDrawing.BandCaption(counts.Select(c => (c.Models, c.Repeats)).ToList(), "models");
        return "mean ± 1 std; "
            + string.Join(
                "; ",
                counts.Select(c => $"{c.Method}: {c.Models} model{(c.Models == 1 ? "" : "s")} × {c.Repeats} repeats")
            );
    }
}
