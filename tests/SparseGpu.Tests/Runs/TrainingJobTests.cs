using SparseGpu.Data;
using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Runs;

public sealed class TrainingJobTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private TrainingJobRequest Request(string name, int epochs, string? resume = null) =>
        new()
        {
            Overrides = resume is null
                ? TrainingOverrides
                    .None.With(TrainingSettingCatalog.Hidden, [50, 40])
                    .With(TrainingSettingCatalog.Density, 0.1)
                    .With(TrainingSettingCatalog.Epochs, epochs)
                    .With(TrainingSettingCatalog.BatchSize, 20)
                    .With(TrainingSettingCatalog.Seed, 3UL)
                : TrainingOverrides.None.With(TrainingSettingCatalog.Epochs, epochs),
            OutDirectory = _temp.File(name),
            ResumeFrom = resume,
            Device = "cpu",
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
        };

    [Fact]
    public void Two_epochs_equal_one_epoch_then_resume_then_one_more()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 300, test: 80);
        TrainingJob.Run(Request("straight", 2), SilentReporter.Instance, CancellationToken.None);
        TrainingJob.Run(Request("split", 1), SilentReporter.Instance, CancellationToken.None);
        var split = new RunDirectory(_temp.File("split"));
        var told = new NoticeRecorder();
        TrainingJob.Run(Request("split", 2, resume: split.Model), told, CancellationToken.None);
        // Issue 26 §3.9: a resume did not say where it resumed.
        Assert.Contains($"resuming from {split.Model}: 1 epoch done; training to epoch 2", told.Notices);

        var straight = new RunDirectory(_temp.File("straight"));
        Assert.Equal(MetricsFiles.WithoutTimes(straight.Metrics), MetricsFiles.WithoutTimes(split.Metrics));
        Checkpoint a = CheckpointFile.Read(straight.Model),
            b = CheckpointFile.Read(split.Model);
        Assert.Equal(2, b.State.CompletedEpochs);
        for (int k = 0; k < a.State.Network.Layers.Count; k++)
        {
            Assert.Equal(a.State.Network.Layers[k].Topology.Keys(), b.State.Network.Layers[k].Topology.Keys());
            Assert.Equal(a.State.Network.Layers[k].Weights, b.State.Network.Layers[k].Weights);
            Assert.Equal(a.State.Network.Layers[k].BiasVelocity, b.State.Network.Layers[k].BiasVelocity);
        }
    }

    [Fact]
    public void A_run_directory_is_complete_and_never_reused_by_a_new_run()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 100, test: 40);
        TrainingJobResult result = TrainingJob.Run(
            Request("run", 1) with
            {
                CheckpointEvery = 1,
            },
            SilentReporter.Instance,
            CancellationToken.None
        );
        Assert.True(File.Exists(result.Directory.Config));
        Assert.True(File.Exists(result.Directory.EpochCheckpoint(1)));
        string config = File.ReadAllText(result.Directory.Config);
        Assert.Contains("\"device\": \"cpu\"", config);
        Assert.Contains("\"seed\": 3", config);
        // Issue 26 §3.9: the version was stored as "0.1.0\u002B…"; JSON files keep it as it reads.
        Assert.Contains($"\"program_version\": \"{SparseGpu.Runs.ProgramInfo.Version}\"", config);
        Assert.DoesNotContain("\\u", config);
        // Issue 26 §3.9: the method was stored as "regrowth", the one place not called method.
        Assert.Contains("\"method\": \"", config);
        Assert.DoesNotContain("\"regrowth\"", config);
        var e = Assert.Throws<SparseGpuException>(() =>
            TrainingJob.Run(Request("run", 1), SilentReporter.Instance, CancellationToken.None)
        );
        Assert.Contains("already holds a run", e.Message);
    }

    [Fact]
    public void A_resumed_run_refuses_a_changed_setting_and_a_total_already_reached()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 100, test: 40);
        TrainingJobResult first = TrainingJob.Run(Request("run", 1), SilentReporter.Instance, CancellationToken.None);
        var changed = Request("run", 2, first.Directory.Model) with
        {
            Overrides = TrainingOverrides
                .None.With(TrainingSettingCatalog.Epochs, 2)
                .With(TrainingSettingCatalog.LearningRate, 0.1),
        };
        Assert.Equal(
            "--learning-rate 0.1 differs from the checkpoint's 0.025; a resumed run keeps its settings (only "
                + "--epochs may change)",
            Assert
                .Throws<SparseGpuException>(() =>
                    TrainingJob.Run(changed, SilentReporter.Instance, CancellationToken.None)
                )
                .Message
        );
        Assert.Contains(
            "already trained 1 epoch;",
            Assert
                .Throws<SparseGpuException>(() =>
                    TrainingJob.Run(
                        Request("run", 1, first.Directory.Model),
                        SilentReporter.Instance,
                        CancellationToken.None
                    )
                )
                .Message
        );
    }

    [SkippableFact]
    public void The_default_network_learns_real_mnist_to_ninety_percent_in_seconds()
    {
        string data = RealData.Require(DatasetCatalog.MnistInfo);
        var request = new TrainingJobRequest
        {
            Overrides = TrainingOverrides
                .None.With(TrainingSettingCatalog.Epochs, 2)
                .With(TrainingSettingCatalog.TrainLimit, 20000),
            OutDirectory = _temp.File("mnist"),
            Device = "cpu",
            DataDirectory = data,
            AllowDownload = false,
        };
        TrainingJobResult result = TrainingJob.Run(request, SilentReporter.Instance, CancellationToken.None);
        Assert.Equal([7840, 10000, 10000], result.LastEpoch!.Layers.Select(l => l.Links));
        Assert.True(result.LastEpoch.TestAccuracy >= 0.90, $"test accuracy {result.LastEpoch.TestAccuracy:P2}");
    }
}
