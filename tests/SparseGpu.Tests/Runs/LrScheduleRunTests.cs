using SparseGpu.Cli;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Runs;

/// <summary>`--lr-schedule` end to end: command line, metrics, config.json, checkpoint, resume, sweep spec; and a
/// checkpoint of the program before the setting existed still resumes.</summary>
public sealed class LrScheduleRunTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    /// <summary>An empty data directory: MNIST falls back to the bundled subset (a missing one is an error).</summary>
    public LrScheduleRunTests() => Directory.CreateDirectory(_temp.File("no-data"));

    public void Dispose() => _temp.Dispose();

    private string[] Train(string run, params string[] extra) =>
        [
            "train",
            "--hidden",
            "16",
            "--density",
            "0.1",
            "--train-limit",
            "200",
            "--device",
            "cpu",
            "--threads",
            "1",
            "--data-dir",
            _temp.File("no-data"),
            "--no-download",
            "--quiet",
            "--out",
            _temp.File(run),
            .. extra,
        ];

    [Fact]
    public void A_cosine_run_records_its_schedule_and_a_resume_may_not_change_it()
    {
        CliRunner.Result trained = CliRunner.Run(Train("cosine", "--epochs", "3", "--lr-schedule", "cosine"));
        Assert.Equal(CliApp.Success, trained.ExitCode);
        var run = new RunDirectory(_temp.File("cosine"));
        Assert.Equal(
            Enumerable.Range(0, 3).Select(e => LearningRateSchedule.Rate("cosine", 0.025, e, 3)),
            Training.TrainingSettingCatalogTests.LearningRates(run.Metrics)
        );
        Assert.Contains("\"lr_schedule\": \"cosine\"", File.ReadAllText(run.Config));
        Assert.Equal(2u, BitConverter.ToUInt32(File.ReadAllBytes(run.Model), CheckpointFile.Magic.Length));
        Assert.Equal(LearningRateSchedule.Cosine, CheckpointFile.Read(run.Model).Settings.LrSchedule);

        CliRunner.Result changed = CliRunner.Run(
            "train",
            "--resume",
            run.Model,
            "--epochs",
            "4",
            "--lr-schedule",
            "linear",
            "--device",
            "cpu"
        );
        Assert.Equal(CliApp.Failure, changed.ExitCode);
        Assert.Equal(
            "error: --lr-schedule linear differs from the checkpoint's cosine; a resumed run keeps its settings "
                + "(only --epochs may change)",
            Assert.Single(changed.ErrorLines)
        );
    }

    [Fact]
    public void The_default_schedule_writes_what_the_first_release_wrote()
    {
        Assert.Equal(CliApp.Success, CliRunner.Run(Train("plain", "--epochs", "2")).ExitCode);
        Assert.Equal(
            CliApp.Success,
            CliRunner.Run(Train("linear", "--epochs", "2", "--lr-schedule", "linear")).ExitCode
        );
        RunDirectory plain = new(_temp.File("plain")),
            linear = new(_temp.File("linear"));
        Assert.DoesNotContain("lr_schedule", File.ReadAllText(plain.Config));
        Assert.Equal(1u, BitConverter.ToUInt32(File.ReadAllBytes(plain.Model), CheckpointFile.Magic.Length));
        Assert.Equal(MetricsFiles.WithoutTimes(plain.Metrics), MetricsFiles.WithoutTimes(linear.Metrics));
    }

    [Fact]
    public void A_bad_schedule_is_a_usage_error_naming_the_valid_ones()
    {
        CliRunner.Result result = CliRunner.Run(Train("bad", "--lr-schedule", "step"));
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal(
            "error: --lr-schedule 'step' is not valid; valid: linear, cosine, constant; see sparsegpu train --help",
            Assert.Single(result.ErrorLines)
        );
    }

    /// <summary>Runs/Golden/version1-936858c.ckpt: `train --hidden 16 --density 0.1 --epochs 1 --train-limit 300
    /// --device cpu` (bundled MNIST subset) by the program at 936858c, before the catalog and --lr-schedule
    /// existed. That program resumed it to 2 epochs with this network hash.</summary>
    [Fact]
    public void A_checkpoint_from_before_the_schedule_existed_resumes_as_the_old_program_resumed_it()
    {
        Directory.CreateDirectory(_temp.File("old"));
        string model = Path.Combine(_temp.File("old"), "model.ckpt");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Runs", "Golden", "version1-936858c.ckpt"), model);
        Assert.Equal(LearningRateSchedule.Linear, CheckpointFile.Read(model).Settings.LrSchedule);
        CliRunner.Result resumed = CliRunner.Run(
            "train",
            "--resume",
            model,
            "--epochs",
            "2",
            "--device",
            "cpu",
            "--threads",
            "1",
            "--data-dir",
            _temp.File("no-data"),
            "--no-download",
            "--quiet"
        );
        Assert.Equal(CliApp.Success, resumed.ExitCode);
        Assert.Equal(
            "3e31de68bb875c5bf625fc99ae70f39b0459fae69208545b1e7901c347e02d9a",
            CheckpointFile.NetworkSha256(CheckpointFile.Read(model).State.Network)
        );
    }

    [Fact]
    public void A_spec_varies_the_schedule_and_its_default_keeps_the_run_ids_of_specs_without_it()
    {
        string Spec(string training)
        {
            string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
            File.WriteAllText(
                path,
                """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "training": {""" + training + "}}"
            );
            return path;
        }
        IReadOnlyList<RunPlan> without = SweepPlan.Expand(SweepSpec.Read(Spec("\"epochs\": 2")));
        IReadOnlyList<RunPlan> varied = SweepPlan.Expand(
            SweepSpec.Read(Spec("\"epochs\": 2, \"lr_schedule\": [\"linear\", \"cosine\"]"))
        );
        Assert.Equal(2, varied.Count);
        Assert.Equal(without[0].Id, varied[0].Id);
        Assert.NotEqual(varied[0].Id, varied[1].Id);
        Assert.Equal(LearningRateSchedule.Cosine, varied[1].Settings.LrSchedule);
        Assert.Equal("-lr_schedulecosine", VariedSettings.FileSuffix(varied[1].VariedSettings));

        string bad = Spec("\"lr_schedule\": \"step\"");
        Assert.Equal(
            $"{bad}: training.lr_schedule: 'step' is not valid; valid: linear, cosine, constant",
            Assert.Throws<SparseGpuException>(() => SweepSpec.Read(bad)).Message
        );
    }
}
