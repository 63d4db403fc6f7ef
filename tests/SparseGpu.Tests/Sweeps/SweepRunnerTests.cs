using SparseGpu.Cli;
using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>Sweeps of tiny networks on synthetic MNIST-shaped data.</summary>
public sealed class SweepRunnerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public SweepRunnerTests() => IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 240, test: 60);

    public void Dispose() => _temp.Dispose();

    private string Spec(
        string datasets = "\"mnist\"",
        int epochs = 2,
        string robustness = """{ "levels": "0,0.5,1", "epsilons": "0,0.1", "repeats": 2 }"""
    )
    {
        string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(
            path,
            $$"""
            {
              "name": "test",
              "datasets": [{{datasets}}],
              "methods": ["rlr", "ch3l3"],
              "seeds": [1, 2],
              "training": { "epochs": {{epochs}}, "hidden": [40, 30], "density": 0.1, "batch_size": 16 },
              "robustness": {{robustness}},
              "device": "cpu"
            }
            """
        );
        return path;
    }

    private SweepRequest Request(string spec, string output, int jobs = 1) =>
        new()
        {
            Spec = spec,
            OutDirectory = _temp.File(output),
            Jobs = jobs,
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
            Threads = 1,
        };

    private static IReadOnlyList<RunOutcome> Run(SweepRequest request, CancellationToken cancel = default) =>
        SweepRunner.Run(request, new Quiet(), cancel);

    [Fact]
    public void Every_run_completes_once_and_a_second_invocation_skips_them()
    {
        string spec = Spec();
        IReadOnlyList<RunOutcome> first = Run(Request(spec, "sweep", jobs: 2));
        Assert.All(first, o => Assert.Equal(RunOutcomeKind.Completed, o.Kind));
        Assert.Equal(4, first.Count);
        var folder = new RunFolder(_temp.File("sweep"), first[0].Run);
        Assert.True(File.Exists(Path.Combine(folder.RobustnessDirectory, "robustness.csv")));
        DateTime written = File.GetLastWriteTimeUtc(folder.Training.Metrics);

        IReadOnlyList<RunOutcome> second = Run(Request(spec, "sweep"));
        Assert.All(second, o => Assert.Equal(RunOutcomeKind.Skipped, o.Kind));
        Assert.Equal(written, File.GetLastWriteTimeUtc(folder.Training.Metrics));
        Assert.All(SweepRunner.Status(_temp.File("sweep")), s => Assert.Equal(RunState.Done, s.State));
    }

    [Fact]
    public void A_failing_run_is_recorded_and_does_not_stop_the_others()
    {
        string spec = Spec(datasets: "\"kmnist\", \"mnist\"");
        IReadOnlyList<RunOutcome> outcomes = Run(Request(spec, "mixed"));
        Assert.All(
            outcomes.Where(o => o.Run.Dataset == "kmnist"),
            o =>
            {
                Assert.Equal(RunOutcomeKind.Failed, o.Kind);
                Assert.Contains("kmnist: not available", o.Message);
            }
        );
        Assert.All(outcomes.Where(o => o.Run.Dataset == "mnist"), o => Assert.Equal(RunOutcomeKind.Completed, o.Kind));
        var states = SweepRunner.Status(_temp.File("mixed"));
        Assert.Equal(4, states.Count(s => s.State == RunState.Failed));
        Assert.Equal(4, states.Count(s => s.State == RunState.Done));
    }

    [Fact]
    public void An_interrupted_sweep_resumes_each_run_exactly_where_it_stopped()
    {
        string spec = Spec(epochs: 3);
        Run(Request(spec, "straight"));

        // Ctrl-C as the second run starts: it stops with a checkpoint before its first epoch, the rest never start.
        using var cancel = new CancellationTokenSource();
        IReadOnlyList<RunOutcome> stopped = SweepRunner.Run(
            Request(spec, "resumed"),
            new CancelOnStart(cancel),
            cancel.Token
        );
        Assert.Equal(
            [
                RunOutcomeKind.Completed,
                RunOutcomeKind.Interrupted,
                RunOutcomeKind.Interrupted,
                RunOutcomeKind.Interrupted,
            ],
            stopped.Select(o => o.Kind)
        );
        Assert.Contains("resumes from its checkpoint", SweepRunner.Status(_temp.File("resumed"))[1].Detail);
        IReadOnlyList<RunOutcome> resumed = Run(Request(spec, "resumed"));
        Assert.Equal(
            [RunOutcomeKind.Skipped, RunOutcomeKind.Completed, RunOutcomeKind.Completed, RunOutcomeKind.Completed],
            resumed.Select(o => o.Kind)
        );

        foreach (RunOutcome o in resumed)
        {
            var straight = new RunFolder(_temp.File("straight"), o.Run);
            var again = new RunFolder(_temp.File("resumed"), o.Run);
            Assert.Equal(
                MetricsFiles.WithoutTimes(straight.Training.Metrics),
                MetricsFiles.WithoutTimes(again.Training.Metrics)
            );
            Checkpoint a = CheckpointFile.Read(straight.Training.Model),
                b = CheckpointFile.Read(again.Training.Model);
            for (int k = 0; k < a.State.Network.Layers.Count; k++)
                Assert.Equal(a.State.Network.Layers[k].Weights, b.State.Network.Layers[k].Weights);
            Assert.Equal(
                File.ReadAllText(Path.Combine(straight.RobustnessDirectory, "robustness.csv"))
                    .Replace(straight.Path, "X"),
                File.ReadAllText(Path.Combine(again.RobustnessDirectory, "robustness.csv")).Replace(again.Path, "X")
            );
        }
    }

    [Fact]
    public void A_run_held_by_another_live_process_is_left_alone()
    {
        string spec = Spec();
        var (_, runs) = SweepRunner.Plan(Request(spec, "locked"));
        var folder = new RunFolder(_temp.File("locked"), runs[0]);
        Directory.CreateDirectory(folder.Path);
        File.WriteAllText(folder.Lock, "running on another machine");
        IReadOnlyList<RunOutcome> outcomes = Run(Request(spec, "locked"));
        Assert.Equal(RunOutcomeKind.Busy, outcomes[0].Kind);
        Assert.Equal(RunState.Running, folder.Status().State);

        File.SetLastWriteTimeUtc(folder.Lock, DateTime.UtcNow - TimeSpan.FromHours(1)); // its process died long ago
        Assert.Equal(RunOutcomeKind.Completed, Run(Request(spec, "locked"))[0].Kind);
    }

    [Fact]
    public void Changed_robustness_settings_redo_only_the_sweep()
    {
        string spec = Spec();
        Run(Request(spec, "changed"));
        string respec = Spec(robustness: """{ "levels": "0,1", "epsilons": "0", "repeats": 1 }""");
        var (_, runs) = SweepRunner.Plan(Request(respec, "changed"));
        var folder = new RunFolder(_temp.File("changed"), runs[0]);
        DateTime trained = File.GetLastWriteTimeUtc(folder.Training.Model);
        Assert.Equal(RunState.Pending, folder.Status().State);
        Assert.All(
            Run(Request(respec, "changed") with { Force = true }),
            o => Assert.Equal(RunOutcomeKind.Completed, o.Kind)
        );
        Assert.Equal(trained, File.GetLastWriteTimeUtc(folder.Training.Model));
        Assert.DoesNotContain(",0.5,", File.ReadAllText(Path.Combine(folder.RobustnessDirectory, "robustness.csv")));
    }

    [Fact]
    public void The_command_line_runs_reports_aggregates_and_exits_non_zero_on_failures()
    {
        string spec = Spec(datasets: "\"mnist\", \"kmnist\"");
        string output = _temp.File("cli");
        CliRunner.Result dry = CliRunner.Run("sweep", "--spec", spec, "--out", output, "--dry-run", "--shard", "1/3");
        Assert.Equal(CliApp.Success, dry.ExitCode);
        Assert.EndsWith("3 runs in shard 1/3", dry.Output.Trim());

        CliRunner.Result run = CliRunner.Run(
            "sweep",
            "--spec",
            spec,
            "--out",
            output,
            "--data-dir",
            _temp.File("data"),
            "--no-download",
            "--jobs",
            "2",
            "--threads",
            "1"
        );
        Assert.Equal(CliApp.Failure, run.ExitCode);
        Assert.StartsWith("4 completed, 0 already complete, 4 failed", run.Output);
        Assert.Equal(
            $"error: 4 of 8 runs failed; `sparsegpu sweep status --out {output}` lists them",
            run.ErrorLines[^1]
        );

        CliRunner.Result status = CliRunner.Run("sweep", "status", "--out", output);
        Assert.Equal(CliApp.Success, status.ExitCode);
        Assert.EndsWith("done 4, running 0, failed 4, pending 0 (of 8)", status.Output.Trim());

        CliRunner.Result aggregate = CliRunner.Run("sweep", "aggregate", "--out", output);
        Assert.Equal(CliApp.Success, aggregate.ExitCode);
        Assert.Contains("| mnist | rlr | 2 |", aggregate.Output);
        foreach (
            string file in new[]
            {
                "metrics.csv",
                "accuracy.csv",
                "robustness.csv",
                "robustness-summary.csv",
                "robustness-methods.csv",
                "report.md",
                "training-mnist.png",
                "robustness-mnist/robustness-grid.png",
            }
        )
            Assert.True(File.Exists(Path.Combine(output, "aggregate", file)), file);
        foreach (
            string file in new[]
            {
                "structure.csv",
                "network.csv",
                "structure-methods.csv",
                "structure-mnist/degree-ccdf.png",
            }
        )
            Assert.True(File.Exists(Path.Combine(output, "aggregate", file)), file);
        // 4 complete runs x 2 layers.
        Assert.Equal(1 + 4 * 2, File.ReadAllLines(Path.Combine(output, "aggregate", "structure.csv")).Length);
    }

    [Fact]
    public void Hand_made_run_folders_aggregate_into_the_expected_tables()
    {
        string golden = Path.Combine(AppContext.BaseDirectory, "Sweeps", "Golden");
        string copy = _temp.File("golden-sweep");
        CopyDirectory(Path.Combine(golden, "sweep"), copy);
        SweepAggregate aggregate = SweepAggregator.Aggregate(copy);
        Assert.Equal(3, aggregate.Runs.Count);
        Assert.Equal(1, aggregate.IncompleteRuns);
        Assert.Equal(
            File.ReadAllText(Path.Combine(golden, "accuracy.csv")),
            File.ReadAllText(Path.Combine(copy, "aggregate", "accuracy.csv"))
        );
        Assert.Equal(
            File.ReadAllText(Path.Combine(golden, "robustness-methods.csv")),
            File.ReadAllText(Path.Combine(copy, "aggregate", "robustness-methods.csv"))
        );
        Assert.All(aggregate.Robustness, r => Assert.StartsWith("mnist-", r.Model));
    }

    [Fact]
    public void Aggregate_counts_only_the_runs_of_the_latest_spec()
    {
        Run(Request(Spec(epochs: 1), "respecified"));
        // New settings, new ids; the old folders stay.
        Run(Request(Spec(epochs: 2), "respecified") with { Force = true });
        Assert.Equal(8, Directory.GetDirectories(_temp.File("respecified", "runs")).Length);
        SweepAggregate aggregate = SweepAggregator.Aggregate(_temp.File("respecified"));
        Assert.Equal(4, aggregate.Runs.Count);
        Assert.All(aggregate.Runs, r => Assert.Equal(2, r.Epochs.Count));
    }

    [Fact]
    public void Status_and_aggregate_refuse_what_is_not_a_sweep()
    {
        Assert.Equal(
            $"{_temp.Path}: no sweep.json (not a sweep directory; give --spec)",
            Assert.Throws<SparseGpuException>(() => SweepRunner.Status(_temp.Path)).Message
        );
        Assert.Equal(
            $"{_temp.Path}: no runs/ folder (not a sweep directory)",
            Assert.Throws<SparseGpuException>(() => SweepAggregator.Aggregate(_temp.Path)).Message
        );
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private class Quiet : ISweepReporter
    {
        public void Notice(string message) { }

        public virtual void RunStarted(RunPlan run, int position, int total) { }

        public void RunFinished(RunOutcome outcome, int finished, int total) { }
    }

    private sealed class CancelOnStart(CancellationTokenSource cancel) : Quiet
    {
        public override void RunStarted(RunPlan run, int position, int total)
        {
            if (position == 2)
                cancel.Cancel();
        }
    }
}
