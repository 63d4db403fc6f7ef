using SparseGpu.Cli;
using SparseGpu.Cli.Arguments;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Cli;

/// <summary>Every bad input is one line on stderr naming the problem, and a non-zero exit code.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string[] Train(params string[] extra) =>
        ["train", "--data-dir", _temp.Path, "--no-download", "--out", _temp.File("run"), .. extra];

    // Option values out of range or not among the names are usage errors (2): the fix is in the command line.
    [Theory]
    [InlineData(new[] { "train", "--density", "1.5" }, "error: --density must be in (0, 1], got 1.5")]
    [InlineData(new[] { "train", "--density", "0" }, "error: --density must be in (0, 1], got 0")]
    [InlineData(new[] { "train", "--zeta", "1" }, "error: --zeta must be in [0, 1), got 1")]
    [InlineData(new[] { "train", "--epochs", "0" }, "error: --epochs must be positive, got 0")]
    [InlineData(new[] { "train", "--batch-size", "-3" }, "error: --batch-size must be positive, got -3")]
    [InlineData(new[] { "train", "--hidden", "100,-5" }, "error: --hidden widths must be positive, got -5")]
    [InlineData(new[] { "train", "--hidden", "100,x" }, "error: --hidden: 'x' is not an integer")]
    [InlineData(
        new[] { "train", "--dataset", "cifar10" },
        "error: unknown data set 'cifar10'; valid: mnist, fashion-mnist, kmnist, emnist-letters"
    )]
    [InlineData(
        new[] { "train", "--method", "gradient" },
        "error: --method 'gradient' is not valid; valid: rlr, ch3l3, none, imp, set, rigl, chts"
    )]
    [InlineData(new[] { "train", "--method", "set", "--set-zeta", "1" }, "error: --set-zeta must be in (0, 1), got 1")]
    [InlineData(new[] { "train", "--method", "set", "--set-zeta", "0" }, "error: --set-zeta must be in (0, 1), got 0")]
    [InlineData(
        new[] { "train", "--set-zeta", "0.2" },
        "error: --set-zeta applies to --method set only; --method rlr removes by --zeta"
    )]
    [InlineData(new[] { "train", "--init", "ba" }, "error: --init 'ba' is not valid; valid: er, csti, ws")]
    [InlineData(
        new[] { "train", "--init", "ws" },
        "error: --init ws needs --ws-beta B, the probability in [0, 1] that a lattice link is rewired"
    )]
    [InlineData(new[] { "train", "--init", "ws", "--ws-beta", "1.5" }, "error: --ws-beta must be in [0, 1], got 1.5")]
    [InlineData(new[] { "train", "--init", "ws", "--ws-beta", "-0.1" }, "error: --ws-beta must be in [0, 1], got -0.1")]
    [InlineData(
        new[] { "train", "--ws-beta", "0.5" },
        "error: --ws-beta applies to --init ws only; the run has --init er"
    )]
    [InlineData(
        new[] { "train", "--init", "csti", "--ws-beta", "0.5" },
        "error: --ws-beta applies to --init ws only; the run has --init csti"
    )]
    [InlineData(
        new[] { "train", "--method", "rigl", "--rigl-delta-t", "0" },
        "error: --rigl-delta-t must be a positive number of epochs, got 0"
    )]
    [InlineData(
        new[] { "train", "--method", "rigl", "--rigl-alpha", "1.5" },
        "error: --rigl-alpha must be in (0, 1), got 1.5"
    )]
    [InlineData(
        new[] { "train", "--method", "rigl", "--rigl-alpha", "0" },
        "error: --rigl-alpha must be in (0, 1), got 0"
    )]
    [InlineData(
        new[] { "train", "--method", "rigl", "--rigl-t-end", "0" },
        "error: --rigl-t-end must be a positive epoch, got 0"
    )]
    [InlineData(
        new[] { "train", "--method", "rigl", "--rigl-batches", "-1" },
        "error: --rigl-batches must be a positive number of batches, got -1"
    )]
    [InlineData(
        new[] { "train", "--rigl-alpha", "0.2" },
        "error: --rigl-alpha applies to --method rigl only, not --method rlr"
    )]
    [InlineData(
        new[] { "train", "--method", "set", "--rigl-delta-t", "2" },
        "error: --rigl-delta-t applies to --method rigl only, not --method set"
    )]
    [InlineData(
        new[] { "train", "--predictor", "ch2l3" },
        "error: --predictor applies to --method chts only; --method rlr does not sample by a predictor's scores"
    )]
    [InlineData(
        new[] { "train", "--method", "ch3l3", "--predictor", "ch3l3n" },
        "error: --predictor applies to --method chts only; --method ch3l3 does not sample by a predictor's scores"
    )]
    [InlineData(
        new[] { "train", "--method", "chts", "--predictor", "ch4l3" },
        "error: --predictor 'ch4l3' is not valid; valid: ch3l3, ch3l3n, ch2l3, ch2l3n"
    )]
    [InlineData(
        new[] { "train", "--method", "none", "--chain-removal" },
        "error: --chain-removal needs a method that evolves the topology; --method none does not"
    )]
    [InlineData(
        new[] { "train", "--device", "tpu" },
        "error: --device 'tpu' is not valid; valid: auto, cuda, opencl, cpu, ilgpu-cpu"
    )]
    [InlineData(
        new[] { "train", "--seeds", "1,x" },
        "error: --seeds must be comma-separated non-negative integers, got '1,x'"
    )]
    [InlineData(new[] { "train", "--seeds", "1,2,1" }, "error: --seeds names a seed twice: '1,2,1'")]
    [InlineData(
        new[] { "train", "--seeds", "1,2", "--seed", "3" },
        "error: --seeds and --seed exclude each other: give the seeds in --seeds"
    )]
    [InlineData(
        new[] { "train", "--progress-every", "0" },
        "error: --progress-every must be a positive number of seconds, got 0"
    )]
    [InlineData(
        new[] { "data", "download", "mnist", "--progress-every", "-1" },
        "error: --progress-every must be a positive number of seconds, got -1"
    )]
    [InlineData(
        new[] { "data", "download" },
        "error: data download needs a data set name; valid: mnist, fashion-mnist, kmnist, emnist-letters"
    )]
    public void Invalid_values_are_one_line_usage_errors_naming_the_option_and_the_valid_values(
        string[] args,
        string expected
    )
    {
        var withDataDir = args[0] == "train" ? Train(args[1..]) : [.. args, "--data-dir", _temp.Path];
        CliRunner.Result result = CliRunner.Run(withDataDir);
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        string topic = args[0] == "train" ? "train" : $"{args[0]} {args[1]}";
        Assert.Equal($"{expected}; see sparsegpu {topic} --help", Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData(
        new[] { "train", "--lerning-rate", "0.1" },
        "error: unknown option --lerning-rate (did you mean --learning-rate?); see sparsegpu train --help"
    )]
    [InlineData(
        new[] { "train", "--epochs", "many" },
        "error: option --epochs needs an integer, got 'many'; see sparsegpu train --help"
    )]
    [InlineData(new[] { "evaluate" }, "error: missing required option --model FILE; see sparsegpu evaluate --help")]
    [InlineData(
        new[] { "data", "shuffle" },
        "error: unknown data sub-verb 'shuffle'; valid: list, download, verify; see sparsegpu data --help"
    )]
    public void Usage_errors_are_one_line_with_exit_code_two(string[] args, string expected)
    {
        CliRunner.Result result = CliRunner.Run(args);
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal(expected, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void A_missing_or_unknown_verb_lists_the_verbs()
    {
        string verbs = string.Join(", ", VerbCatalog.Names);
        Assert.StartsWith("analyze, bench, data, devices, evaluate, export, kernels, ", verbs);
        CliRunner.Result none = CliRunner.Run();
        Assert.Equal(CliApp.UsageError, none.ExitCode);
        Assert.Equal($"error: no verb given; verbs: {verbs}; see sparsegpu --help", Assert.Single(none.ErrorLines));
        CliRunner.Result unknown = CliRunner.Run("fly");
        Assert.Equal(CliApp.UsageError, unknown.ExitCode);
        Assert.Equal(
            $"error: unknown verb 'fly'; verbs: {verbs}; see sparsegpu --help",
            Assert.Single(unknown.ErrorLines)
        );
    }

    [Fact]
    public void Help_is_printed_on_request()
    {
        CliRunner.Result result = CliRunner.Run("train", "--help");
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.Contains("--method", result.Output);
        Assert.Contains("--checkpoint-every", result.Output);
    }

    [Fact]
    public void A_device_that_is_not_there_lists_what_is()
    {
        CliRunner.Result result = CliRunner.Run(Train("--device", "cuda", "--train-limit", "50", "--hidden", "20"));
        Skip.If(result.ExitCode == CliApp.Success, "this machine has a CUDA device");
        string line = Assert.Single(result.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.StartsWith(
            "error: --device cuda: no such device here; available: cpu (fast CPU path), ilgpu-cpu (ILGPU CPU "
                + "accelerator)",
            line
        );
        // ...and why the CUDA driver gave none (DriverLibraryTests checks the reasons themselves).
        Assert.Contains("; CUDA driver: ", line);
    }

    [Fact]
    public void A_corrupt_checkpoint_is_named()
    {
        string path = _temp.File("broken.ckpt");
        File.WriteAllText(
            path,
            "SPGPUCKP and then nonsense that is long enough to pass the length check of the header"
        );
        CliRunner.Result result = CliRunner.Run("evaluate", "--model", path, "--data-dir", _temp.Path, "--no-download");
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Matches(
            $"^error: {System.Text.RegularExpressions.Regex.Escape(path)}: checkpoint format version \\d+ is not "
                + "supported",
            Assert.Single(result.ErrorLines)
        );
    }

    [Fact]
    public void Evaluate_refuses_a_model_on_another_data_set_as_robustness_does()
    {
        // Issue 26 §3.5: `evaluate --dataset fashion-mnist` scored an MNIST model silently.
        string model = _temp.File("model.ckpt");
        var network = Analysis.HandBuiltNetworks.Build(Analysis.HandBuiltNetworks.Random([784, 9, 10], 0.3, 21));
        SparseGpu.Runs.CheckpointFile.Write(
            model,
            new SparseGpu.Training.TrainingSettings { Hidden = [9], Density = 0.3 },
            new SparseGpu.Training.TrainingState(network)
        );
        foreach (string verb in new[] { "evaluate", "robustness" })
        {
            CliRunner.Result result = CliRunner.Run(verb, "--model", model, "--dataset", "fashion-mnist");
            Assert.Equal(CliApp.Failure, result.ExitCode);
            Assert.Equal(
                $"error: {model}: the model was trained on mnist, not fashion-mnist",
                Assert.Single(result.ErrorLines)
            );
        }
    }

    [Fact]
    public void Missing_data_is_named_with_its_files()
    {
        CliRunner.Result result = CliRunner.Run(Train("--dataset", "kmnist"));
        Assert.Equal(CliApp.Failure, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(
            $"error: kmnist: not available in {Path.Combine(_temp.Path, "kmnist")}: missing train-images-idx3-ubyte.gz",
            line
        );
        Assert.False(Directory.Exists(_temp.File("run")), "a failed start must not leave a run directory");
    }
}
