using SparseGpu.Cli;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Reliability;

/// <summary>
/// What `train --out` and `--resume` do with what a directory already holds (issue 11, defects 7, 17, 18, 19, 22).
/// </summary>
public sealed class RunDirectoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public RunDirectoryTests() => IdxFiles.WriteSyntheticMnist(_temp.Path, train: 64, test: 32);

    public void Dispose() => _temp.Dispose();

    private CliRunner.Result Train(string run, params string[] extra) =>
        CliRunner.Run([
            "train",
            "--data-dir",
            _temp.Path,
            "--no-download",
            "--device",
            "cpu",
            "--hidden",
            "16",
            "--density",
            "0.1",
            .. extra.Contains("--epochs") ? Array.Empty<string>() : ["--epochs", "1"],
            "--quiet",
            "--out",
            run,
            .. extra,
        ]);

    /// <summary>`train --resume <paramref name="checkpoint"/> --epochs <paramref name="epochs"/>` on this test's
    /// data, with <paramref name="extra"/> options.</summary>
    private CliRunner.Result Resume(string checkpoint, int epochs, params string[] extra) =>
        CliRunner.Run([
            "train",
            "--resume",
            checkpoint,
            "--epochs",
            epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. extra,
            "--data-dir",
            _temp.Path,
            "--no-download",
            "--device",
            "cpu",
            "--quiet",
        ]);

    [Fact]
    public void A_run_that_diverges_before_its_first_checkpoint_says_so_and_the_same_out_can_be_used_again()
    {
        string run = _temp.File("run");
        CliRunner.Result diverged = Train(run, "--learning-rate", "1e38");
        Assert.Equal(CliApp.Failure, diverged.ExitCode);
        string line = Assert.Single(diverged.ErrorLines);
        Assert.StartsWith("error: training diverged in epoch 1: ", line);
        Assert.Contains("no checkpoint was written", line);
        Assert.DoesNotContain("checkpoint is kept", line);
        Assert.False(File.Exists(Path.Combine(run, "model.ckpt")));

        CliRunner.Result again = Train(run);
        Assert.True(again.ExitCode == CliApp.Success, again.Error);
        Assert.True(File.Exists(Path.Combine(run, "model.ckpt")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
    }

    [Fact]
    public void A_directory_with_another_programs_config_json_is_refused_and_left_alone()
    {
        string run = _temp.File("foreign");
        Directory.CreateDirectory(run);
        string config = Path.Combine(run, "config.json");
        File.WriteAllText(config, """{"compilerOptions": {"strict": true}}""");
        CliRunner.Result result = Train(run);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Equal(
            $"error: {config}: exists and is not a SparseGpu run's config.json; choose another --out",
            Assert.Single(result.ErrorLines)
        );
        Assert.Equal("""{"compilerOptions": {"strict": true}}""", File.ReadAllText(config));
    }

    [SkippableTheory]
    [InlineData("config.json", "exists and is not a SparseGpu run's config.json; choose another --out")]
    [InlineData("metrics.csv", "holds metrics of a run but no model.ckpt to resume from; choose another --out")]
    public void A_file_in_the_out_directory_that_is_a_device_is_refused_without_reading_it(string name, string reason)
    {
        // What `train --out` reads of a directory's earlier run is bounded like any input file: a symbolic link to
        // /dev/zero used to be read until memory ran out ("Out of memory.", exit 134 under a 1 GiB heap limit).
        Skip.IfNot(File.Exists("/dev/zero"), "needs /dev/zero");
        string run = _temp.File("devices");
        Directory.CreateDirectory(run);
        File.CreateSymbolicLink(Path.Combine(run, name), "/dev/zero");
        long before = GC.GetAllocatedBytesForCurrentThread();
        CliRunner.Result result = Train(run);
        Assert.True(
            GC.GetAllocatedBytesForCurrentThread() - before < 256 << 20,
            "a device must not be read until memory runs out"
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.EndsWith(reason, Assert.Single(result.ErrorLines));
    }

    [SkippableFact]
    public void A_resume_whose_metrics_file_is_a_device_is_refused_without_reading_it()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "needs /dev/zero");
        string run = _temp.File("resumed");
        Assert.Equal(CliApp.Success, Train(run).ExitCode);
        string metrics = Path.Combine(run, "metrics.csv");
        File.Delete(metrics);
        File.CreateSymbolicLink(metrics, "/dev/zero");
        long before = GC.GetAllocatedBytesForCurrentThread();
        CliRunner.Result result = Resume(Path.Combine(run, "model.ckpt"), 2);
        Assert.True(
            GC.GetAllocatedBytesForCurrentThread() - before < 256 << 20,
            "a device must not be read until memory runs out"
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.StartsWith($"error: {metrics}: not a regular file", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void Resuming_from_an_older_kept_checkpoint_in_the_same_directory_is_refused_but_a_new_out_branches()
    {
        string run = _temp.File("run");
        Assert.Equal(CliApp.Success, Train(run, "--epochs", "2", "--checkpoint-every", "1").ExitCode);
        string kept = Path.Combine(run, "checkpoint-epoch-0001.ckpt");
        byte[] latest = File.ReadAllBytes(Path.Combine(run, "model.ckpt"));

        CliRunner.Result rewind = Resume(kept, 3);
        Assert.Equal(CliApp.Failure, rewind.ExitCode);
        Assert.Equal(
            $"error: {kept}: is at epoch 1, but {Path.Combine(run, "model.ckpt")} is at epoch 2; "
                + "resuming into the same "
                + "directory would discard the later epochs; give a new --out to branch from it",
            Assert.Single(rewind.ErrorLines)
        );
        Assert.Equal(latest, File.ReadAllBytes(Path.Combine(run, "model.ckpt")));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);

        string branch = _temp.File("branch");
        CliRunner.Result branched = Resume(kept, 3, "--out", branch);
        Assert.True(branched.ExitCode == CliApp.Success, branched.Error);
        Assert.Equal(3, CheckpointFile.Read(Path.Combine(branch, "model.ckpt")).State.CompletedEpochs);
    }

    [SkippableFact]
    public void The_same_model_through_a_symbolic_or_hard_link_counts_once()
    {
        Skip.If(OperatingSystem.IsWindows(), "links");
        string model = _temp.File("model.ckpt");
        File.WriteAllText(model, "any content: the check comes first");
        string symbolic = _temp.File("symbolic.ckpt");
        File.CreateSymbolicLink(symbolic, model);
        string hard = _temp.File("hard.ckpt");
        using (var ln = System.Diagnostics.Process.Start("ln", [model, hard]))
            ln.WaitForExit();

        foreach (string other in new[] { symbolic, hard })
        {
            CliRunner.Result result = CliRunner.Run(
                "robustness",
                "--model",
                model,
                "--model",
                other,
                "--out",
                _temp.File("r")
            );
            Assert.NotEqual(CliApp.Success, result.ExitCode);
            Assert.Equal(
                $"error: --model {other} is the same file as {model}; see sparsegpu robustness --help",
                Assert.Single(result.ErrorLines)
            );
        }
    }

    [Theory]
    [InlineData(0, 10, "training")]
    [InlineData(20, 0, "test")]
    public void An_empty_training_or_test_set_is_its_own_error_not_a_divergence(int train, int test, string emptySet)
    {
        using var empty = new TempDirectory();
        IdxFiles.WriteSyntheticMnist(empty.Path, train, test);
        CliRunner.Result result = CliRunner.Run(
            "train",
            "--data-dir",
            empty.Path,
            "--no-download",
            "--device",
            "cpu",
            "--hidden",
            "16",
            "--density",
            "0.1",
            "--epochs",
            "1",
            "--quiet",
            "--out",
            empty.File("run")
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.EndsWith($"the {emptySet} set has no images", line);
        Assert.DoesNotContain("diverged", line);
    }
}
