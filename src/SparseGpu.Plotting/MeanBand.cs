using ScottPlot;

namespace SparseGpu.Plotting;

/// <summary>A curve as the mean of several samples per x, with a shaded band of ±1 standard deviation.</summary>
public sealed record MeanBand(double[] X, double[] Mean, double[] Std)
{
    /// <summary>Mean and sample standard deviation (0 for a single sample) of each x's values, x ascending.</summary>
    public static MeanBand From(IEnumerable<(double X, double Value)> samples)
    {
        var groups = samples.GroupBy(s => s.X).OrderBy(g => g.Key).ToList();
        double[] x = groups.Select(g => g.Key).ToArray();
        double[] mean = groups.Select(g => g.Average(s => s.Value)).ToArray();
        double[] std = groups.Select((g, i) =>
        {
            int n = g.Count();
            return n < 2 ? 0.0 : Math.Sqrt(g.Sum(s => (s.Value - mean[i]) * (s.Value - mean[i])) / (n - 1));
        }).ToArray();
        return new MeanBand(x, mean, std);
    }

    public void AddTo(Plot plot, Color color, string label)
    {
        if (Std.Any(s => s > 0))
        {
            var band = plot.Add.FillY(X, Mean.Select((m, i) => m - Std[i]).ToArray(), Mean.Select((m, i) => m + Std[i]).ToArray());
            band.FillColor = color.WithAlpha(0.22);
            band.LineWidth = 0;
        }
        var line = plot.Add.Scatter(X, Mean);
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = X.Length <= 40 ? 5 : 0;
        line.LegendText = label;
    }
}
