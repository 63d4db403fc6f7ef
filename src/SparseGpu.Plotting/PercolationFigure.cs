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

    /// <returns>The file written, or null when the records hold no removal sweep with structural columns.</returns>
    public static string? Render(
        IReadOnlyList<RobustnessRecord> records,
        IReadOnlyList<SparseLayerShape> layers,
        string directory,
        FigureOptions options
    )
    {
        options.Validate();
        var panels = Removals
            .Where(p => records.Any(r => r.Perturbation == p && !double.IsNaN(r.PixelsConnectedFraction)))
            .ToList();
        if (panels.Count == 0)
            return null;
        var plots = panels.Select((p, i) => Panel(records, p, layers, legend: i == 0)).ToList();
        var figure = new Multiplot(plots[0]);
        foreach (Plot plot in plots.Skip(1))
            figure.AddPlot(plot);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        Directory.CreateDirectory(directory);
        return FigureFile.Save(
            figure,
            Path.Combine(directory, File),
            options with
            {
                Width = Math.Max(options.Width, 560 * panels.Count),
                Height = Math.Max(options.Height, 560),
            }
        )[0];
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

    private static Plot Panel(
        IReadOnlyList<RobustnessRecord> records,
        string perturbation,
        IReadOnlyList<SparseLayerShape> layers,
        bool legend
    )
    {
        var plot = new Plot();
        var rows = records.Where(r => r.Perturbation == perturbation).ToList();
        foreach (string method in MethodStyle.Ordered(rows.Select(r => r.Method)))
        {
            var ofMethod = rows.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
                .ToList();
            Color color = MethodStyle.ColorOf(method);
            string name = MethodStyle.LabelOf(method);
            Line(
                plot,
                MeanBand.From(ofMethod.Select(r => (r.Level, 100 * r.Accuracy))),
                color,
                LinePattern.Solid,
                $"{name}: accuracy"
            );
            Line(
                plot,
                MeanBand.From(ofMethod.Select(r => (r.Level, 100 * r.PixelsConnectedFraction))),
                color,
                LinePattern.Dashed,
                $"{name}: pixels connected to the read-out"
            );
            // A neuron without inputs (perturbed layers only when --layers was used: the others keep theirs).
            Line(
                plot,
                MeanBand.From(ofMethod.Select(r => (r.Level, 100 * r.NoInputFraction))),
                color,
                LinePattern.Dotted,
                $"{name}: hidden neurons without inputs"
            );
        }
        if (layers.Count > 0)
        {
            double[] f = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
            double scale =
                layers.Where(l => l.Perturbed).Sum(l => l.Neurons) / (double)Math.Max(1, layers.Sum(l => l.Neurons));
            var yardstick = plot.Add.Scatter(f, f.Select(x => 100 * scale * ErdosRenyiNoInput(layers, x)).ToArray());
            yardstick.Color = Colors.Black;
            yardstick.LinePattern = LinePattern.DenselyDashed;
            yardstick.LineWidth = 1.5f;
            yardstick.MarkerSize = 0;
            yardstick.LegendText = "Erdős–Rényi: e^(−k(1−f)) without inputs";
        }
        Perturbation? known = Perturbations.All.FirstOrDefault(p => p.Name == perturbation);
        plot.Title(known?.Title ?? perturbation);
        plot.XLabel(known?.LevelLabel ?? "fraction of links removed");
        plot.YLabel("%");
        plot.Axes.SetLimits(0, 1, 0, 100);
        if (legend)
            plot.ShowLegend(Alignment.MiddleLeft);
        else
            plot.HideLegend();
        return plot;
    }

    private static void Line(Plot plot, MeanBand band, Color color, LinePattern pattern, string label)
    {
        var line = plot.Add.Scatter(band.X, band.Mean);
        line.Color = color;
        line.LinePattern = pattern;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        line.LegendText = label;
    }
}
