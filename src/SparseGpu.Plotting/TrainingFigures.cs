using ScottPlot;
using SparseGpu.Runs;

namespace SparseGpu.Plotting;

/// <summary>
/// Training curves: test accuracy and test loss against epoch, runs grouped by method (mean ±1 std band over
/// seeds), optionally marking the first epoch at which each method's mean accuracy reaches a threshold.
/// </summary>
public static class TrainingFigures
{
    public static string Render(IReadOnlyList<RunHistory> runs, string pngPath, FigureOptions options, double? threshold = null)
    {
        options.Validate();
        if (runs.Count == 0) throw new SparseGpuException("no runs to plot");
        if (threshold is { } t && !(t > 0 && t <= 1)) throw new InvalidSettingException($"--threshold must be an accuracy in (0, 1], got {t}");
        string dataset = string.Join(", ", runs.Select(r => r.Dataset).Distinct());
        var accuracy = new Plot();
        var loss = new Plot();
        foreach (string method in MethodStyle.Ordered(runs.Select(r => r.Method)))
        {
            var ofMethod = runs.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)).ToList();
            Color color = MethodStyle.ColorOf(method);
            string label = $"{MethodStyle.LabelOf(method)} ({ofMethod.Count} run{(ofMethod.Count == 1 ? "" : "s")})";
            var accuracyBand = MeanBand.From(ofMethod.SelectMany(r => r.Epochs.Select(e => ((double)e.Epoch, 100 * e.TestAccuracy))));
            accuracyBand.AddTo(accuracy, color, label);
            MeanBand.From(ofMethod.SelectMany(r => r.Epochs.Select(e => ((double)e.Epoch, e.TestLoss)))).AddTo(loss, color, label);
            if (threshold is { } level && FirstReaching(accuracyBand, 100 * level) is { } epoch)
            {
                var marker = accuracy.Add.VerticalLine(epoch);
                marker.Color = color;
                marker.LinePattern = LinePattern.Dashed;
                marker.LineWidth = 1.5f;
                marker.LegendText = $"{MethodStyle.LabelOf(method)} reaches {100 * level:0.##}% at epoch {epoch}";
            }
        }
        if (threshold is { } line)
        {
            var target = accuracy.Add.HorizontalLine(100 * line);
            target.Color = Colors.Gray;
            target.LinePattern = LinePattern.Dotted;
        }
        foreach (Plot plot in new[] { accuracy, loss })
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        accuracy.Title($"Test accuracy ({dataset})");
        accuracy.XLabel("epoch");
        accuracy.YLabel("test accuracy (%)");
        accuracy.ShowLegend(Alignment.LowerRight);
        loss.Title($"Test loss ({dataset})");
        loss.XLabel("epoch");
        loss.YLabel("cross-entropy");
        loss.ShowLegend(Alignment.UpperRight);

        var figure = new Multiplot(accuracy);
        figure.AddPlot(loss);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        string directory = Path.GetDirectoryName(Path.GetFullPath(pngPath))!;
        Directory.CreateDirectory(directory);
        return FigureFile.Save(figure, pngPath, options);
    }

    private static double? FirstReaching(MeanBand band, double level)
    {
        for (int i = 0; i < band.X.Length; i++)
            if (band.Mean[i] >= level) return band.X[i];
        return null;
    }
}
