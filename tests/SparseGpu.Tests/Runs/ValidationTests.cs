using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Reference;
using SparseGpu.Jobs;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Runs;

/// <summary>--validation (issue 26 §2): the held-out split, best.ckpt, and a run without it as before.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private TrainingJobRequest Request(string name, int epochs, double validation, string device = "cpu") =>
        new()
        {
            Overrides = TrainingOverrides
                .None.With(TrainingSettingCatalog.Hidden, [50, 40])
                .With(TrainingSettingCatalog.Density, 0.1)
                .With(TrainingSettingCatalog.Epochs, epochs)
                .With(TrainingSettingCatalog.BatchSize, 20)
                .With(TrainingSettingCatalog.Seed, 3UL)
                // Constant: a run planned shorter and resumed longer trains each epoch at the same rate.
                .With(TrainingSettingCatalog.LrSchedule, LearningRateSchedule.Constant)
                .With(TrainingSettingCatalog.Validation, validation),
            OutDirectory = _temp.File(name),
            Device = device,
            CheckpointEvery = 1,
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
        };

    private static TrainingJobRequest Resume(TrainingJobRequest request, string checkpoint, int epochs) =>
        request with
        {
            Overrides = TrainingOverrides.None.With(TrainingSettingCatalog.Epochs, epochs),
            ResumeFrom = checkpoint,
        };

    [Fact]
    public void The_last_images_of_the_limited_training_set_are_held_out_and_the_rest_train()
    {
        // Image i's pixels and label say i, so each part's images can be named.
        const int images = 40;
        byte[] pixels = Enumerable.Range(0, images).SelectMany(i => new[] { (byte)i, (byte)i }).ToArray();
        var set = new ImageSet("t", 1, 2, 50, pixels, Enumerable.Range(0, images).Select(i => (byte)i).ToArray());

        (ImageSet train, ImageSet? validation) = ValidationSplit.Apply(10, set.Take(30));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), train.Labels);
        Assert.Equal(Enumerable.Range(20, 10).Select(i => (byte)i), validation!.Labels);
        Assert.Equal(validation.Labels.SelectMany(l => new[] { l, l }), validation.Pixels);
        Assert.Empty(train.Labels.Intersect(validation.Labels));

        Assert.Equal(8, ValidationSplit.Apply(0.2, set).Validation!.Count);
        Assert.Equal(3, ValidationSplit.Count(0.25, 10)); // 2.5 rounds away from zero
        Assert.Null(ValidationSplit.Apply(0, set).Validation);
        Assert.Same(set, ValidationSplit.Apply(0, set).Train);
    }

    [Fact]
    public void A_run_trains_on_the_images_left_and_records_how_many_were_held_out()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 300, test: 80);
        TrainingJobResult result = TrainingJob.Run(
            Request("run", 1, 50) with
            {
                Overrides = Request("run", 1, 50).Overrides.With(TrainingSettingCatalog.TrainLimit, 250),
            },
            SilentReporter.Instance,
            CancellationToken.None
        );
        string config = File.ReadAllText(result.Directory.Config);
        Assert.Contains("\"train_images\": 200,", config);
        Assert.Contains("\"validation_images\": 50", config);
        Assert.Contains("\"validation\": 50", config);
        Assert.EndsWith(",validation_loss,validation_accuracy", File.ReadLines(result.Directory.Metrics).First());
    }

    [Fact]
    public void Best_ckpt_is_the_checkpoint_of_the_epoch_with_the_best_validation_accuracy()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 300, test: 80);
        TrainingJobResult result = TrainingJob.Run(
            Request("run", 5, 0.2),
            SilentReporter.Instance,
            CancellationToken.None
        );
        string[] header = File.ReadLines(result.Directory.Metrics).First().Split(',');
        int column = Array.IndexOf(header, "validation_accuracy");
        double[] accuracy = File.ReadLines(result.Directory.Metrics)
            .Skip(1)
            .Select(l => double.Parse(l.Split(',')[column], System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        int best = Array.IndexOf(accuracy, accuracy.Max()) + 1; // the earliest of equals
        Assert.Equal(best, result.Best!.Epoch);
        Assert.Equal(accuracy.Max(), result.Best.ValidationAccuracy);
        Assert.Equal(
            File.ReadAllBytes(result.Directory.EpochCheckpoint(best)),
            File.ReadAllBytes(result.Directory.Best)
        );
        // Checkpoint format 3, which first stores the setting: an older program refuses it instead of training on
        // the held-out images.
        Assert.Equal(3, File.ReadAllBytes(result.Directory.Best)[8]);
        string events = File.ReadAllText(result.Directory.Events);
        Assert.Contains($"\"type\":\"final_and_best\",", events);
        Assert.Contains($"\"best_epoch\":{best},", events);
    }

    [Fact]
    public void A_resumed_run_ends_as_the_straight_run_with_the_same_best_ckpt()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 300, test: 80);
        TrainingJobResult straight = TrainingJob.Run(
            Request("straight", 4, 60),
            SilentReporter.Instance,
            CancellationToken.None
        );
        TrainingJobResult first = TrainingJob.Run(
            Request("split", 2, 60),
            SilentReporter.Instance,
            CancellationToken.None
        );
        TrainingJobResult resumed = TrainingJob.Run(
            Resume(Request("split", 2, 60), first.Directory.Model, 4),
            SilentReporter.Instance,
            CancellationToken.None
        );
        Assert.Equal(
            MetricsFiles.WithoutTimes(straight.Directory.Metrics),
            MetricsFiles.WithoutTimes(resumed.Directory.Metrics)
        );
        Assert.Equal(straight.Best, resumed.Best);
        Checkpoint a = CheckpointFile.Read(straight.Directory.Best),
            b = CheckpointFile.Read(resumed.Directory.Best);
        Assert.Equal(a.State.CompletedEpochs, b.State.CompletedEpochs);
        for (int k = 0; k < a.State.Network.Layers.Count; k++)
            Assert.Equal(a.State.Network.Layers[k].Weights, b.State.Network.Layers[k].Weights);
        Assert.Throws<SparseGpuException>(() =>
            TrainingJob.Run(
                Resume(Request("split", 2, 60), resumed.Directory.Model, 5) with
                {
                    Overrides = TrainingOverrides
                        .None.With(TrainingSettingCatalog.Epochs, 5)
                        .With(TrainingSettingCatalog.Validation, 30.0),
                },
                SilentReporter.Instance,
                CancellationToken.None
            )
        );
    }

    [Fact]
    public void The_reference_engine_reports_the_validation_set_as_its_own_evaluation_scores_it()
    {
        var random = new Random(7);
        ImageSet Images(int count) =>
            new(
                "t",
                4,
                4,
                3,
                Enumerable.Range(0, count * 16).Select(_ => (byte)random.Next(256)).ToArray(),
                Enumerable.Range(0, count).Select(_ => (byte)random.Next(3)).ToArray()
            );
        ImageSet train = Images(60),
            test = Images(20),
            validation = Images(25);
        var settings = new TrainingSettings
        {
            Hidden = [12, 10],
            Density = Densities.Uniform(0.3),
            Epochs = 2,
            BatchSize = 10,
            Validation = 25,
        };
        var state = new TrainingState(NetworkFactory.Create(settings.Shape(16, 3), 1));
        var seen = new List<EpochMetrics>();
        using var engine = new ReferenceEngine();
        new Trainer(engine, settings, train, test, new Collect(seen), validation).Run(state, CancellationToken.None);
        Assert.Equal(2, seen.Count);
        using var again = new ReferenceEngine();
        again.LoadNetwork(state.Network);
        EvaluationResult expected = again.Evaluate(validation);
        // The same evaluation as the test set's: the accuracy exactly, the loss to the last bits of a float sum.
        Assert.Equal(expected.Accuracy, seen[^1].ValidationAccuracy);
        Assert.Equal(expected.Loss, seen[^1].ValidationLoss!.Value, 1e-6);
    }

    private sealed class Collect(List<EpochMetrics> seen) : ITrainingObserver
    {
        public void OnProgress(TrainingProgress progress) { }

        public void OnEpochCompleted(EpochMetrics metrics, TrainingState state) => seen.Add(metrics);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void Every_engine_evaluates_the_validation_set(string device)
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 120, test: 40);
        TrainingJobResult result = TrainingJob.Run(
            Request("run", 2, 40, device),
            SilentReporter.Instance,
            CancellationToken.None
        );
        Assert.True(result.LastEpoch!.ValidationAccuracy is >= 0 and <= 1);
        Assert.True(File.Exists(result.Directory.Best));
        Assert.Equal(2, RunHistory.Read(result.Directory.Path).Epochs.Count); // readers take the extra columns
    }

    [Fact]
    public void Off_the_metrics_header_config_and_run_id_are_as_before()
    {
        // The header of the base build (03e7688) for two sparse layers, copied from a run it made.
        Assert.Equal(
            "epoch,learning_rate,train_loss,train_accuracy,test_loss,test_accuracy,train_seconds,topology_seconds,"
                + "eval_seconds,links_1,active_neurons_1,removed_1,regrown_1,regrown_by_score_1,regrown_random_1,"
                + "links_2,active_neurons_2,removed_2,regrown_2,regrown_by_score_2,regrown_random_2",
            MetricsCsv.Header(2)
        );
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 100, test: 40);
        TrainingJobResult result = TrainingJob.Run(
            Request("run", 1, 0),
            SilentReporter.Instance,
            CancellationToken.None
        );
        Assert.Equal(MetricsCsv.Header(2), File.ReadLines(result.Directory.Metrics).First());
        Assert.DoesNotContain("validation", File.ReadAllText(result.Directory.Config));
        Assert.DoesNotContain("validation", File.ReadAllText(result.Directory.Events));
        Assert.False(File.Exists(result.Directory.Best));
        Assert.Equal(2, File.ReadAllBytes(result.Directory.Model)[8]); // lr-schedule constant's format, not 3
        Assert.Null(result.Best);
        Assert.Equal(
            SweepPlan.SettingsHash(new TrainingSettings()),
            SweepPlan.SettingsHash(new TrainingSettings { Validation = 0 })
        );
    }

    [Theory]
    [InlineData("-1", "--validation must be 0 (off), a count of images (1, 2, ...) or a fraction in (0, 1), got -1")]
    [InlineData("2.5", "--validation must be 0 (off), a count of images (1, 2, ...) or a fraction in (0, 1), got 2.5")]
    [InlineData("100", "--validation 100 leaves no training images (the training set has 100)")]
    [InlineData("101", "--validation 101 is larger than the training set (100 images)")]
    [InlineData("0.001", "--validation 0.001 of 100 training images is no image; give a larger fraction or a count")]
    public void A_bad_value_is_a_one_line_usage_error(string value, string message)
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 100, test: 40);
        CliRunner.Result result = CliRunner.Run(
            "train",
            "--validation",
            value,
            "--epochs",
            "1",
            "--hidden",
            "20",
            "--device",
            "cpu",
            "--no-download",
            "--data-dir",
            _temp.File("data"),
            "--out",
            _temp.File("out")
        );
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {message}; see sparsegpu train", result.ErrorLines[0]);
        Assert.False(Directory.Exists(_temp.File("out")));
    }
}
