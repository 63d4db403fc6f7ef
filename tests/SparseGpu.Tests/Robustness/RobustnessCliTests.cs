using SparseGpu.Cli;
using SparseGpu.Plotting;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Robustness;

public sealed class RobustnessCliTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static string Golden(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Robustness", "Golden", .. parts]);

    [Fact]
    public void A_sweep_writes_csvs_figures_and_a_summary_table()
    {
        string output = fixture.Scratch("cli-sweep");
        string copy = fixture.Scratch("copy.ckpt");
        File.Copy(fixture.Model, copy, overwrite: true);
        CliRunner.Result result = CliRunner.Run(
            "robustness",
            "--model",
            fixture.Model,
            "--model",
            copy,
            "--levels",
            "0:1:0.5",
            "--epsilons",
            "0,0.1",
            "--repeats",
            "2",
            "--device",
            "cpu",
            "--data-dir",
            fixture.DataDirectory,
            "--no-download",
            "--out",
            output,
            "--width",
            "500",
            "--height",
            "400"
        );
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "robustness.csv")));
        Assert.True(File.Exists(Path.Combine(output, "summary.csv")));
        Assert.True(File.Exists(Path.Combine(output, "robustness-grid.png")));
        Assert.Equal(8, Directory.GetFiles(output, "*.png").Length); // 6 perturbations, the grid, percolation.png
        // Header + 2 models x 6.
        Assert.Equal(12 + 1, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void No_plots_means_only_the_csv_files_and_the_settings()
    {
        string output = fixture.Scratch("cli-no-plots");
        CliRunner.Result result = CliRunner.Run(
            "robustness",
            "--model",
            fixture.Model,
            "--perturbations",
            "reverse-weight-order",
            "--levels",
            "0,0.8",
            "--device",
            "cpu",
            "--data-dir",
            fixture.DataDirectory,
            "--no-download",
            "--out",
            output,
            "--no-plots"
        );
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.Equal(
            ["robustness.csv", "robustness.json", "summary.csv"],
            Directory.GetFiles(output).Select(Path.GetFileName).Order()
        );
    }

    [Fact]
    public void A_checkpoint_for_another_input_size_is_refused()
    {
        string other = fixture.Scratch("other-size.ckpt");
        var network = TestNetworks.Get("odd-sizes").Build(); // 35 inputs
        CheckpointFile.Write(
            other,
            new TrainingSettings { Hidden = [37, 29], Density = 0.3 },
            new TrainingState(network)
        );
        CliRunner.Result result = CliRunner.Run(
            "robustness",
            "--model",
            other,
            "--device",
            "cpu",
            "--data-dir",
            fixture.DataDirectory,
            "--no-download",
            "--out",
            fixture.Scratch("never")
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Equal(
            $"error: {other}: the model takes 35 inputs and gives 3 classes; mnist has 784 pixels and 10 classes",
            Assert.Single(result.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal))
        );
        Assert.False(Directory.Exists(fixture.Scratch("never")));
    }

    [Fact]
    public void The_same_model_twice_is_refused()
    {
        CliRunner.Result result = CliRunner.Run(
            "robustness",
            "--model",
            fixture.Model,
            "--model",
            fixture.Model,
            "--device",
            "cpu"
        );
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal(
            $"error: --model {fixture.Model} is given twice; see sparsegpu robustness --help",
            Assert.Single(result.ErrorLines)
        );
    }

    [Theory]
    [InlineData(
        new[] { "--repeats", "0" },
        "error: --repeats must be positive, got 0; see sparsegpu robustness --help"
    )]
    [InlineData(
        new[] { "--scope", "dense" },
        "error: --scope 'dense' is not valid; valid: sparse, all; see sparsegpu robustness --help"
    )]
    [InlineData(
        new[] { "--epsilons", "0:2:1" },
        "error: --epsilons: level 2 is outside [0, 1]; see sparsegpu robustness --help"
    )]
    [InlineData(
        new[] { "--width", "20" },
        "error: --width and --height must be between 100 and 20000 pixels, got 20x600; see sparsegpu robustness --help"
    )]
    public void Bad_options_are_one_line_usage_errors(string[] extra, string expected)
    {
        CliRunner.Result result = CliRunner.Run([
            "robustness",
            "--model",
            fixture.Model,
            "--device",
            "cpu",
            "--data-dir",
            fixture.DataDirectory,
            "--no-download",
            .. extra,
        ]);
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal(expected, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void Plot_redraws_training_and_robustness_figures_from_csv_files()
    {
        string training = fixture.Scratch("plots/training.png");
        CliRunner.Result trained = CliRunner.Run(
            "plot",
            "training",
            "--runs",
            Golden("runs", "rlr-s1"),
            "--runs",
            Golden("runs", "ch3l3-s1"),
            "--out",
            training,
            "--threshold",
            "0.95"
        );
        Assert.Equal(CliApp.Success, trained.ExitCode);
        Assert.True(File.Exists(training));

        string directory = fixture.Scratch("plots/robustness");
        CliRunner.Result robust = CliRunner.Run(
            "plot",
            "robustness",
            "--input",
            Golden("robustness.csv"),
            "--out",
            directory
        );
        Assert.Equal(CliApp.Success, robust.ExitCode);
        // Two perturbations, their grid, and percolation.png, which `robustness` draws and `plot` once did not.
        Assert.Equal(4, Directory.GetFiles(directory, "*.png").Length);
        Assert.True(File.Exists(Path.Combine(directory, PercolationFigure.File)));
    }

    [Theory]
    [InlineData(
        new[] { "plot", "histogram" },
        CliApp.UsageError,
        "error: unknown plot sub-verb 'histogram'; valid: training, robustness; see sparsegpu plot --help"
    )]
    [InlineData(
        new[] { "plot", "training" },
        CliApp.UsageError,
        "error: `plot training` needs --runs DIR; see sparsegpu plot training --help"
    )]
    [InlineData(
        new[] { "plot", "robustness" },
        CliApp.UsageError,
        "error: `plot robustness` needs --input FILE; see sparsegpu plot robustness --help"
    )]
    [InlineData(
        new[] { "plot", "training", "--runs", "/nonexistent/run" },
        CliApp.Failure,
        "error: /nonexistent/run: no metrics.csv (not a run directory)"
    )]
    public void Bad_plot_requests_are_one_line_errors(string[] args, int exitCode, string expected)
    {
        CliRunner.Result result = CliRunner.Run(args);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(expected, Assert.Single(result.ErrorLines));
    }
}
