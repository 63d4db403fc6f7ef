using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>Two sweeps of one spec into one directory (two shells, two array tasks given the same shard).</summary>
public sealed class ConcurrentSweepTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ConcurrentSweepTests()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 80, test: 40);
        File.WriteAllText(
            _temp.File("spec.json"),
            """
            { "name": "twice", "datasets": ["mnist"], "methods": ["rlr", "none"], "seeds": [1, 2],
              "training": { "epochs": 1, "hidden": [20], "density": 0.2, "batch_size": 20 },
              "robustness": { "perturbations": ["random"], "levels": "0,1", "repeats": 1 }, "device": "cpu" }
            """
        );
    }

    public void Dispose() => _temp.Dispose();

    private SweepRequest Request(int jobs = 1) =>
        new()
        {
            Spec = _temp.File("spec.json"),
            OutDirectory = _temp.File("out"),
            Jobs = jobs,
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
            Threads = 1,
        };

    private static int Completions(RunFolder folder) =>
        File.ReadAllLines(folder.Log).Count(l => l.EndsWith(" complete"));

    [Fact]
    public void A_run_completed_by_another_sweep_after_this_one_looked_is_skipped_not_redone()
    {
        // The other sweep runs (and completes everything) exactly between this sweep's look at the first run and its
        // claim on it; claiming must look again.
        bool nested = false;
        IReadOnlyList<RunOutcome> late;
        using (
            RacePoints.Register(point =>
            {
                if (point != "sweep:looked" || nested)
                    return;
                nested = true;
                Assert.All(
                    SweepRunner.Run(Request(), new Quiet(), CancellationToken.None),
                    o => Assert.Equal(RunOutcomeKind.Completed, o.Kind)
                );
            })
        )
            late = SweepRunner.Run(Request(), new Quiet(), CancellationToken.None);

        Assert.Equal(RunOutcomeKind.Skipped, late[0].Kind);
        Assert.All(late, o => Assert.Equal(RunOutcomeKind.Skipped, o.Kind));
        Assert.All(late, o => Assert.Equal(1, Completions(new RunFolder(_temp.File("out"), o.Run))));
    }

    [Fact]
    public void Two_sweeps_at_once_complete_every_run_exactly_once_without_errors()
    {
        // Whatever the interleaving, each run is completed by one of them; the other skips it or finds it busy.
        IReadOnlyList<RunOutcome>[] results = new IReadOnlyList<RunOutcome>[2];
        Parallel.For(0, 2, i => results[i] = SweepRunner.Run(Request(jobs: 2), new Quiet(), CancellationToken.None));
        var kinds = results.SelectMany(r => r).GroupBy(o => o.Run.Id).ToList();
        Assert.Equal(4, kinds.Count);
        foreach (var run in kinds)
        {
            Assert.DoesNotContain(run, o => o.Kind == RunOutcomeKind.Failed);
            Assert.True(run.Count(o => o.Kind == RunOutcomeKind.Completed) <= 1, run.Key);
        }
        // A run found busy by one and not finished by the other is completed by the next sweep.
        SweepRunner.Run(Request(), new Quiet(), CancellationToken.None);
        Assert.All(SweepRunner.Status(_temp.File("out")), s => Assert.Equal(RunState.Done, s.State));
        Assert.All(kinds, run => Assert.Equal(1, Completions(new RunFolder(_temp.File("out"), run.First().Run))));
    }

    private sealed class Quiet : ISweepReporter
    {
        public void Notice(string message) { }

        public void RunStarted(RunPlan run, int position, int total) { }

        public void RunFinished(RunOutcome outcome, int position, int total) { }
    }
}
