using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;
using SparseGpu.Cli;
using SparseGpu.Plotting;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// Figures that say what they show: DPI and formats as asked, a sans-serif font, bands under every line, axes at
/// the data, the band explained, the numbers drawn beside each figure, and data sets or settings never averaged
/// together.
/// </summary>
public sealed class FigureOutputTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Golden(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Robustness", "Golden", .. parts]);

    private static List<RobustnessRecord> GoldenRows() => RobustnessCsv.Read(Golden("robustness.csv"));

    private static List<RunHistory> GoldenRuns() =>
        new[] { "rlr-s1", "ch3l3-s1" }.Select(r => RunHistory.Read(Golden("runs", r))).ToList();

    [Fact]
    public void Dpi_scales_every_figure_and_is_recorded_and_multi_panel_figures_scale_without_garbling()
    {
        string at96 = _temp.File("dpi96"),
            at192 = _temp.File("dpi192");
        RobustnessFigures.Render(GoldenRows(), at96, new FigureOptions(640, 480, 96));
        RobustnessFigures.Render(GoldenRows(), at192, new FigureOptions(640, 480, 192));
        Assert.Equal((640, 480), Size(Path.Combine(at96, "robustness-random.png")));
        Assert.Equal((1280, 960), Size(Path.Combine(at192, "robustness-random.png")));
        Assert.Equal((900, 480), Size(Path.Combine(at96, RobustnessFigures.GridFile)));
        Assert.Equal((1800, 960), Size(Path.Combine(at192, RobustnessFigures.GridFile)));
        Assert.Equal(192, PngDensity.Dpi(File.ReadAllBytes(Path.Combine(at192, RobustnessFigures.GridFile))));
        Assert.Equal(96, PngDensity.Dpi(File.ReadAllBytes(Path.Combine(at96, RobustnessFigures.GridFile))));

        // The 192-DPI grid, halved, is the 96-DPI grid up to anti-aliasing: same layout, nothing overlapping.
        double difference = MeanDifference(
            Path.Combine(at96, RobustnessFigures.GridFile),
            Path.Combine(at192, RobustnessFigures.GridFile)
        );
        Assert.True(
            difference < 8,
            $"mean channel difference {difference:F1} of 255 between the 96-DPI grid and the halved 192-DPI grid"
        );

        string training = TrainingFigures
            .Render(GoldenRuns(), _temp.File("t192.png"), new FigureOptions(700, 400, 192))
            .Single();
        Assert.Equal((1400, 800), Size(training));
    }

    [Fact]
    public void Svg_is_written_for_every_figure_and_the_extension_decides_the_format()
    {
        IReadOnlyList<string> robustness = RobustnessFigures.Render(
            GoldenRows(),
            _temp.File("svg"),
            new FigureOptions(Svg: true)
        );
        Assert.Contains(Path.Combine(_temp.File("svg"), "robustness-grid.svg"), robustness);
        Assert.Equal(3, robustness.Count(f => f.EndsWith(".svg", StringComparison.Ordinal)));
        IReadOnlyList<string> training = TrainingFigures.Render(
            GoldenRuns(),
            _temp.File("t.png"),
            new FigureOptions(Svg: true)
        );
        Assert.Equal([_temp.File("t.png"), _temp.File("t.svg")], training);

        string svgOnly = TrainingFigures.Render(GoldenRuns(), _temp.File("only.svg"), new FigureOptions()).Single();
        Assert.StartsWith("<?xml", File.ReadAllText(svgOnly));
        Assert.Contains("<svg", File.ReadAllText(svgOnly));
        Assert.False(File.Exists(_temp.File("only.png")));
        Assert.Equal(
            "--out x.jpg: the extension decides the format; give a .png or .svg file (or a directory ending in /)",
            Assert
                .Throws<SparseGpuException>(() => TrainingFigures.Render(GoldenRuns(), "x.jpg", new FigureOptions()))
                .Message
        );
    }

    [Fact]
    public void Text_is_set_in_an_explicitly_chosen_sans_serif_family()
    {
        Assert.DoesNotContain(
            "serif",
            FigureFont.Family.Replace("sans-serif", "", StringComparison.OrdinalIgnoreCase),
            StringComparison.OrdinalIgnoreCase
        );
        if (ExternalTool.Find("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") is not null)
            Assert.Equal("DejaVu Sans", FigureFont.Family);
        string svg = File.ReadAllText(
            TrainingFigures.Render(GoldenRuns(), _temp.File("font.svg"), new FigureOptions()).Single()
        );
        var families = Regex
            .Matches(svg, "font-family=\"([^\"]*)\"")
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToList();
        Assert.Equal([FigureFont.Family], families);
    }

    [Fact]
    public void Bands_lie_under_every_line_and_the_x_axis_spans_exactly_the_data()
    {
        var plot = new Plot();
        var wide = new MeanBand([0, 0.5, 1], [90, 70, 10], [0, 14, 0], [2, 2, 2]);
        var other = new MeanBand([0, 0.5, 1], [95, 90, 10], [1, 2, 0], [2, 2, 2]);
        SeriesDrawing.Draw(
            plot,
            [
                new Series("a", Colors.Blue, LinePattern.Solid, wide),
                new Series("b", Colors.Orange, LinePattern.Solid, other),
            ],
            "p",
            FigureUnit.Percent,
            new FigureTable()
        );
        var kinds = plot.GetPlottables().Select(p => p is ScottPlot.Plottables.FillY ? "band" : "line").ToList();
        Assert.Equal(["band", "band", "line", "line"], kinds);
        AxisLimits limits = plot.Axes.GetLimits();
        Assert.Equal((0.0, 1.0), (limits.Left, limits.Right));
    }

    [Fact]
    public void Every_figure_states_its_band_and_comes_with_the_numbers_it_draws()
    {
        string directory = _temp.File("caption");
        RobustnessFigures.Render(GoldenRows(), directory, new FigureOptions(Svg: true));
        string svg = SvgText(Path.Combine(directory, "robustness-random.svg"));
        Assert.Contains("mean ± 1 std (counts in the legend)", svg);
        Assert.Contains("RLR (1 model × 2 repeats)", svg);
        Assert.Contains("1 model, no band", SvgText(Path.Combine(directory, "robustness-fgsm.svg")));

        string[] csv = File.ReadAllLines(Path.Combine(directory, "robustness-random.figure.csv"));
        Assert.Equal(FigureTable.Header, csv[0]);
        // RLR at 0.5: accuracies 0.8 and 0.6 over two repeats -> mean 70%, sample std 14.142...%.
        Assert.Contains(
            "random,RLR (1 model × 2 repeats),0.5,70,14.142135623730951,55.85786437626905,84.14213562373095,2,percent",
            csv
        );
        Assert.Equal(1 + 3 + 3, csv.Length);
        Assert.Equal(1 + 6 + 3, File.ReadAllLines(Path.Combine(directory, "robustness-grid.figure.csv")).Length);

        string training = TrainingFigures
            .Render(GoldenRuns(), _temp.File("curves.svg"), new FigureOptions(), threshold: 0.95)
            .Single();
        Assert.Contains("1 run, no band", SvgText(training));
        Assert.Contains(
            "threshold,RLR reaches 95% at epoch 3,3,95,0,95,95,1,percent",
            File.ReadAllLines(_temp.File("curves.figure.csv"))
        );
    }

    [Fact]
    public void Data_sets_are_drawn_apart_and_differing_settings_become_separate_series()
    {
        var rows = GoldenRows();
        var fashion = rows.Select(r => r with { Dataset = "fashion-mnist", Model = "f-" + r.Model }).ToList();
        IReadOnlyList<string> files = RobustnessFigures.Render(
            [.. rows, .. fashion],
            _temp.File("two"),
            new FigureOptions()
        );
        Assert.Contains(_temp.File("two", "robustness-random-mnist.png"), files);
        Assert.Contains(_temp.File("two", "robustness-grid-fashion-mnist.png"), files);
        Assert.DoesNotContain(_temp.File("two", "robustness-random.png"), files);

        // Two RLR models of different density: two RLR series, never one mean.
        var dense = rows.Where(r => r.Method == "rlr")
            .Select(r => r with { Model = "dense.ckpt", Accuracy = r.Accuracy / 2 })
            .ToList();
        var settings = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["a.ckpt"] = new Dictionary<string, string> { ["density"] = "0.01" },
            ["dense.ckpt"] = new Dictionary<string, string> { ["density"] = "0.02" },
            ["b, with a comma.ckpt"] = new Dictionary<string, string> { ["density"] = "0.01" },
        };
        RobustnessFigures.Render([.. rows, .. dense], _temp.File("settings"), new FigureOptions(), settings);
        List<string> series = SeriesOf(_temp.File("settings", "robustness-random.figure.csv"));
        Assert.Equal(
            [
                "RLR, density 0.01 (1 model × 2 repeats)",
                "RLR, density 0.02 (1 model × 2 repeats)",
                "CH3L3, density 0.01 (1 model)",
            ],
            series
        );

        // Different level grids for one method are drawn as separate series, not averaged point by point.
        var coarse = rows.Where(r => r.Method == "rlr" && r.Level != 0.5)
            .Select(r => r with { Model = "coarse.ckpt" })
            .ToList();
        RobustnessFigures.Render([.. rows, .. coarse], _temp.File("grids"), new FigureOptions());
        List<string> labels = SeriesOf(_temp.File("grids", "robustness-random.figure.csv"));
        Assert.Contains("RLR, levels 2 in 0–1 (1 model × 2 repeats)", labels);
        Assert.Contains("RLR, levels 3 in 0–1 (1 model × 2 repeats)", labels);
    }

    [Fact]
    public void Training_runs_are_split_by_data_set_and_setting_and_unequal_epochs_are_refused()
    {
        List<RunHistory> runs = GoldenRuns();
        var fashion = runs.Select(r => r with { Dataset = "fashion-mnist", Name = "f-" + r.Name }).ToList();
        IReadOnlyList<string> files = TrainingFigures.Render(
            [.. runs, .. fashion],
            _temp.File("training.png"),
            new FigureOptions()
        );
        Assert.Equal([_temp.File("training-mnist.png"), _temp.File("training-fashion-mnist.png")], files);

        var longer = runs[0] with
        {
            Name = "rlr-s2",
            Seed = 2,
            Settings = runs[0].Settings! with { Epochs = 20, Seed = 2 },
        };
        TrainingFigures.Render([.. runs, longer], _temp.File("epochs.png"), new FigureOptions());
        List<string> series = SeriesOf(_temp.File("epochs.figure.csv"));
        Assert.Contains("RLR, epochs 3 (1 run)", series);
        Assert.Contains("RLR, epochs 20 (1 run)", series);
        Assert.Contains("CH3L3, epochs 3 (1 run)", series);

        var shorter = runs[0] with { Name = "rlr-s3", Seed = 3, Epochs = runs[0].Epochs.Take(2).ToList() };
        Assert.Equal(
            "mnist, RLR: runs rlr-s1 (3 epochs recorded) and rlr-s3 (2) cover different epochs; finish the shorter "
                + "run or plot them separately",
            Assert
                .Throws<SparseGpuException>(() =>
                    TrainingFigures.Render([.. runs, shorter], _temp.File("bad.png"), new FigureOptions())
                )
                .Message
        );
    }

    [Fact]
    public void Plot_robustness_draws_every_input_and_plot_training_accepts_a_directory()
    {
        string second = _temp.File("b", "robustness.csv");
        Directory.CreateDirectory(_temp.File("b"));
        RobustnessCsv.Write(second, GoldenRows().Select(r => r with { Dataset = "fashion-mnist" }));
        CliRunner.Result both = CliRunner.Run(
            "plot",
            "robustness",
            "--input",
            Golden("robustness.csv"),
            "--input",
            second,
            "--out",
            _temp.File("both")
        );
        Assert.Equal(CliApp.Success, both.ExitCode);
        Assert.True(File.Exists(_temp.File("both", "robustness-grid-mnist.png")));
        Assert.True(File.Exists(_temp.File("both", "robustness-grid-fashion-mnist.png")));

        CliRunner.Result training = CliRunner.Run(
            "plot",
            "training",
            "--runs",
            Golden("runs", "rlr-s1"),
            "--out",
            _temp.File("figs") + "/"
        );
        Assert.Equal(CliApp.Success, training.ExitCode);
        Assert.True(File.Exists(_temp.File("figs", "training.png")));
        Assert.True(File.Exists(_temp.File("figs", "training.figure.csv")));

        CliRunner.Result svg = CliRunner.Run(
            "plot",
            "training",
            "--runs",
            Golden("runs", "rlr-s1"),
            "--out",
            _temp.File("fig.svg")
        );
        Assert.Equal(CliApp.Success, svg.ExitCode);
        Assert.Contains("<svg", File.ReadAllText(_temp.File("fig.svg")));

        CliRunner.Result several = CliRunner.Run(
            "plot",
            "robustness",
            "--input",
            Golden("robustness.csv"),
            "--input",
            second
        );
        Assert.Equal(
            "error: plot robustness with several --input needs --out DIR; see sparsegpu plot robustness --help",
            Assert.Single(several.ErrorLines)
        );
        Assert.Equal(CliApp.UsageError, several.ExitCode);
    }

    /// <summary>The distinct series of a figure's CSV (second field, quoted when it holds a comma).</summary>
    private static List<string> SeriesOf(string csv) =>
        File.ReadAllLines(csv)
            .Skip(1)
            .Select(line =>
            {
                string rest = line[(line.IndexOf(',') + 1)..];
                return rest.StartsWith('"') ? rest[1..rest.IndexOf('"', 1)] : rest[..rest.IndexOf(',')];
            })
            .Distinct()
            .ToList();

    private static string SvgText(string svg) =>
        string.Join(
            "\n",
            Regex
                .Matches(File.ReadAllText(svg), ">([^<]+)</text>")
                .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))
        );

    private static (int Width, int Height) Size(string png)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException($"{png} does not decode");
        return (bitmap.Width, bitmap.Height);
    }

    private static double MeanDifference(string small, string large)
    {
        using SKBitmap a = SKBitmap.Decode(small)!;
        using SKBitmap b = SKBitmap.Decode(large)!;
        using SKBitmap halved = b.Resize(
            new SKImageInfo(a.Width, a.Height),
            new SKSamplingOptions(SKCubicResampler.Mitchell)
        )!;
        double sum = 0;
        for (int y = 0; y < a.Height; y++)
        for (int x = 0; x < a.Width; x++)
        {
            SKColor p = a.GetPixel(x, y),
                q = halved.GetPixel(x, y);
            sum += Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue);
        }
        return sum / (3.0 * a.Width * a.Height);
    }
}
