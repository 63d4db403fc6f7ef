using System.Text.RegularExpressions;
using SparseGpu.Cli;
using SparseGpu.Jobs;
using SparseGpu.Plotting;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Analysis;

/// <summary>
/// The files figures write beside the tables: a figure's CSV never takes a documented table's name (evolution.png's
/// numbers once overwrote evolution.csv), a redraw or re-analysis removes the figures it owns and no longer draws
/// (and nothing else), and `sweep report` shows the structure figures.
/// </summary>
public sealed class FigureFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string RobustnessGolden(string file) =>
        Path.Combine(AppContext.BaseDirectory, "Robustness", "Golden", file);

    /// <summary>A two-epoch RLR run on synthetic MNIST with a snapshot every epoch (for evolution.csv).</summary>
    private string TrainedRun()
    {
        string data = IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 120, test: 40);
        string run = _temp.File("run");
        TrainingJob.Run(
            new TrainingJobRequest
            {
                Overrides = TrainingOverrides
                    .None.With(TrainingSettingCatalog.Hidden, [30, 20])
                    .With(TrainingSettingCatalog.Density, SparseGpu.Model.Densities.Uniform(0.1))
                    .With(TrainingSettingCatalog.Epochs, 2)
                    .With(TrainingSettingCatalog.BatchSize, 20)
                    .With(TrainingSettingCatalog.Seed, 5UL)
                    .With(TrainingSettingCatalog.Method, "rlr"),
                OutDirectory = run,
                Device = "cpu",
                DataDirectory = data,
                AllowDownload = false,
                SnapshotEvery = 1,
            },
            SilentReporter.Instance,
            CancellationToken.None
        );
        return run;
    }

    /// <summary>Every `NAME.csv` the documentation names as a table: all but its mentions of figure CSVs
    /// (NAME.figure.csv, which no table may be called).</summary>
    private static HashSet<string> DocumentedCsvNames()
    {
        string readme = string.Concat(Documentation.Guides.Select(g => File.ReadAllText(Documentation.PathOf(g))));
        return Regex
            .Matches(readme, @"`([A-Za-z0-9_.\-]+\.csv)`")
            .Select(m => m.Groups[1].Value)
            .Where(name => !name.EndsWith(FigureCsv.Suffix, StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void Analyze_with_figures_writes_the_same_evolution_table_as_without()
    {
        string run = TrainedRun();
        string plotted = _temp.File("plotted"),
            plain = _temp.File("plain");
        Assert.Equal(CliApp.Success, CliRunner.Run("analyze", "--runs", run, "--out", plotted).ExitCode);
        Assert.Equal(CliApp.Success, CliRunner.Run("analyze", "--runs", run, "--out", plain, "--no-plots").ExitCode);
        Assert.True(File.Exists(Path.Combine(plotted, "evolution.png")));
        // Before FigureCsv, evolution.png's numbers were written over this table.
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(plain, "evolution.csv")),
            File.ReadAllBytes(Path.Combine(plotted, "evolution.csv"))
        );
        Assert.StartsWith(
            FigureTable.Header,
            File.ReadAllText(Path.Combine(plotted, "evolution" + FigureCsv.Suffix)),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void No_figure_csv_takes_the_name_of_a_documented_table()
    {
        HashSet<string> documented = DocumentedCsvNames();
        Assert.Contains("evolution.csv", documented);
        Assert.Contains("robustness.csv", documented);
        Assert.Contains("link-age.csv", documented);

        // Every figure the analysis and the plot verbs draw, with the CSV of its numbers.
        string run = TrainedRun();
        string output = _temp.File("figures");
        Assert.Equal(CliApp.Success, CliRunner.Run("analyze", "--runs", run, "--out", output).ExitCode);
        Assert.Equal(
            CliApp.Success,
            CliRunner.Run("plot", "training", "--runs", run, "--out", Path.Combine(output, "training.png")).ExitCode
        );
        Assert.Equal(
            CliApp.Success,
            CliRunner.Run("plot", "robustness", "--input", RobustnessGolden("robustness.csv"), "--out", output).ExitCode
        );
        string[] images = Directory.GetFiles(output, "*.png");
        Assert.True(images.Length >= 10, $"only {images.Length} figures drawn");
        foreach (string image in images)
        {
            string csv = FigureCsv.Of(image);
            Assert.True(File.Exists(csv), $"{image} has no {Path.GetFileName(csv)}");
            Assert.DoesNotContain(Path.GetFileName(csv), documented);
        }
        string[] tables = ["structure.csv", "network.csv", "overlap.csv", "evolution.csv", "link-age.csv"];
        Assert.All(
            Directory.GetFiles(output, "*.csv").Select(Path.GetFileName),
            name => Assert.True(tables.Contains(name) || name!.EndsWith(FigureCsv.Suffix, StringComparison.Ordinal))
        );
    }

    [Fact]
    public void A_reanalysis_removes_the_figures_it_no_longer_draws_and_nothing_else()
    {
        string run = TrainedRun();
        string output = _temp.File("analysis");
        Assert.Equal(CliApp.Success, CliRunner.Run("analyze", "--runs", run, "--out", output).ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "evolution.png")));
        File.WriteAllText(Path.Combine(output, "hubs.csv"), "a figure's numbers under their name of before");
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(output, "hubs-by-hand.png"), "mine too");

        // The same model without its snapshots: no evolution any more.
        CliRunner.Result again = CliRunner.Run("analyze", "--model", new RunDirectory(run).Model, "--out", output);
        Assert.Equal(CliApp.Success, again.ExitCode);
        foreach (string gone in new[] { "evolution.png", "evolution" + FigureCsv.Suffix, "evolution.csv", "hubs.csv" })
            Assert.False(File.Exists(Path.Combine(output, gone)), $"{gone} was left by the earlier analysis");
        Assert.Contains(again.ErrorLines, l => l == "removed evolution.png, left by an earlier analysis");
        foreach (string kept in new[] { "notes.txt", "hubs-by-hand.png", "hubs.png", "structure.csv" })
            Assert.True(File.Exists(Path.Combine(output, kept)), $"{kept} was removed");
    }

    [Fact]
    public void A_robustness_redraw_replaces_its_own_figures_and_keeps_the_tables()
    {
        string directory = _temp.File("robustness");
        Directory.CreateDirectory(directory);
        File.Copy(RobustnessGolden("robustness.csv"), Path.Combine(directory, "robustness.csv"));
        // An earlier sweep's figures: a perturbation no longer swept, in every form, and an old-style figure CSV.
        string[] stale =
        [
            "robustness-shuffle.png",
            "robustness-shuffle.svg",
            "robustness-shuffle" + FigureCsv.Suffix,
            "robustness-shuffle.csv",
            "robustness-random-kmnist.png",
            "robustness-random.csv",
        ];
        string[] mine = ["summary.csv", "robustness-summary.csv", "notes.txt", "robustness-random-notes.txt"];
        foreach (string file in stale.Concat(mine))
            File.WriteAllText(Path.Combine(directory, file), "earlier");

        CliRunner.Result result = CliRunner.Run(
            "plot",
            "robustness",
            "--input",
            Path.Combine(directory, "robustness.csv")
        );
        Assert.Equal(CliApp.Success, result.ExitCode);
        foreach (string file in stale)
            Assert.False(File.Exists(Path.Combine(directory, file)), $"{file} was left beside the new figures");
        foreach (string file in mine.Append("robustness.csv"))
            Assert.True(File.Exists(Path.Combine(directory, file)), $"{file} was removed");
        Assert.True(File.Exists(Path.Combine(directory, "robustness-random.png")));
        Assert.True(File.Exists(Path.Combine(directory, PercolationFigure.File)));
    }

    [Fact]
    public void The_report_shows_every_structure_figure_and_the_robustness_grids_only()
    {
        string aggregate = _temp.File("aggregate");
        string[] files =
        [
            "training-mnist.png",
            "structure-mnist/degree-ccdf.png",
            "structure-mnist/hubs.png",
            "structure-mnist/input-maps.png",
            "robustness-mnist/robustness-grid.png",
            "robustness-mnist/robustness-random.png",
        ];
        foreach (string file in files)
        {
            string path = Path.Combine(aggregate, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "png");
        }
        Assert.Equal(
            files.Take(5).Select(f => Path.Combine(aggregate, f)).Order(StringComparer.Ordinal),
            SweepReport.Figures(aggregate).Order(StringComparer.Ordinal)
        );
    }
}
