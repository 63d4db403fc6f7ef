using SkiaSharp;
using SparseGpu.Plotting;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Robustness;

/// <summary>Reading the golden CSV inputs of the plot verbs, the summary they imply, and the figures' size.</summary>
public sealed class FigureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Golden(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Robustness", "Golden", .. parts]);

    [Fact]
    public void The_golden_sweep_reads_back_and_summarises_as_worked_out_by_hand()
    {
        List<RobustnessRecord> records = RobustnessCsv.Read(Golden("robustness.csv"));
        Assert.Equal(12, records.Count);
        Assert.Equal("b, with a comma.ckpt", records[^1].Model);
        string summary = _temp.File("summary.csv");
        RobustnessCsv.WriteSummary(summary, RobustnessSummary.Compute(records));
        Assert.Equal(File.ReadAllText(Golden("summary.csv")), File.ReadAllText(summary));

        string rewritten = _temp.File("robustness.csv");
        RobustnessCsv.Write(rewritten, records);
        Assert.Equal(File.ReadAllText(Golden("robustness.csv")), File.ReadAllText(rewritten));
    }

    [Fact]
    public void Golden_run_directories_read_back()
    {
        RunHistory run = RunHistory.Read(Golden("runs", "ch3l3-s1"));
        Assert.Equal(("ch3l3", "mnist", 1UL), (run.Method, run.Dataset, run.Seed));
        Assert.Equal([0.9, 0.94, 0.96], run.Epochs.Select(e => e.TestAccuracy));
        Assert.Equal([0.4, 0.22, 0.18], run.Epochs.Select(e => e.TestLoss));
    }

    [Fact]
    public void Robustness_pngs_decode_with_the_requested_size()
    {
        List<RobustnessRecord> records = RobustnessCsv.Read(Golden("robustness.csv"));
        IReadOnlyList<string> files = RobustnessFigures.Render(
            records,
            _temp.File("figures"),
            new FigureOptions(640, 480, 120)
        );
        Assert.Equal(
            ["robustness-random.png", "robustness-fgsm.png", "robustness-grid.png"],
            files.Select(Path.GetFileName)
        );
        Assert.Equal((800, 600), Size(files[0])); // 640 x 480 at 120 DPI: 1.25 times the pixels of 96 DPI
        Assert.Equal((1125, 600), Size(files[^1])); // two panels of at least 450 x 380 each, side by side, at 120 DPI
    }

    [Fact]
    public void Training_png_decodes_with_the_requested_size_and_svg_is_optional()
    {
        var runs = new[] { "rlr-s1", "ch3l3-s1" }.Select(r => RunHistory.Read(Golden("runs", r))).ToList();
        string file = TrainingFigures
            .Render(runs, _temp.File("training.png"), new FigureOptions(1000, 420), threshold: 0.95)
            .Single();
        Assert.Equal((1000, 420), Size(file));
        IReadOnlyList<string> withSvg = RobustnessFigures.Render(
            RobustnessCsv.Read(Golden("robustness.csv")),
            _temp.File("svg"),
            new FigureOptions(Svg: true)
        );
        Assert.Contains(withSvg, f => f.EndsWith("robustness-random.svg", StringComparison.Ordinal));
        Assert.Contains("<svg", File.ReadAllText(withSvg.First(f => f.EndsWith(".svg", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("model,method\nx,y\n", "{0}:1: not a robustness.csv")]
    [InlineData(
        RobustnessCsv.PreStructureHeader + "\na,rlr,mnist,1,random,zero,0,0.9,0.3,10,5\n",
        "{0}:2: a numeric field is not a number"
    )]
    [InlineData(RobustnessCsv.PreStructureHeader + "\na,rlr,mnist\n", "{0}:2: expected 11 fields, found 3")]
    [InlineData(
        RobustnessCsv.PreNetworkMeasuresHeader + "\na,rlr,mnist,1,random,0,0,0.9,0.3,10,5\n",
        "{0}:2: expected 14 fields, found 11"
    )]
    [InlineData(
        RobustnessCsv.PreNetworkMeasuresHeader + "\na,rlr,mnist,1,random,0,0,0.9,0.3,10,5,1,x,0\n",
        "{0}:2: a numeric field is not a number"
    )]
    [InlineData(
        RobustnessCsv.Header + "\na,rlr,mnist,1,random,0,0,0.9,0.3,10,5,1,2,0\n",
        "{0}:2: expected 18 fields, found 14"
    )]
    [InlineData(
        RobustnessCsv.PreRelativeHeader + "\na,rlr,mnist,1,random,0,0,0.9,0.3,10,5,1,2,0,1,0.2\n",
        "{0}:2: expected 17 fields, found 16"
    )]
    [InlineData(
        RobustnessCsv.Header + "\na,rlr,mnist,1,random,0,0,0.9,0.3,10,5,1,2,0,1,0.2,0.1,x\n",
        "{0}:2: a numeric field is not a number"
    )]
    [InlineData(RobustnessCsv.Header + "\n", "{0}: no rows after the header")]
    public void Bad_plot_inputs_are_one_line_errors(string content, string expectedStart)
    {
        string path = _temp.File("bad.csv");
        File.WriteAllText(path, content);
        Assert.StartsWith(
            string.Format(expectedStart, path),
            Assert.Throws<SparseGpuException>(() => RobustnessCsv.Read(path)).Message
        );
    }

    private static (int Width, int Height) Size(string png)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException($"{png} does not decode");
        return (bitmap.Width, bitmap.Height);
    }
}
