using System.Text.Json;
using SparseGpu.Cli;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Reliability;

/// <summary>Values that used to crash or silently do nothing (issue 11, defects 5, 14, 23).</summary>
public sealed class CliValueTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Every path option of every verb, given "" (an unset $VAR) or blanks.</summary>
    [Theory]
    [InlineData("--out", "train", "--out", "")]
    [InlineData("--resume", "train", "--resume", "")]
    [InlineData("--data-dir", "train", "--data-dir", " ")]
    [InlineData("--model", "evaluate", "--model", "")]
    [InlineData("--data-dir", "evaluate", "--model", "m.ckpt", "--data-dir", "")]
    [InlineData("--model", "robustness", "--model", "a.ckpt", "--model", "")]
    [InlineData("--out", "robustness", "--model", "a.ckpt", "--out", "")]
    [InlineData("--input", "plot", "robustness", "--input", "")]
    [InlineData("--runs", "plot", "training", "--runs", "")]
    [InlineData("--out", "plot", "training", "--runs", "r", "--out", "")]
    [InlineData("--spec", "sweep", "--spec", "", "--out", "s")]
    [InlineData("--out", "sweep", "status", "--out", "")]
    [InlineData("--edges", "linkpred", "--edges", "")]
    [InlineData("--out", "linkpred", "--edges", "e.csv", "--out", "")]
    [InlineData("--data-dir", "data", "list", "--data-dir", "")]
    [InlineData("--data-dir", "bench", "--data-dir", "")]
    public void An_empty_path_is_a_one_line_error_naming_the_option(string option, params string[] args)
    {
        CliRunner.Result result = CliRunner.Run(args);
        Assert.NotEqual(CliApp.Success, result.ExitCode);
        Assert.Equal(
            $"error: {option} is empty (an unset variable?); give a value or leave the option out",
            Assert.Single(result.ErrorLines)
        );
    }

    [Theory]
    [InlineData(",")]
    [InlineData(" , ,")]
    public void A_perturbation_list_that_names_nothing_is_an_error(string list)
    {
        CliRunner.Result result = CliRunner.Run(
            "robustness",
            "--model",
            _temp.File("a.ckpt"),
            "--perturbations",
            list,
            "--out",
            _temp.File("r")
        );
        Assert.NotEqual(CliApp.Success, result.ExitCode);
        Assert.StartsWith(
            $"error: --perturbations '{list}' names no perturbation; valid: random, ",
            Assert.Single(result.ErrorLines)
        );
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "NaN")]
    [InlineData(3e38f, "Infinity")] // finite logits whose difference overflows: an image of class 0 costs +inf
    public void Evaluate_json_writes_a_loss_that_is_not_a_number(float poison, string expectedLoss)
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 20, test: 30);
        var settings = new TrainingSettings
        {
            Hidden = [16],
            Density = 0.1,
            Epochs = 1,
        };
        Network network = NetworkFactory.Create(settings.Shape(784, 10), settings.Seed);
        Array.Fill(network.Layers[^1].Bias, poison);
        network.Layers[^1].Bias[0] = -poison;
        string model = _temp.File("diverged.ckpt");
        CheckpointFile.Write(model, settings, new TrainingState(network));

        CliRunner.Result result = CliRunner.Run(
            "evaluate",
            "--model",
            model,
            "--json",
            "--device",
            "cpu",
            "--data-dir",
            _temp.Path,
            "--no-download"
        );
        Assert.True(CliApp.Success == result.ExitCode, result.Error);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.Equal(expectedLoss, json.RootElement.GetProperty("test_loss").GetString());
        Assert.Equal(30, json.RootElement.GetProperty("images").GetInt32());
    }
}
