using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

/// <summary>
/// `--method rigl` through the real <see cref="Trainer"/> and training job: every engine (reference, fast CPU path on
/// one and three threads, ILGPU CPU accelerator) grows the same links, the cosine schedule's counts reach
/// metrics.csv, and a run split by a checkpoint, at an epoch boundary or mid-epoch, ends byte for byte where the
/// straight run does.
/// </summary>
public sealed class RiglTrainingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly TrainingSettings Small = SmallTrainerRuns.Settings with
    {
        Regrowth = "rigl",
        Epochs = 4,
        RiglBatches = 2,
    };

    [Fact]
    public void Every_engine_grows_the_same_links_on_the_cosine_schedule()
    {
        var (train, test) = SmallTrainerRuns.Data(_temp.Path);
        var runs = new[] { "reference", "cpu", "cpu-3", "ilgpu-cpu" }.ToDictionary(
            name => name,
            name => SmallTrainerRuns.Train(name, Small, train, test)
        );
        RecordedEpochs reference = runs["reference"];
        // T_end = 3 of 4 epochs: updates before epochs 2 and 3 (1-based) at α/2·(1 + cos(π·t/3)), t = 1, 2.
        for (int epoch = 0; epoch < Small.Epochs; epoch++)
        {
            double fraction = epoch is 1 or 2 ? 0.15 * (1 + Math.Cos(Math.PI * epoch / 3)) : 0;
            foreach (LayerMetrics layer in reference.Metrics[epoch].Layers)
            {
                Assert.Equal(TopologyEditor.RemovalCount(layer.Links, fraction), layer.Removed);
                Assert.Equal(layer.Removed, layer.RegrownByScore + layer.RegrownAtRandom);
            }
        }
        Assert.True(reference.Metrics[1].Layers[0].RegrownByScore > 0);
        foreach (string name in new[] { "cpu", "cpu-3", "ilgpu-cpu" })
            for (int epoch = 0; epoch < Small.Epochs; epoch++)
            for (int k = 0; k < 3; k++)
                Assert.Equal(
                    reference.Networks[epoch].Layers[k].Topology.Keys(),
                    runs[name].Networks[epoch].Layers[k].Topology.Keys()
                );
        // The thread count changes no bit.
        Assert.Equal(runs["cpu"].Rows, runs["cpu-3"].Rows);
        for (int k = 0; k < 3; k++)
            Assert.Equal(runs["cpu"].Networks[^1].Layers[k].Weights, runs["cpu-3"].Networks[^1].Layers[k].Weights);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void An_interrupted_rigl_run_resumes_bit_for_bit_from_its_checkpoint(string engine)
    {
        var (train, test) = SmallTrainerRuns.Data(_temp.Path);
        TrainingSettings settings = Small with { RiglAlpha = 0.4, RiglTEnd = 4 };
        SmallTrainerRuns.AssertInterruptedRunResumesBitForBit(
            engine,
            settings,
            train,
            test,
            _temp.File("rigl.ckpt"),
            (_, restored) =>
                Assert.Equal(
                    (0.4, 4, 2),
                    (restored.Settings.RiglAlpha, restored.Settings.RiglTEnd, restored.Settings.RiglBatches)
                )
        );
    }

    private TrainingJobRequest Request(string name, int epochs, string lrSchedule, string? resume = null) =>
        new()
        {
            Overrides = resume is null
                ? TrainingOverrides
                    .None.With(TrainingSettingCatalog.Method, "rigl")
                    .With(TrainingSettingCatalog.Hidden, [50, 40])
                    .With(TrainingSettingCatalog.Density, 0.1)
                    .With(TrainingSettingCatalog.Epochs, epochs)
                    .With(TrainingSettingCatalog.BatchSize, 20)
                    .With(TrainingSettingCatalog.Seed, 3UL)
                    .With(TrainingSettingCatalog.RiglTEnd, 3)
                    .With(TrainingSettingCatalog.LrSchedule, lrSchedule)
                : TrainingOverrides.None.With(TrainingSettingCatalog.Epochs, epochs),
            OutDirectory = _temp.File(name),
            ResumeFrom = resume,
            Device = "cpu",
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
        };

    /// <summary>
    /// N epochs straight against one, then resumes one epoch at a time to N: every update (before epoch 2, and 3)
    /// follows a resume, and the model files are the same bytes. A resume that extends the run changes the total the
    /// linear learning-rate decay spans, so only the last epoch may follow an extension under it; at a constant rate
    /// every epoch may.
    /// </summary>
    [Theory]
    [InlineData(2, "linear")]
    [InlineData(3, "constant")]
    public void A_run_extended_one_epoch_at_a_time_ends_byte_for_byte_where_the_straight_run_does(
        int epochs,
        string lrSchedule
    )
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 300, test: 80);
        TrainingJob.Run(Request("straight", epochs, lrSchedule), SilentReporter.Instance, CancellationToken.None);
        TrainingJob.Run(Request("split", 1, lrSchedule), SilentReporter.Instance, CancellationToken.None);
        var split = new RunDirectory(_temp.File("split"));
        for (int total = 2; total <= epochs; total++)
            TrainingJob.Run(
                Request("split", total, lrSchedule, resume: split.Model),
                SilentReporter.Instance,
                CancellationToken.None
            );

        var straight = new RunDirectory(_temp.File("straight"));
        Assert.Equal(MetricsFiles.WithoutTimes(straight.Metrics), MetricsFiles.WithoutTimes(split.Metrics));
        // removed_1 of epoch 2: the update before it happened.
        Assert.True(int.Parse(File.ReadAllLines(straight.Metrics)[2].Split(',')[11]) > 0);
        Assert.Equal(File.ReadAllBytes(straight.Model), File.ReadAllBytes(split.Model));
    }
}
