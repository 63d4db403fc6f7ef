using System.Text.Json;
using SparseGpu.Jobs;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Robustness;

/// <summary>robustness.json records a sweep's settings; an interrupted sweep keeps its finished (model, perturbation,
/// repeat) blocks and continues.</summary>
public sealed class RobustnessResumeTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private RobustnessRequest Request(string output) =>
        new()
        {
            Models = [fixture.Model],
            Perturbations = "random,shuffle",
            Levels = "0:1:0.5",
            Repeats = 2,
            Device = "cpu",
            DataDirectory = fixture.DataDirectory,
            AllowDownload = false,
            OutDirectory = fixture.Scratch(output),
        };

    private static RobustnessResult Run(
        RobustnessRequest request,
        Action<RobustnessProgress>? progress = null,
        CancellationToken cancel = default
    ) => RobustnessJob.Run(request, SilentReporter.Instance, progress, cancel);

    /// <summary>Runs the sweep and cancels it at its first shuffle evaluation: the random blocks are finished, no
    /// shuffle block is.</summary>
    private static void InterruptAtFirstShuffle(RobustnessRequest request)
    {
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() =>
            Run(
                request,
                p =>
                {
                    if (p.Perturbation == "shuffle")
                        cancel.Cancel();
                },
                cancel.Token
            )
        );
    }

    [Fact]
    public void Robustness_json_records_every_setting_and_the_program_version()
    {
        RobustnessResult result = Run(
            Request("manifest") with
            {
                Seed = 7,
                Scope = PerturbationScope.All,
                Epsilons = "0,0.1",
                Perturbations = "random,fgsm",
            }
        );
        using JsonDocument json = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(result.OutDirectory, "robustness.json"))
        );
        JsonElement root = json.RootElement,
            settings = root.GetProperty("settings");
        Assert.Equal(ProgramInfo.Version, root.GetProperty("program_version").GetString());
        Assert.True(root.GetProperty("complete").GetBoolean());
        Assert.Equal(RobustnessManifest.LinksRemainingMeaning, root.GetProperty("links_remaining").GetString());
        Assert.Equal("all", settings.GetProperty("scope").GetString());
        Assert.Equal(120, settings.GetProperty("test_images").GetInt32()); // the fixture's synthetic test set
        Assert.Equal(
            ["random", "fgsm"],
            settings.GetProperty("perturbations").EnumerateArray().Select(e => e.GetString())
        );
        Assert.Equal([0, 0.5, 1], settings.GetProperty("levels").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0, 0.1], settings.GetProperty("epsilons").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(2, settings.GetProperty("repeats").GetInt32());
        Assert.Equal(7UL, settings.GetProperty("seed").GetUInt64());
        JsonElement model = Assert.Single(settings.GetProperty("models").EnumerateArray());
        Assert.Equal(fixture.Model, model.GetProperty("path").GetString());
        Assert.Equal(
            CheckpointFile.NetworkSha256(CheckpointFile.Read(fixture.Model).State.Network),
            model.GetProperty("network_sha256").GetString()
        );
        Assert.Equal(11UL, model.GetProperty("training").GetProperty("seed").GetUInt64());
    }

    [Fact]
    public void An_interrupted_sweep_says_what_it_kept_and_how_to_continue()
    {
        // Issue 26 §3.9: after Ctrl-C the sweep said only "interrupted".
        RobustnessRequest request = Request("told");
        var reporter = new NoticeRecorder();
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() =>
            RobustnessJob.Run(
                request,
                reporter,
                p =>
                {
                    if (p.Perturbation == "shuffle")
                        cancel.Cancel();
                },
                cancel.Token
            )
        );
        Assert.Equal(
            $"interrupted: 2 finished blocks (6 of 12 evaluations) kept in {Path.GetFullPath(request.OutDirectory!)}; "
                + "the same command continues from there",
            reporter.Notices[^1]
        );
    }

    [Fact]
    public void An_interrupted_sweep_keeps_its_finished_blocks_and_a_rerun_computes_only_the_rest()
    {
        RobustnessResult straight = Run(Request("straight"));

        RobustnessRequest request = Request("interrupted");
        InterruptAtFirstShuffle(request);
        // The random blocks (both repeats) only.
        Assert.Equal(3 * 2, RobustnessCsv.Read(Path.Combine(request.OutDirectory!, "robustness.csv")).Count);
        RobustnessManifest interrupted = RobustnessManifest.Read(request.OutDirectory!)!;
        Assert.False(interrupted.Complete);
        Assert.Equal([0, 1], interrupted.Blocks.Select(b => b.Repeat));
        Assert.All(interrupted.Blocks, b => Assert.Equal("random", b.Perturbation));
        Assert.All(interrupted.Blocks, b => Assert.True(b.Seconds > 0));
        Assert.Equal(interrupted.Blocks.Sum(b => b.Seconds), interrupted.Seconds);

        var reports = new List<RobustnessProgress>();
        RobustnessResult resumed = Run(request, reports.Add);
        // One report for all kept evaluations before any is computed (so the rate and ETA shown are this run's),
        // then one per evaluation of the rest.
        Assert.Equal((3 * 2, RobustnessProgress.Kept), (reports[0].Done, reports[0].Perturbation));
        Assert.Equal(Enumerable.Range(3 * 2, 1 + 3 * 2), reports.Select(p => p.Done));
        Assert.All(reports.Skip(1), p => Assert.Equal("shuffle", p.Perturbation));
        Assert.All(reports, p => Assert.Equal(2 * 3 * 2, p.Total));
        Assert.Equal(File.ReadAllText(straight.RecordsFile), File.ReadAllText(resumed.RecordsFile));
        Assert.Equal(File.ReadAllText(straight.SummaryFile), File.ReadAllText(resumed.SummaryFile));
        // The whole sweep's time: the kept blocks' times from the first run, the rest's from this one.
        RobustnessManifest complete = RobustnessManifest.Read(request.OutDirectory!)!;
        Assert.True(complete.Complete);
        Assert.Equal(0, complete.UntimedBlocks);
        Assert.Equal(interrupted.Blocks, complete.Blocks.Take(2));
        Assert.Equal(["random", "random", "shuffle", "shuffle"], complete.Blocks.Select(b => b.Perturbation));
        Assert.Equal(complete.Blocks.Sum(b => b.Seconds), complete.Seconds, 9);
        Assert.Equal(complete.Seconds, resumed.SweepSeconds, 9);
        Assert.Equal(3 * 2, resumed.KeptRecords);
        Assert.Equal(0, straight.KeptRecords);
    }

    [Fact]
    public void Blocks_kept_from_a_sweep_that_did_not_time_them_are_counted_as_untimed()
    {
        RobustnessRequest request = Request("untimed");
        InterruptAtFirstShuffle(request);
        RobustnessManifest interrupted = RobustnessManifest.Read(request.OutDirectory!)!;
        // As an older version wrote it: settings, no block times.
        (interrupted with { Blocks = [], Seconds = 0 }).Write(request.OutDirectory!);

        RobustnessResult resumed = Run(request);

        RobustnessManifest complete = RobustnessManifest.Read(request.OutDirectory!)!;
        Assert.Equal(2, complete.UntimedBlocks);
        Assert.Equal(2, resumed.UntimedBlocks);
        Assert.Equal(["shuffle", "shuffle"], complete.Blocks.Select(b => b.Perturbation));
        Assert.Equal(complete.Blocks.Sum(b => b.Seconds), complete.Seconds, 9);
    }

    [Fact]
    public void A_sweep_interrupted_between_repeats_of_one_perturbation_keeps_the_finished_repeats()
    {
        RobustnessResult straight = Run(Request("straight-repeats"));

        using var cancel = new CancellationTokenSource();
        RobustnessRequest request = Request("between-repeats");
        int shuffled = 0;
        Assert.Throws<OperationCanceledException>(() =>
            Run(
                request,
                p =>
                {
                    // The first evaluation of shuffle's second repeat.
                    if (p.Perturbation == "shuffle" && ++shuffled == 4)
                        cancel.Cancel();
                },
                cancel.Token
            )
        );
        List<RobustnessRecord> kept = RobustnessCsv.Read(Path.Combine(request.OutDirectory!, "robustness.csv"));
        Assert.Equal(3 * 2 + 3, kept.Count);
        Assert.Equal([0, 0, 0], kept.Where(r => r.Perturbation == "shuffle").Select(r => r.Repeat));

        var reports = new List<RobustnessProgress>();
        RobustnessResult resumed = Run(request, reports.Add);
        // The two kept random repeats and the kept shuffle repeat are reported at once; only shuffle's second
        // repeat is evaluated again.
        Assert.Equal(
            [(9, RobustnessProgress.Kept), (10, "shuffle"), (11, "shuffle"), (12, "shuffle")],
            reports.Select(p => (p.Done, p.Perturbation))
        );
        Assert.Equal(File.ReadAllText(straight.RecordsFile), File.ReadAllText(resumed.RecordsFile));
        Assert.Equal(File.ReadAllText(straight.SummaryFile), File.ReadAllText(resumed.SummaryFile));
    }

    /// <summary>
    /// A model is known by its network, not its file: retrained bit for bit elsewhere, it writes a checkpoint whose
    /// wall times (and so bytes) differ, and an interrupted sweep continues on it; a network that differs by one
    /// weight is another model, and the sweep is refused.
    /// </summary>
    [Fact]
    public void A_sweep_continues_on_the_same_network_retrained_but_not_on_a_changed_one()
    {
        string model = fixture.Scratch("retrained/model.ckpt");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        File.Copy(fixture.Model, model);
        RobustnessRequest request = Request("retrained-sweep") with { Models = [model] };
        RobustnessResult straight = Run(Request("retrained-straight"));
        InterruptAtFirstShuffle(request);

        Checkpoint trained = CheckpointFile.Read(model);
        byte[] before = File.ReadAllBytes(model);
        trained.State.PartialTrainSeconds += 17.25; // another machine's clock
        trained.State.EpochTopologySeconds += 0.5;
        CheckpointFile.Write(model, trained.Settings, trained.State);
        Assert.NotEqual(before, File.ReadAllBytes(model));

        var reports = new List<RobustnessProgress>();
        RobustnessResult resumed = Run(request, reports.Add);
        Assert.Equal(3 * 2, reports[0].Done); // random's two repeats kept, not evaluated again
        Assert.DoesNotContain(reports, p => p.Perturbation == "random");
        Assert.Equal(
            File.ReadAllText(straight.SummaryFile).Replace(fixture.Model, model),
            File.ReadAllText(resumed.SummaryFile)
        );

        trained.State.Network.Layers[0].Weights[0] += 1e-3f;
        CheckpointFile.Write(model, trained.Settings, trained.State);
        Assert.Equal(
            $"{request.OutDirectory} holds a robustness sweep with other settings (models differ); give another --out "
                + "or remove it",
            Assert.Throws<SparseGpuException>(() => Run(request)).Message
        );
    }

    [Fact]
    public void A_directory_holding_a_sweep_with_other_settings_is_refused_unless_replacing()
    {
        RobustnessRequest request = Request("other");
        Run(request);
        RobustnessRequest changed = request with { Levels = "0,1", Repeats = 1 };
        Assert.Equal(
            $"{request.OutDirectory} holds a robustness sweep with other settings (levels, repeats differ); give "
                + "another --out or remove it",
            Assert.Throws<SparseGpuException>(() => Run(changed)).Message
        );
        RobustnessResult replaced = Run(changed with { ReplaceOtherSettings = true });
        Assert.Equal(2 * 2, replaced.Records.Count);
        Assert.Equal(2 * 2, RobustnessCsv.Read(replaced.RecordsFile).Count);
    }

    [Fact]
    public void Links_remaining_counts_the_sparse_layers_whatever_the_scope()
    {
        Checkpoint checkpoint = CheckpointFile.Read(fixture.Model);
        long sparse = checkpoint.State.Network.Layers.Where(l => l.Evolves).Sum(l => (long)l.LinkCount);
        foreach (PerturbationScope scope in new[] { PerturbationScope.Sparse, PerturbationScope.All })
        {
            RobustnessResult result = Run(
                Request($"links-{scope}") with
                {
                    Scope = scope,
                    Perturbations = "weight-order",
                }
            );
            Assert.Equal(sparse, result.Records.Single(r => r.Level == 0).LinksRemaining);
            Assert.Equal(0, result.Records.Single(r => r.Level == 1).LinksRemaining);
        }
    }
}
