using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Sweeps;

/// <summary>The sweep trained once run by run on the ILGPU CPU accelerator, the reference of
/// <see cref="PackedSweepTests"/>.</summary>
public sealed class UnpackedSweep : IDisposable
{
    public TempDirectory Temp { get; } = new();

    public UnpackedSweep()
    {
        IdxFiles.WriteSyntheticMnist(Temp.File("data"), train: 40, test: 23);
        File.WriteAllText(
            Spec,
            """
            { "name": "packed", "datasets": ["mnist"], "methods": ["rlr", "ch3l3"], "seeds": [1, 2],
              "training": { "epochs": 3, "hidden": [9, 7], "density": 0.3, "batch_size": [7, 8],
                            "update_interval": 1 },
              "robustness": { "perturbations": ["random", "noise"], "levels": "0,0.5", "epsilons": "0,0.1",
                              "repeats": 1 },
              "device": "ilgpu-cpu" }
            """
        );
        Outcomes = SweepRunner.Run(Request(Directory), new SilentSweep(), CancellationToken.None);
    }

    public string Spec => Temp.File("spec.json");
    public string Directory => Temp.File("unpacked");
    public IReadOnlyList<RunOutcome> Outcomes { get; }

    public SweepRequest Request(string output, int? pack = null) =>
        new()
        {
            Spec = Spec,
            OutDirectory = output,
            DataDirectory = Temp.File("data"),
            AllowDownload = false,
            Threads = 1,
            Pack = pack,
        };

    public void Dispose() => Temp.Dispose();
}

/// <summary>
/// `sweep --pack`: a sweep whose runs train packed on the ILGPU CPU accelerator leaves every run's folder as the
/// same sweep run by run does: metrics.csv (but its wall-clock columns), model.ckpt (but its wall-clock fields) and
/// robustness.csv byte for byte, also when the packs are interrupted mid-epoch and resumed. The spec's 8 runs are 2
/// batch sizes × 2 methods × 2 seeds: runs of another batch size never share a pack.
/// </summary>
public sealed class PackedSweepTests(UnpackedSweep unpacked) : IClassFixture<UnpackedSweep>
{
    private string Output(string name) => unpacked.Temp.File(name);

    [Fact]
    public void A_sweep_packed_three_at_a_time_writes_the_same_files_as_run_by_run()
    {
        Assert.All(unpacked.Outcomes, o => Assert.Equal(RunOutcomeKind.Completed, o.Kind));
        string output = Output("packed");
        IReadOnlyList<RunOutcome> packed = SweepRunner.Run(
            unpacked.Request(output, pack: 3),
            new SilentSweep(),
            CancellationToken.None
        );
        Assert.All(packed, o => Assert.Equal(RunOutcomeKind.Completed, o.Kind));
        AssertSameFiles(output);
        // Per batch size: rlr seeds 1, 2 and ch3l3 seed 1 in one pack, ch3l3 seed 2 alone.
        string[] logs = packed.Select(o => File.ReadAllText(new RunFolder(output, o.Run).Log)).ToArray();
        Assert.Equal(
            [true, true, true, false, true, true, true, false],
            logs.Select(l => l.Contains("training packed with 2 other runs"))
        );
        Assert.All(SweepRunner.Status(output), s => Assert.Equal(RunState.Done, s.State));
    }

    [Fact]
    public void A_packed_sweep_interrupted_mid_epoch_resumes_each_run_from_its_checkpoint_bit_for_bit()
    {
        string output = Output("interrupted");
        using var cancel = new CancellationTokenSource();
        int checks = 0;
        IReadOnlyList<RunOutcome> stopped;
        // The fourth lock check is a lane writing epoch 1's rows: the pack stops after its next step, in epoch 2.
        using (
            RacePoints.Register(point =>
            {
                if (point == "ensure-held" && Interlocked.Increment(ref checks) == 4)
                    cancel.Cancel();
            })
        )
            stopped = SweepRunner.Run(unpacked.Request(output, pack: 3), new SilentSweep(), cancel.Token);
        Assert.Equal([.. Enumerable.Repeat(RunOutcomeKind.Interrupted, 8)], stopped.Select(o => o.Kind));
        for (int i = 0; i < 3; i++)
        {
            TrainingState state = CheckpointFile.Read(new RunFolder(output, stopped[i].Run).Training.Model).State;
            Assert.Equal(1, state.CompletedEpochs);
            Assert.True(state.NextSample > 0, "stopped inside epoch 2");
        }
        Assert.False(File.Exists(new RunFolder(output, stopped[3].Run).Training.Model));

        IReadOnlyList<RunOutcome> resumed = SweepRunner.Run(
            unpacked.Request(output, pack: 3),
            new SilentSweep(),
            CancellationToken.None
        );
        Assert.All(resumed, o => Assert.Equal(RunOutcomeKind.Completed, o.Kind));
        Assert.Contains(
            "training packed with 2 other runs",
            File.ReadAllText(new RunFolder(output, resumed[0].Run).Log)
        );
        AssertSameFiles(output);
    }

    [Fact]
    public void A_pack_on_the_fast_CPU_path_says_its_runs_train_one_after_another()
    {
        string output = Output("cpu");
        var reporter = new NoticeSweep();
        IReadOnlyList<RunOutcome> runs = SweepRunner.Run(
            unpacked.Request(output, pack: 4) with
            {
                Device = "cpu",
            },
            reporter,
            CancellationToken.None
        );
        Assert.All(runs, o => Assert.Equal(RunOutcomeKind.Completed, o.Kind));
        // One pack of 4 per batch size, each said once.
        Assert.Equal(
            2,
            reporter.Notices.Count(n =>
                n.Contains("fast CPU path has no kernel launches to share: the 4 runs train one after another")
            )
        );
    }

    private void AssertSameFiles(string output)
    {
        foreach (RunOutcome o in unpacked.Outcomes)
        {
            var alone = new RunFolder(unpacked.Directory, o.Run);
            var packed = new RunFolder(output, o.Run);
            Assert.Equal(
                MetricsFiles.WithoutTimes(alone.Training.Metrics),
                MetricsFiles.WithoutTimes(packed.Training.Metrics)
            );
            Assert.Equal(
                CheckpointBytes.WithoutTimes(File.ReadAllBytes(alone.Training.Model)),
                CheckpointBytes.WithoutTimes(File.ReadAllBytes(packed.Training.Model))
            );
            string Records(RunFolder folder) =>
                File.ReadAllText(Path.Combine(folder.RobustnessDirectory, RunLayout.RobustnessRecords))
                    .Replace(folder.Path, "RUN");
            Assert.Equal(Records(alone), Records(packed));
        }
    }
}

/// <summary>Reports nothing.</summary>
internal sealed class SilentSweep : ISweepReporter
{
    public void Notice(string message) { }

    public void RunStarted(RunPlan run, int position, int total) { }

    public void RunFinished(RunOutcome outcome, int position, int total) { }
}

/// <summary>Keeps the notices.</summary>
internal sealed class NoticeSweep : ISweepReporter
{
    public List<string> Notices { get; } = [];

    public void Notice(string message)
    {
        lock (Notices)
            Notices.Add(message);
    }

    public void RunStarted(RunPlan run, int position, int total) { }

    public void RunFinished(RunOutcome outcome, int position, int total) { }
}
