using SparseGpu.Cli;
using SparseGpu.Jobs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>A sweep directory belongs to one spec; damaged files in one run folder cost that run, never the
/// sweep.</summary>
public sealed class SweepDirectoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public SweepDirectoryTests() => IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 80, test: 40);

    public void Dispose() => _temp.Dispose();

    private string Spec(int epochs = 1, string comment = "")
    {
        string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(
            path,
            $$"""
            { {{comment}}
              "name": "tiny", "datasets": ["mnist"], "methods": ["rlr"], "seeds": [1, 2],
              "training": { "epochs": {{epochs}}, "hidden": [20], "density": 0.2, "batch_size": 20 },
              "device": "cpu"
            }
            """
        );
        return path;
    }

    private CliRunner.Result Sweep(string spec, string output, params string[] extra) =>
        CliRunner.Run([
            "sweep",
            "--spec",
            spec,
            "--out",
            output,
            "--data-dir",
            _temp.File("data"),
            "--no-download",
            "--threads",
            "1",
            .. extra,
        ]);

    private SweepRequest Request(string spec, string output) =>
        new()
        {
            Spec = spec,
            OutDirectory = output,
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
            Threads = 1,
        };

    [Fact]
    public void Sweep_out_of_another_spec_is_refused_unless_forced()
    {
        string output = _temp.File("sweep");
        string first = Spec(epochs: 1);
        Assert.Equal(CliApp.Success, Sweep(first, output).ExitCode);
        Assert.Equal(
            CliApp.Success,
            Sweep(Spec(epochs: 1, comment: "// the same study, reformatted"), output).ExitCode
        );

        string other = Spec(epochs: 2);
        CliRunner.Result refused = Sweep(other, output);
        Assert.Equal(CliApp.Failure, refused.ExitCode);
        Assert.Equal(
            $"error: {output}: holds the sweep of another spec (its sweep.json differs from {other}); "
                + "choose another --out, or give --force to replace it",
            refused.ErrorLines[^1]
        );
        Assert.Equal(File.ReadAllText(first), File.ReadAllText(Path.Combine(output, "sweep.json")));
        // Issue 26 §3.9: the dry run listed that folder's runs as done and pending instead of refusing.
        CliRunner.Result dry = Sweep(other, output, "--dry-run");
        Assert.Equal(CliApp.Failure, dry.ExitCode);
        Assert.Equal(refused.ErrorLines[^1], Assert.Single(dry.ErrorLines));
        Assert.Empty(dry.Output);
        CliRunner.Result forcedDry = Sweep(other, output, "--dry-run", "--force");
        Assert.Equal(CliApp.Success, forcedDry.ExitCode);
        Assert.StartsWith("replacing ", Assert.Single(forcedDry.ErrorLines));
        Assert.Equal(File.ReadAllText(first), File.ReadAllText(Path.Combine(output, "sweep.json")));

        CliRunner.Result forced = Sweep(other, output, "--force");
        Assert.Equal(CliApp.Success, forced.ExitCode);
        Assert.Equal(File.ReadAllText(other), File.ReadAllText(Path.Combine(output, "sweep.json")));
    }

    [Fact]
    public void Aggregate_clears_the_outputs_it_owns_before_writing()
    {
        string sweep = GoldenSweep.CopyTo(_temp.File("golden"));
        string aggregate = Path.Combine(sweep, "aggregate");
        Directory.CreateDirectory(Path.Combine(aggregate, "robustness-kmnist"));
        foreach (
            string stale in new[]
            {
                "training-kmnist.png",
                "robustness.csv",
                "robustness-methods.csv",
                "robustness-kmnist/robustness-grid.png",
                "notes.txt",
            }
        )
            File.WriteAllText(Path.Combine(aggregate, stale), "left by an earlier aggregate");
        foreach (
            string csv in Directory.GetFiles(Path.Combine(sweep, "runs"), "robustness.csv", SearchOption.AllDirectories)
        )
            File.Delete(csv);

        Assert.Equal(CliApp.Success, CliRunner.Run("sweep", "aggregate", "--out", sweep).ExitCode);
        Assert.Equal(
            [
                "accuracy.csv",
                "metrics.csv",
                "notes.txt",
                "report.md",
                "training-mnist.figure.csv",
                "training-mnist.png",
            ],
            Directory.GetFiles(aggregate).Select(Path.GetFileName).Order()
        );
        Assert.Empty(Directory.GetDirectories(aggregate));
    }

    [Fact]
    public void Damaged_markers_are_reported_per_run_and_never_stop_the_sweep_or_its_status()
    {
        string output = _temp.File("damaged");
        string spec = Spec();
        Assert.All(
            SweepRunner.Run(Request(spec, output), new QuietSweep(), CancellationToken.None),
            o => Assert.Equal(RunOutcomeKind.Completed, o.Kind)
        );
        var (_, runs) = SweepRunner.Plan(Request(spec, output));
        var first = new RunFolder(output, runs[0]);
        var second = new RunFolder(output, runs[1]);
        File.WriteAllText(first.CompleteMarker, "{\"id\": ");
        File.WriteAllText(second.FailedMarker, "[1, 2]");
        File.Delete(second.CompleteMarker);
        File.WriteAllText(second.Lock, "\u0000garbage");
        File.SetLastWriteTimeUtc(second.Lock, DateTime.UtcNow - TimeSpan.FromHours(1));

        CliRunner.Result status = CliRunner.Run("sweep", "status", "--out", output);
        Assert.Equal(CliApp.Success, status.ExitCode);
        Assert.Contains($"{first.CompleteMarker}: damaged", status.Output);
        Assert.Contains($"{second.FailedMarker}: damaged", status.Output);

        IReadOnlyList<RunOutcome> again = SweepRunner.Run(
            Request(spec, output),
            new QuietSweep(),
            CancellationToken.None
        );
        Assert.All(again, o => Assert.Equal(RunOutcomeKind.Completed, o.Kind));
        Assert.All(SweepRunner.Status(output), s => Assert.Equal(RunState.Done, s.State));
    }

    [Fact]
    public void A_run_folder_that_cannot_be_used_fails_that_run_only()
    {
        string output = _temp.File("blocked");
        string spec = Spec();
        var (_, runs) = SweepRunner.Plan(Request(spec, output));
        Directory.CreateDirectory(Path.Combine(output, "runs"));
        File.WriteAllText(Path.Combine(output, "runs", runs[0].Id), "a file where the run's folder belongs");

        IReadOnlyList<RunOutcome> outcomes = SweepRunner.Run(
            Request(spec, output),
            new QuietSweep(),
            CancellationToken.None
        );
        Assert.Equal([RunOutcomeKind.Failed, RunOutcomeKind.Completed], outcomes.Select(o => o.Kind));
        Assert.DoesNotContain("\n", outcomes[0].Message);
        Assert.Equal(CliApp.Success, CliRunner.Run("sweep", "status", "--out", output).ExitCode);
    }

    [Fact]
    public void Aggregate_skips_a_run_with_damaged_metrics_names_it_and_covers_the_others()
    {
        string sweep = GoldenSweep.CopyTo(_temp.File("golden"));
        string metrics = Path.Combine(sweep, "runs", "mnist-rlr-seed2-aaaa0002", "metrics.csv");
        string[] lines = File.ReadAllLines(metrics);
        // The last epoch twice, as a run trained by two processes wrote it.
        File.WriteAllLines(metrics, [.. lines, lines[^1]]);

        CliRunner.Result result = CliRunner.Run("sweep", "aggregate", "--out", sweep);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Contains(
            result.ErrorLines,
            l =>
                l
                == $"skipped {Path.GetDirectoryName(metrics)}: {metrics}:{lines.Length + 1}: epoch 4 follows epoch "
                    + "4 (epochs must be 1, 2, 3, ...)"
        );
        Assert.Equal(
            "error: 1 of 3 complete runs could not be read (listed above); the tables cover the other 2",
            result.ErrorLines[^1]
        );
        Assert.Contains("| mnist | rlr | 1 |", result.Output);
    }

    private sealed class QuietSweep : ISweepReporter
    {
        public void Notice(string message) { }

        public void RunStarted(RunPlan run, int position, int total) { }

        public void RunFinished(RunOutcome outcome, int position, int total) { }
    }
}
