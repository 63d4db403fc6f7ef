using ScottPlot;
using SparseGpu.Analysis;
using SparseGpu.Plotting;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Tests.Analysis;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// How figures are laid out, checked on the plots themselves (no image decoded): legends in a strip of their own,
/// curves clear of the frame, axes of quantities that cannot be negative starting at 0, histograms as side-by-side
/// bars, degree CCDFs on log axes, input maps on one labelled colour scale per column.
/// </summary>
public sealed class FigureLayoutTests
{
    private static string Golden(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Robustness", "Golden", .. parts]);

    private static readonly PixelRect Canvas = new(0, 900, 700, 0);

    private static List<AnalyzedModel> Models() =>
        [
            new("a", "rlr", "mnist", 1, HandBuiltNetworks.Build(HandBuiltNetworks.Random([16, 12, 8, 3], 0.4, 1))),
            new("b", "ch3l3", "mnist", 1, HandBuiltNetworks.Build(HandBuiltNetworks.Random([16, 12, 8, 3], 0.4, 2))),
        ];

    private static void LegendIsAStripBelowThePanels(Multiplot figure, int panels)
    {
        Plot[] plots = figure.GetPlots();
        Assert.Equal(panels + 1, plots.Length);
        Assert.All(plots.Take(panels), p => Assert.False(p.Legend.IsVisible));
        Assert.True(plots[^1].Legend.IsVisible);
        PixelRect[] cells = figure.Layout.GetSubplotRectangles(figure.Subplots, Canvas);
        // The strip spans the whole width (no label is cut at a panel's edge) and lies under every panel.
        Assert.Equal((Canvas.Left, Canvas.Right, Canvas.Bottom), (cells[^1].Left, cells[^1].Right, cells[^1].Bottom));
        Assert.All(cells.Take(panels), c => Assert.True(c.Bottom <= cells[^1].Top));
        int entries = plots[^1].Legend.ManualItems.Count;
        Assert.True(entries > 0);
        Assert.True(cells[^1].Height >= 20 * entries, $"{entries} entries in a strip {cells[^1].Height} tall");
    }

    [Fact]
    public void Training_curves_keep_clear_of_the_frame_under_one_legend_strip()
    {
        List<RunHistory> runs = new[] { "rlr-s1", "ch3l3-s1" }.Select(r => RunHistory.Read(Golden("runs", r))).ToList();
        var (figure, legendHeight) = TrainingFigures.Figure("mnist", runs, 0.95, new FigureTable());
        Assert.True(legendHeight > 0);
        LegendIsAStripBelowThePanels(figure, 2);
        Plot loss = figure.GetPlots()[1];
        AxisLimits limits = loss.Axes.GetLimits();
        double[] losses = runs.SelectMany(r => r.Epochs.Select(e => e.TestLoss)).ToArray();
        double[] epochs = runs.SelectMany(r => r.Epochs.Select(e => (double)e.Epoch)).ToArray();
        // The first loss, the highest, lies inside the frame, not on or above it; nor does the axis go below 0.
        Assert.True(limits.Top > losses.Max(), $"top {limits.Top}, highest loss {losses.Max()}");
        Assert.True(limits.Bottom >= 0 && limits.Bottom < losses.Min());
        // A threshold marker at the first epoch is not drawn on the left frame.
        Assert.True(limits.Left < epochs.Min() && limits.Right > epochs.Max());
    }

    [Fact]
    public void Percolation_panels_name_the_data_set_and_counts_draw_bands_and_share_one_legend()
    {
        List<RobustnessRecord> records = Enumerable
            .Range(0, 3)
            .SelectMany(repeat =>
                new[] { 0.0, 0.5, 1.0 }.Select(level => new RobustnessRecord(
                    "a.ckpt",
                    "rlr",
                    "fashion-mnist",
                    1,
                    "random",
                    level,
                    repeat,
                    0.9 - 0.8 * level + 0.01 * repeat,
                    0.3,
                    100,
                    20,
                    1 - level,
                    1,
                    level * level
                ))
            )
            .ToList();
        Plot panel = PercolationFigure.Panel(records, "random", "fashion-mnist", [], new FigureTable());
        Assert.Contains("(fashion-mnist)", panel.Axes.Title.Label.Text);
        Assert.Contains("mean ± 1 std over 1 model × 3 repeats", panel.Axes.Title.Label.Text);
        Assert.Contains(panel.GetPlottables(), p => p is ScottPlot.Plottables.FillY);
        Multiplot figure = SharedLegend.Below([panel], 1, 1, SharedLegend.ItemsOf([panel]));
        LegendIsAStripBelowThePanels(figure, 1);
        Assert.Equal(3, figure.GetPlots()[^1].Legend.ManualItems.Count);
    }

    [Fact]
    public void Structure_figures_start_non_negative_axes_at_zero_and_draw_histograms_as_side_by_side_bars()
    {
        List<AnalyzedModel> models = Models();
        Multiplot histograms = StructureFigures.WeightHistograms(models, 3, "mnist", new FigureTable());
        foreach (Plot plot in histograms.GetPlots())
        {
            AxisLimits limits = plot.Axes.GetLimits();
            Assert.Equal((0.0, 0.0), (limits.Left, limits.Bottom));
            var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().ToList();
            Assert.Equal(2, bars.Count);
            Assert.Empty(plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>());
            // In every bin the methods' bars stand side by side, translucent: neither hides the other.
            for (int b = 0; b < bars[0].Bars.Count; b++)
            {
                Bar first = bars[0].Bars[b],
                    second = bars[1].Bars[b];
                Assert.True(first.Position + first.Size / 2 <= second.Position - second.Size / 2 + 1e-12);
                Assert.True(first.FillColor.Alpha < 255);
            }
        }
        foreach (Plot plot in StructureFigures.Hubs(models, 3, "mnist").GetPlots())
        {
            AxisLimits limits = plot.Axes.GetLimits();
            Assert.Equal((0.0, 0.0), (limits.Left, limits.Bottom));
        }
        var evolution = new List<EvolutionRow>();
        foreach (string run in new[] { "r1", "r2" })
            for (int epoch = 0; epoch <= 2; epoch++)
                evolution.Add(
                    new EvolutionRow(
                        run,
                        run == "r1" ? "rlr" : "ch3l3",
                        "mnist",
                        1,
                        epoch,
                        1,
                        100,
                        epoch == 0 ? null : 30,
                        100 - 30 * epoch,
                        10,
                        0.5
                    )
                );
        Assert.All(StructureFigures.Evolution(evolution).GetPlots(), p => Assert.Equal(0, p.Axes.GetLimits().Bottom));
    }

    [Fact]
    public void Degree_ccdfs_are_on_log_axes_and_input_maps_share_one_labelled_scale_per_column()
    {
        List<AnalyzedModel> models = Models();
        var table = new FigureTable();
        foreach (Plot plot in StructureFigures.DegreeCcdf(models, 3, "mnist", table).GetPlots())
        foreach (IAxis axis in new IAxis[] { plot.Axes.Left, plot.Axes.Bottom })
        {
            var ticks = Assert.IsType<ScottPlot.TickGenerators.NumericAutomatic>(axis.TickGenerator);
            Assert.IsType<ScottPlot.TickGenerators.LogMinorTickGenerator>(ticks.MinorTickGenerator);
            Assert.True(ticks.IntegerTicksOnly);
            Assert.Equal(["0.01", "1", "100"], new[] { -2.0, 0, 2 }.Select(ticks.LabelFormatter));
        }
        // The table holds k and P themselves, not their logarithms.
        var rows = table.ToString().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.True(double.Parse(r[^7]) >= 1 && double.Parse(r[^6]) is > 0 and <= 1));
        Assert.All(rows, r => Assert.Equal(FigureUnit.Fraction, r[^1]));

        Multiplot maps = StructureFigures.InputMaps(models, 4, "mnist", new FigureTable());
        var heatmaps = maps.GetPlots()
            .Select(p => p.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single())
            .ToList();
        Assert.Equal(4, heatmaps.Count);
        // Row by row: degree, strength. Each column's two maps share one range, which starts at 0.
        Assert.Equal(heatmaps[0].ManualRange, heatmaps[2].ManualRange);
        Assert.Equal(heatmaps[1].ManualRange, heatmaps[3].ManualRange);
        Assert.Equal(0, heatmaps[0].ManualRange!.Value.Min);
        Assert.Equal(
            ["out-degree (links)", "out-strength Σ|w|", "out-degree (links)", "out-strength Σ|w|"],
            maps.GetPlots().Select(p => p.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>().Single().Label)
        );
    }
}
