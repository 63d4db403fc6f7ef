using SparseGpu.Cli;
using SparseGpu.Jobs;
using SparseGpu.Robustness;
using SparseGpu.Robustness.Compensation;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Robustness.Compensation;

/// <summary>The compensation switches through the robustness job: identities, reproducibility, recorded
/// settings, refusals.</summary>
public sealed class CompensationJobTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private RobustnessRequest Request(string output, CompensationSettings? compensation = null) =>
        new()
        {
            Models = [fixture.Model],
            Perturbations = "random,weight-order,noise",
            Levels = "0:1:0.25",
            Repeats = 2,
            Device = "cpu",
            DataDirectory = fixture.DataDirectory,
            AllowDownload = false,
            OutDirectory = fixture.Scratch(output),
            Compensation = compensation ?? CompensationSettings.None,
        };

    private static RobustnessResult Run(RobustnessRequest request, IRunReporter? reporter = null) =>
        RobustnessJob.Run(request, reporter ?? SilentReporter.Instance, null, CancellationToken.None);

    private static string Rows(RobustnessResult result) => File.ReadAllText(result.RecordsFile);

    [Fact]
    public void Zero_fine_tuning_steps_write_the_same_robustness_csv_as_no_switch()
    {
        RobustnessResult plain = Run(Request("ft0-plain"));
        RobustnessResult zero = Run(Request("ft0-zero", new CompensationSettings { FinetuneSteps = 0 }));
        RobustnessResult zeroEpochs = Run(Request("ft0-epochs", new CompensationSettings { FinetuneEpochs = 0 }));
        Assert.Equal(Rows(plain), Rows(zero));
        Assert.Equal(Rows(plain), Rows(zeroEpochs));
        // The request is recorded as given, so a resumed sweep without it is another sweep.
        Assert.Equal(0, RobustnessManifest.Read(zero.OutDirectory)!.Settings.Compensation!.FinetuneSteps);
        Assert.Null(RobustnessManifest.Read(plain.OutDirectory)!.Settings.Compensation);
        Assert.DoesNotContain("compensation", File.ReadAllText(Path.Combine(plain.OutDirectory, "robustness.json")));
    }

    [Fact]
    public void Fan_in_rescale_leaves_level_zero_bit_identical_and_changes_removal_levels()
    {
        RobustnessResult plain = Run(Request("fanin-plain"));
        RobustnessResult rescaled = Run(Request("fanin", new CompensationSettings { Rescale = "fan-in" }));
        Assert.Equal(plain.Records.Count, rescaled.Records.Count);
        for (int i = 0; i < plain.Records.Count; i++)
        {
            RobustnessRecord a = plain.Records[i],
                b = rescaled.Records[i];
            Assert.Equal((a.Perturbation, a.Level, a.Repeat), (b.Perturbation, b.Level, b.Repeat));
            if (a.Level == 0 || a.Perturbation == "noise")
                Assert.Equal(a, b); // nothing removed, nothing rescaled
            Assert.Equal(a.LinksRemaining, b.LinksRemaining);
        }
        Assert.Contains(
            plain.Records.Zip(rescaled.Records),
            p => p.First.Perturbation == "random" && p.First.Level is > 0 and < 1 && p.First.Loss != p.Second.Loss
        );
    }

    [Fact]
    public void Prune_dead_rows_count_the_links_of_the_network_evaluated()
    {
        RobustnessResult plain = Run(Request("prune-plain"));
        RobustnessResult pruned = Run(Request("prune", new CompensationSettings { PruneDead = true }));
        var pairs = plain.Records.Zip(pruned.Records).ToList();
        Assert.All(pairs, p => Assert.True(p.Second.LinksRemaining <= p.First.LinksRemaining));
        Assert.Contains(pairs, p => p.Second.LinksRemaining < p.First.LinksRemaining);
        // Active neurons are those with inputs and outputs, which pruning keeps when they lie on a path.
        Assert.All(pairs, p => Assert.True(p.Second.ActiveNeurons <= p.First.ActiveNeurons));
    }

    [Fact]
    public void Fine_tuning_reproduces_on_rerun_and_at_one_and_two_threads_and_never_adds_a_link()
    {
        var tune = new CompensationSettings { FinetuneSteps = 7 };
        RobustnessResult one = Run(Request("ft-1", tune) with { Threads = 1 });
        RobustnessResult again = Run(Request("ft-1b", tune) with { Threads = 1 });
        RobustnessResult two = Run(Request("ft-2", tune) with { Threads = 2 });
        RobustnessResult plain = Run(Request("ft-plain"));
        Assert.Equal(Rows(one), Rows(again));
        Assert.Equal(Rows(one), Rows(two));
        Assert.NotEqual(Rows(one), Rows(plain));
        Assert.All(one.Records.Zip(plain.Records), p => Assert.Equal(p.Second.LinksRemaining, p.First.LinksRemaining));
    }

    /// <summary>
    /// Level 0 is fine-tuned like every other level (intended, and documented in the verb guide): each level's row
    /// then compares a damaged-and-tuned network with the undamaged-and-tuned one, so a curve shows what the damage
    /// costs and not what the extra SGD steps gain. Only `--finetune-steps 0` is the identity.
    /// </summary>
    [Fact]
    public void Fine_tuning_tunes_the_undamaged_level_0_network_too()
    {
        RobustnessResult tuned = Run(Request("ft-level0", new CompensationSettings { FinetuneSteps = 7 }));
        RobustnessResult plain = Run(Request("ft-level0-plain"));
        var atZero = tuned.Records.Zip(plain.Records).Where(p => p.First.Level == 0).ToList();
        Assert.NotEmpty(atZero);
        Assert.All(atZero, p => Assert.NotEqual(p.Second.Loss, p.First.Loss));
    }

    [Fact]
    public void Variance_rescale_and_a_fine_tuning_epoch_run_together_in_the_fixed_order()
    {
        RobustnessResult result = Run(
            Request(
                "all-switches",
                new CompensationSettings
                {
                    PruneDead = true,
                    Rescale = "variance",
                    CalibrationImages = 100,
                    FinetuneEpochs = 1,
                }
            ) with
            {
                Perturbations = "random",
                Repeats = 1,
            }
        );
        Assert.All(result.Records, r => Assert.True(double.IsFinite(r.Loss)));
        CompensationSettings recorded = RobustnessManifest.Read(result.OutDirectory)!.Settings.Compensation!;
        Assert.Equal(
            new CompensationSettings
            {
                PruneDead = true,
                Rescale = "variance",
                CalibrationImages = 100,
                FinetuneEpochs = 1,
            },
            recorded
        );
    }

    [Fact]
    public void A_sweep_resumed_with_other_switches_is_refused_both_ways()
    {
        RobustnessRequest with = Request("resume", new CompensationSettings { Rescale = "fan-in" }) with
        {
            Perturbations = "weight-order",
        };
        Run(with);
        var without = Assert.Throws<SparseGpuException>(() =>
            Run(with with { Compensation = CompensationSettings.None })
        );
        Assert.Contains("other settings (compensation", without.Message);
        RobustnessRequest plain = Request("resume-plain") with { Perturbations = "weight-order" };
        Run(plain);
        var added = Assert.Throws<SparseGpuException>(() =>
            Run(plain with { Compensation = new CompensationSettings { PruneDead = true } })
        );
        Assert.Contains("other settings (compensation", added.Message);
    }

    [Fact]
    public void Fgsm_rows_are_those_of_the_trained_network_and_a_notice_says_so()
    {
        RobustnessRequest fgsm = Request("fgsm-plain") with { Perturbations = "fgsm", Epsilons = "0:0.2:0.1" };
        RobustnessResult plain = Run(fgsm);
        var notices = new NoticeRecorder();
        RobustnessResult tuned = Run(
            fgsm with
            {
                OutDirectory = fixture.Scratch("fgsm-tuned"),
                Compensation = new CompensationSettings { FinetuneSteps = 3, Rescale = "fan-in" },
            },
            notices
        );
        Assert.Equal(Rows(plain), Rows(tuned));
        Assert.Contains(CompensationData.InputPerturbationNotice, notices.Notices);
    }

    [Fact]
    public void Fine_tuning_without_the_models_training_images_is_refused_before_any_work()
    {
        string empty = fixture.Scratch("no-mnist-here");
        Directory.CreateDirectory(empty);
        string output = fixture.Scratch("refused-out");
        RobustnessRequest request = Request("refused-out", new CompensationSettings { FinetuneEpochs = 1 }) with
        {
            DataDirectory = empty,
        };
        // A data problem, not a usage error (exit 1 below): exactly SparseGpuException, not InvalidSettingException.
        var error = Assert.Throws<SparseGpuException>(() => Run(request));
        Assert.StartsWith("--finetune-epochs needs the models' training images, and mnist is not here", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(output));
        var variance = Assert.Throws<SparseGpuException>(() =>
            Run(request with { Compensation = new CompensationSettings { Rescale = "variance" } })
        );
        Assert.StartsWith("--rescale variance needs the models' training images", variance.Message);
        CliRunner.Result cli = CliRunner.Run(
            "robustness",
            "--model",
            fixture.Model,
            "--device",
            "cpu",
            "--data-dir",
            empty,
            "--no-download",
            "--finetune-steps",
            "3",
            "--out",
            output
        );
        Assert.Equal(CliApp.Failure, cli.ExitCode);
        Assert.StartsWith(
            "error: --finetune-steps needs the models' training images, and mnist is not here",
            Assert.Single(cli.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal))
        ); // after the notice that the bundled subset stands in
        Assert.False(Directory.Exists(output));
        // Fan-in needs no training images: the same request runs on the bundled subset.
        Run(request with { Compensation = new CompensationSettings { Rescale = "fan-in" } });
    }
}
