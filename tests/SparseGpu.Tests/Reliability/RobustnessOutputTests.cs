using SparseGpu.Cli;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Robustness;

namespace SparseGpu.Tests.Reliability;

/// <summary>robustness --out: checked before the sweep, and cleared of an older result's figures (issue 11, defect
/// 22).</summary>
public sealed class RobustnessOutputTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    /// <summary>One perturbation at two levels into <paramref name="output"/>, without figures.</summary>
    private CliRunner.Result SmallSweepInto(string output) =>
        CliRunner.Run(
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

    [Fact]
    public void An_older_results_figures_do_not_stay_beside_new_csvs()
    {
        string output = fixture.Scratch("older-result");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "robustness-noise.png"), "an older figure");
        File.WriteAllText(Path.Combine(output, "notes.txt"), "the user's own file");
        CliRunner.Result result = SmallSweepInto(output);
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.Equal(
            ["notes.txt", "robustness.csv", "robustness.json", "summary.csv"],
            Directory.GetFiles(output).Select(Path.GetFileName).Order()
        );
    }

    [SkippableFact]
    public void An_out_whose_robustness_json_is_a_device_is_refused_without_reading_it()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "needs /dev/zero");
        string output = fixture.Scratch("device-manifest");
        Directory.CreateDirectory(output);
        string manifest = Path.Combine(output, "robustness.json");
        File.CreateSymbolicLink(manifest, "/dev/zero");
        long before = GC.GetAllocatedBytesForCurrentThread();
        CliRunner.Result result = SmallSweepInto(output);
        Assert.True(
            GC.GetAllocatedBytesForCurrentThread() - before < 256 << 20,
            "a device must not be read until memory runs out"
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.StartsWith($"error: {manifest}: not a regular file", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void An_out_that_cannot_be_written_is_refused_before_the_sweep()
    {
        string blocker = fixture.Scratch("a-file");
        File.WriteAllText(blocker, "a file where a directory should go");
        string output = Path.Combine(blocker, "results");
        CliRunner.Result result = CliRunner.Run(
            "robustness",
            "--model",
            fixture.Model,
            "--device",
            "cpu",
            "--data-dir",
            fixture.DataDirectory,
            "--no-download",
            "--out",
            output
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.StartsWith($"error: {output}: --out is not writable", Assert.Single(result.ErrorLines));
    }
}
