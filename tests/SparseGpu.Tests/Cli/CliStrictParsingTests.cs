using SparseGpu.Cli;
using SparseGpu.Cli.Arguments;
using SparseGpu.Cli.Verbs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Cli;

/// <summary>The command lines of issue 12 that used to do something other than what was asked.</summary>
public sealed class CliStrictParsingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_option_without_its_value_no_longer_swallows_the_next_option()
    {
        // Used to train the default network for 10 epochs into ./epochs/ and exit 0.
        CliRunner.Result result = CliRunner.Run("train", "--out", "--epochs", "1", "--hidden", "20");
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal(
            "error: option --out needs a value (DIR), got the option --epochs; see sparsegpu train --help",
            Assert.Single(result.ErrorLines)
        );
        Assert.False(Directory.Exists("epochs"));
    }

    [Fact]
    public void A_stray_word_is_an_error()
    {
        CliRunner.Result result = CliRunner.Run("train", "--epochs", "3", "0.01");
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal("error: unexpected argument '0.01'; see sparsegpu train --help", Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData("plot training --help", "sparsegpu plot training: ")]
    [InlineData("sweep status --help", "sparsegpu sweep status: ")]
    [InlineData("train --epochs 3 --help", "sparsegpu train: ")]
    [InlineData("train -h", "sparsegpu train: ")]
    [InlineData("help train", "sparsegpu train: ")]
    [InlineData("help plot training", "sparsegpu plot training: ")]
    [InlineData("data verify -h", "sparsegpu data verify: ")]
    [InlineData("-h", "sparsegpu ")]
    [InlineData("help", "sparsegpu ")]
    public void Help_works_anywhere_on_the_line(string line, string start)
    {
        CliRunner.Result result = CliRunner.Run(line.Split(' '));
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.StartsWith(start, result.Output);
        Assert.Contains("Usage: sparsegpu", result.Output);
    }

    [Theory]
    [InlineData("plot", "error: plot needs a sub-verb: training | robustness; see sparsegpu plot --help")]
    [InlineData("data", "error: data needs a sub-verb: list | download | verify; see sparsegpu data --help")]
    [InlineData("plot training", "error: `plot training` needs --runs DIR; see sparsegpu plot training --help")]
    [InlineData(
        "sweep status --out x --jobs 2",
        "error: option --jobs does not apply to `sweep status` (only to: run); see sparsegpu sweep status --help"
    )]
    [InlineData(
        "sweep --out x --spec s.json --dpi 192",
        "error: option --dpi does not apply to `sweep run` (only to: aggregate, report); see sparsegpu sweep run --help"
    )]
    [InlineData(
        "train --epcohs 3",
        "error: unknown option --epcohs (did you mean --epochs?); see sparsegpu train --help"
    )]
    [InlineData(
        "train epochs 3",
        "error: unexpected argument 'epochs' (did you mean --epochs?); see sparsegpu train --help"
    )]
    [InlineData("trian", "error: unknown verb 'trian' (did you mean train?); verbs: ")]
    [InlineData(
        "plot trainig --runs a",
        "error: unknown plot sub-verb 'trainig' (did you mean training?); valid: training, robustness; see "
            + "sparsegpu plot --help"
    )]
    [InlineData("train --quiet=yes", "error: option --quiet takes no value, got 'yes'; see sparsegpu train --help")]
    [InlineData(
        "train --seed -1",
        "error: option --seed needs a non-negative integer, got '-1'; see sparsegpu train --help"
    )]
    public void Sub_verbs_scopes_and_typos_are_named(string line, string expected)
    {
        CliRunner.Result result = CliRunner.Run(line.Split(' '));
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.StartsWith(expected, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void Option_values_may_be_negative_numbers_or_follow_an_equals_sign()
    {
        var request = Assert.IsType<VerbRequest>(
            CommandLineReader.Read(["train", "--batch-size", "-3", "--out=-odd", "--lr=0.1"])
        );
        var options = Assert.IsType<TrainOptions>(CliApp.Bind(request));
        TrainingOverrides given = options.Settings.ToOverrides();
        Assert.Equal(-3, given[TrainingSettingCatalog.BatchSize]);
        Assert.Equal("-odd", options.Out);
        Assert.Equal(0.1, given[TrainingSettingCatalog.LearningRate]);
    }

    [Fact]
    public void The_old_option_names_still_work_with_a_deprecation_warning()
    {
        var request = Assert.IsType<VerbRequest>(
            CommandLineReader.Read(["train", "--batch", "16", "--lr", "0.05", "--regrowth", "ch3l3"])
        );
        TrainingOverrides given = Assert.IsType<TrainOptions>(CliApp.Bind(request)).Settings.ToOverrides();
        Assert.Equal(16, given[TrainingSettingCatalog.BatchSize]);
        Assert.Equal(0.05, given[TrainingSettingCatalog.LearningRate]);
        Assert.Equal("ch3l3", given[TrainingSettingCatalog.Method]);
        Assert.Equal(
            [
                "warning: --batch is deprecated and will be removed in the next release; use --batch-size",
                "warning: --lr is deprecated and will be removed in the next release; use --learning-rate",
                "warning: --regrowth is deprecated and will be removed in the next release; use --method",
            ],
            request.Warnings
        );

        // Through the program: the warning comes first, then the run's own outcome (here: no data, exit 1).
        CliRunner.Result result = CliRunner.Run(
            "train",
            "--batch",
            "16",
            "--dataset",
            "kmnist",
            "--data-dir",
            _temp.Path,
            "--no-download",
            "--out",
            _temp.File("run")
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.StartsWith("warning: --batch is deprecated", result.ErrorLines[0]);
        Assert.StartsWith("error: kmnist: not available", result.ErrorLines[1]);
    }

    [Fact]
    public void A_name_given_twice_by_old_and_new_spelling_is_given_twice()
    {
        CliRunner.Result result = CliRunner.Run("train", "--batch", "16", "--batch-size", "32");
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal(
            "error: option --batch-size is given twice; see sparsegpu train --help",
            Assert.Single(result.ErrorLines)
        );
    }

    [Theory]
    [InlineData("epochs", "epcohs", 1)]
    [InlineData("epochs", "epoch", 1)]
    [InlineData("learning-rate", "lerning-rate", 1)]
    [InlineData("abc", "abc", 0)]
    [InlineData("", "abc", 3)]
    public void Edit_distance_counts_swaps_as_one(string a, string b, int expected) =>
        Assert.Equal(expected, TypoHint.Distance(a, b));

    [Fact]
    public void Far_off_words_get_no_hint()
    {
        Assert.Null(TypoHint.Closest("zebra", ["epochs", "seed", "density"]));
        Assert.Equal("seed", TypoHint.Closest("sed", ["epochs", "seed", "density"]));
    }

    [Fact]
    public void The_version_is_printed()
    {
        CliRunner.Result result = CliRunner.Run("--version");
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.StartsWith("sparsegpu ", result.Output);
    }
}
