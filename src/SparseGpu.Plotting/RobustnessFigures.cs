using ScottPlot;
using SparseGpu.Robustness;

namespace SparseGpu.Plotting;

/// <summary>
/// Robustness curves: per perturbation, test accuracy against level, one line per training method (mean over
/// models and repeats, ±1 std band), and all perturbations side by side in one multi-panel figure.
/// </summary>
public static class RobustnessFigures
{
    public const string GridFile = "robustness-grid.png";

    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Render(IReadOnlyList<RobustnessRecord> records, string directory, FigureOptions options)
    {
        options.Validate();
        if (records.Count == 0) throw new SparseGpuException("no robustness rows to plot");
        Directory.CreateDirectory(directory);
        string dataset = string.Join(", ", records.Select(r => r.Dataset).Distinct());
        var perturbations = records.Select(r => r.Perturbation).Distinct().OrderBy(Position).ToList();
        var files = new List<string>();
        foreach (string perturbation in perturbations)
        {
            Plot plot = Panel(records, perturbation, dataset, titleWithDataset: true);
            files.AddRange(FigureFile.Save(plot, Path.Combine(directory, $"robustness-{perturbation}.png"), options));
        }

        int columns = Math.Min(3, perturbations.Count), rows = (perturbations.Count + columns - 1) / columns;
        var grid = new Multiplot(Panel(records, perturbations[0], dataset, titleWithDataset: false));
        foreach (string perturbation in perturbations.Skip(1)) grid.AddPlot(Panel(records, perturbation, dataset, titleWithDataset: false, legend: false));
        grid.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        var gridOptions = options with { Width = Math.Max(options.Width, 450 * columns), Height = Math.Max(options.Height, 380 * rows) };
        files.Add(FigureFile.Save(grid, Path.Combine(directory, GridFile), gridOptions));
        return files;
    }

    private static Plot Panel(IReadOnlyList<RobustnessRecord> records, string perturbation, string dataset, bool titleWithDataset, bool legend = true)
    {
        Perturbation? known = Perturbations.All.FirstOrDefault(p => p.Name == perturbation);
        var plot = new Plot();
        var ofPerturbation = records.Where(r => r.Perturbation == perturbation).ToList();
        foreach (string method in MethodStyle.Ordered(ofPerturbation.Select(r => r.Method)))
        {
            var band = MeanBand.From(ofPerturbation.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
                .Select(r => (r.Level, 100 * r.Accuracy)));
            int models = ofPerturbation.Where(r => r.Method == method).Select(r => r.Model).Distinct().Count();
            band.AddTo(plot, MethodStyle.ColorOf(method), $"{MethodStyle.LabelOf(method)} ({models} model{(models == 1 ? "" : "s")})");
        }
        string title = known?.Title ?? perturbation;
        plot.Title(titleWithDataset ? $"{title} ({dataset})" : title);
        plot.XLabel(known?.LevelLabel ?? "level");
        plot.YLabel("test accuracy (%)");
        plot.Axes.SetLimitsY(0, 100);
        // Every curve starts high on the left and ends low on the right: the lower left corner stays free.
        if (legend) plot.ShowLegend(Alignment.LowerLeft);
        else plot.HideLegend();
        return plot;
    }

    private static int Position(string perturbation) =>
        Perturbations.Names.ToList().IndexOf(perturbation) is int i && i >= 0 ? i : int.MaxValue;
}
