using System.Diagnostics;
using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>A sweep that is paused past the stale limit, or killed with SIGKILL, never leaves a run trained
/// twice.</summary>
public sealed class PausedSweepTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public PausedSweepTests() => IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 200, test: 40);

    public void Dispose() => _temp.Dispose();

    private string Spec(int epochs, bool robustness = false)
    {
        string path = _temp.File($"spec-{epochs}{(robustness ? "-swept" : "")}.json");
        string sweep = robustness
            ? """, "robustness": { "perturbations": ["random"], "levels": "0,0.5", "repeats": 1 }"""
            : "";
        File.WriteAllText(
            path,
            $$"""
            { "name": "paused", "datasets": ["mnist"], "methods": ["rlr"], "seeds": [1],
              "training": { "epochs": {{epochs}}, "hidden": [30], "density": 0.2, "batch_size": 10 },
              "device": "cpu"{{sweep}} }
            """
        );
        return path;
    }

    private SweepRequest Request(string spec, string output) =>
        new()
        {
            Spec = spec,
            OutDirectory = _temp.File(output),
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
            Threads = 1,
        };

    private static IReadOnlyList<RunOutcome> Sweep(SweepRequest request) =>
        SweepRunner.Run(request, new Quiet(), CancellationToken.None);

    private static string[] Epochs(RunFolder folder) =>
        File.ReadAllLines(folder.Training.Metrics).Skip(1).Select(l => l.Split(',')[0]).ToArray();

    /// <summary>
    /// Sweeps <paramref name="spec"/> into <paramref name="output"/>; at the owner's third lock check the process
    /// "was paused" for an hour (its heartbeat stopped) and a sweep on another host took the run over.
    /// </summary>
    private (IReadOnlyList<RunOutcome> Outcomes, RunFolder Folder, RunLock Other) SweepTakenOverAtThirdCheck(
        string spec,
        string output
    )
    {
        var (_, runs) = SweepRunner.Plan(Request(spec, output));
        var folder = new RunFolder(_temp.File(output), runs[0]);
        RunLock? other = null;
        int checks = 0;
        IReadOnlyList<RunOutcome> outcomes;
        using (
            RacePoints.Register(point =>
            {
                if (point != "ensure-held" || ++checks != 3)
                    return;
                File.SetLastWriteTimeUtc(folder.Lock, DateTime.UtcNow - TimeSpan.FromHours(1));
                other = RunLock.TryAcquire(
                    folder.Path,
                    token => new LockHolder("another-host", 4242, null, token, DateTime.UtcNow)
                );
            })
        )
            outcomes = Sweep(Request(spec, output));
        Assert.NotNull(other);
        return (outcomes, folder, other!);
    }

    [Fact]
    public void A_sweep_paused_past_the_stale_limit_notices_the_takeover_and_writes_nothing_more()
    {
        string spec = Spec(epochs: 3);
        // Checks: before config.json, before epoch 1's rows, before epoch 2's: taken over before epoch 2.
        var (outcomes, folder, other) = SweepTakenOverAtThirdCheck(spec, "paused");
        Assert.Equal(RunOutcomeKind.Busy, outcomes[0].Kind);
        Assert.Contains("lost its lock on the run (now running on another-host, process 4242", outcomes[0].Message);
        Assert.Equal(["1"], Epochs(folder));
        Assert.False(File.Exists(folder.CompleteMarker));
        Assert.False(File.Exists(folder.FailedMarker));
        Assert.Equal(other.Owner.Token, LockHolder.Parse(File.ReadAllText(folder.Lock))!.Token);
        Assert.Equal(RunState.Running, folder.Status().State);

        // The other host stops without finishing; the next sweep resumes from epoch 1's checkpoint.
        other.Dispose();
        Assert.Equal(RunOutcomeKind.Completed, Sweep(Request(spec, "paused"))[0].Kind);
        Assert.Equal(["1", "2", "3"], Epochs(folder));
        Sweep(Request(spec, "straight"));
        var (_, runs) = SweepRunner.Plan(Request(spec, "straight"));
        Assert.Equal(
            MetricsFiles.WithoutTimes(new RunFolder(_temp.File("straight"), runs[0]).Training.Metrics),
            MetricsFiles.WithoutTimes(folder.Training.Metrics)
        );
    }

    [Fact]
    public void A_sweep_that_loses_its_lock_after_its_last_epoch_writes_no_complete_marker()
    {
        // Issue 11 defect 2: the owner re-checks before complete.json too, not only before each epoch's rows.
        string spec = Spec(epochs: 1);
        // Checks: before config.json, before epoch 1's rows, before complete.json; taken over before the last.
        var (outcomes, folder, other) = SweepTakenOverAtThirdCheck(spec, "late");
        Assert.Equal(RunOutcomeKind.Busy, outcomes[0].Kind);
        Assert.False(File.Exists(folder.CompleteMarker));
        Assert.Equal(other.Owner.Token, LockHolder.Parse(File.ReadAllText(folder.Lock))!.Token);
        other.Dispose();
    }

    [Fact]
    public void A_sweep_that_loses_its_lock_before_the_robustness_sweep_sweeps_nothing()
    {
        // Issue 11 defect 2: the owner re-checks before the robustness sweep writes its results.
        string spec = Spec(epochs: 1, robustness: true);
        // Checks: before config.json, before epoch 1's rows, before the robustness sweep.
        var (outcomes, folder, other) = SweepTakenOverAtThirdCheck(spec, "swept");
        Assert.Equal(RunOutcomeKind.Busy, outcomes[0].Kind);
        Assert.False(
            Directory.Exists(folder.RobustnessDirectory) && Directory.EnumerateFiles(folder.RobustnessDirectory).Any()
        );
        Assert.False(File.Exists(folder.CompleteMarker));
        other.Dispose();
    }

    [Fact]
    public void A_sweep_killed_with_sigkill_leaves_a_lock_the_next_sweep_on_this_host_takes_over_at_once()
    {
        string spec = Spec(epochs: 500); // far more than it runs before the kill
        var (_, runs) = SweepRunner.Plan(Request(spec, "killed"));
        var folder = new RunFolder(_temp.File("killed"), runs[0]);
        string program = Path.Combine(AppContext.BaseDirectory, "sparsegpu");
        var start = new ProcessStartInfo(
            program,
            [
                "sweep",
                "--spec",
                spec,
                "--out",
                _temp.File("killed"),
                "--data-dir",
                _temp.File("data"),
                "--no-download",
                "--threads",
                "1",
            ]
        )
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using (Process sweep = Process.Start(start)!)
        {
            var deadline = Stopwatch.StartNew();
            while (
                !File.Exists(folder.Training.Model) && !sweep.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60)
            )
                Thread.Sleep(10);
            Assert.True(File.Exists(folder.Training.Model), "no checkpoint within 60 s");
            sweep.Kill(); // SIGKILL: no handler runs, running.lock stays behind
            sweep.WaitForExit();
        }
        Assert.True(File.Exists(folder.Lock));
        Assert.Equal(RunState.Pending, folder.Status().State); // its process is gone, so the run is not "running"

        // The next sweep takes the run over at once (not after the 5-minute stale limit): stopped by Ctrl-C as it
        // starts, it resumes from the checkpoint and leaves every epoch once.
        using var cancel = new CancellationTokenSource();
        IReadOnlyList<RunOutcome> next = SweepRunner.Run(Request(spec, "killed"), new Quiet(cancel), cancel.Token);
        Assert.Equal(RunOutcomeKind.Interrupted, next[0].Kind);
        string[] epochs = Epochs(folder);
        Assert.Equal(Enumerable.Range(1, epochs.Length).Select(e => e.ToString()), epochs);
        Assert.False(File.Exists(folder.Lock));
    }

    private sealed class Quiet(CancellationTokenSource? cancelOnStart = null) : ISweepReporter
    {
        public void Notice(string message) { }

        public void RunStarted(RunPlan run, int position, int total) => cancelOnStart?.Cancel();

        public void RunFinished(RunOutcome outcome, int position, int total) { }
    }
}
