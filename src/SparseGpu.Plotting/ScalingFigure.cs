using System.Globalization;
using ScottPlot;
using SparseGpu.Benchmarks;

namespace SparseGpu.Plotting;

/// <summary>
/// How training scales with the hidden width (`sparsegpu bench --figure`): throughput per link relative to the
/// first width, and the fraction of the random-row bound the sparse passes reach (left); bytes per link and the
/// peak working set (right); the width on a log axis, one point per width measured.
/// </summary>
public static class ScalingFigure
{
    public static IReadOnlyList<string> Render(BenchmarkReport report, string path, FigureOptions options)
    {
        options.Validate();
        if (report.Scaling.Count == 0)
            throw new InvalidSettingException("--figure needs at least one width in --widths");
        double[] x = report.Scaling.Select(r => Math.Log10(r.Width)).ToArray();
        string[] labels = report.Scaling.Select(r => r.Width.ToString("N0", CultureInfo.InvariantCulture)).ToArray();
        ScalingRow first = report.Scaling[0];

        var speed = new Plot();
        Add(
            speed,
            x,
            report.Scaling.Select(r => r.LinkSamplesPerSecond / first.LinkSamplesPerSecond).ToArray(),
            Colors.Navy,
            "link-samples/s relative to the first width"
        );
        Add(
            speed,
            x,
            report.Scaling.Select(r => r.FractionOfBound).ToArray(),
            Colors.DarkOrange,
            "sparse passes: fraction of the random-row bound"
        );
        Axes(speed, x, labels, "ratio");
        double highest = report.Scaling.Max(r =>
            Math.Max(r.FractionOfBound, r.LinkSamplesPerSecond / first.LinkSamplesPerSecond)
        );
        speed.Axes.SetLimitsY(0, Math.Max(1.2, highest * 1.3));

        var memory = new Plot();
        double[] bytesPerLink = report.Scaling.Select(r => r.BytesPerLink).ToArray();
        double[] peakGiB = report.Scaling.Select(r => r.PeakWorkingSetBytes / 1073741824.0).ToArray();
        Add(memory, x, bytesPerLink, Colors.Navy, "bytes per link: parameters, topology, batch buffers (left)");
        var peak = memory.Add.Scatter(x, peakGiB);
        peak.Color = Colors.DarkGreen;
        peak.LineWidth = 2;
        peak.MarkerSize = 8;
        peak.LegendText = "peak working set of the process, GiB (right)";
        peak.Axes.YAxis = memory.Axes.Right;
        Axes(memory, x, labels, "bytes per link");
        memory.Axes.Right.Label.Text = "GiB";
        memory.Axes.SetLimitsY(0, bytesPerLink.Max() * 1.4, memory.Axes.Left);
        memory.Axes.SetLimitsY(0, peakGiB.Max() * 1.4, memory.Axes.Right);
        memory.ShowLegend(Alignment.UpperLeft);

        var figure = new Multiplot(speed);
        figure.AddPlot(memory);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        speed.Title($"Throughput per link against width ({report.Device}, batch {report.BatchSize})");
        memory.Title("Memory against width (three hidden layers of each width)");
        return FigureFile.Save(
            figure,
            path,
            options with
            {
                Width = Math.Max(options.Width, 1400),
                Height = Math.Max(options.Height, 600),
            }
        );
    }

    private static void Add(Plot plot, double[] x, double[] y, Color color, string label)
    {
        var line = plot.Add.Scatter(x, y);
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = label;
    }

    private static void Axes(Plot plot, double[] x, string[] labels, string yLabel)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(x, labels);
        plot.XLabel("hidden width (neurons per layer, log scale)");
        plot.YLabel(yLabel);
        plot.Axes.SetLimitsX(x.Min() - 0.3, x.Max() + 0.3);
        plot.ShowLegend(Alignment.UpperLeft);
    }
}
