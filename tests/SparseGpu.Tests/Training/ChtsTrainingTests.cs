using SparseGpu.Jobs;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

/// <summary>
/// `--method chts --predictor` through the real <see cref="Trainer"/> and training job: every engine (reference, fast
/// CPU path on one and two threads, ILGPU CPU accelerator) samples the same links with every predictor, the uniform
/// fallback reaches metrics.csv's regrown_random_k exactly when a layer has too few candidates of positive score, a
/// run extended from its checkpoint ends byte for byte where the straight run does, and the predictor changes the
/// links.
/// </summary>
public sealed class ChtsTrainingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly TrainingSettings Small = SmallTrainerRuns.Settings with { Regrowth = "chts" };

    public static TheoryData<string> Predictors() => [.. LinkPredictionMethods.Names];

    /// <summary>
    /// The reference engine scores by the definitions in double precision and may differ from the CPU path and the
    /// kernels in the last bits (~1e-12 relative); the sample's exponential keys E/s are then as close, and two keys
    /// of distinct links that close are as unlikely as that, so the topology and the counts must match exactly; the
    /// weights and losses differ by float rounding (the reference's double sums), so those only closely.
    /// </summary>
    [Theory]
    [MemberData(nameof(Predictors))]
    public void Every_engine_samples_the_same_links(string predictor)
    {
        var (train, test) = SmallTrainerRuns.Data(_temp.Path);
        TrainingSettings settings = Small with { Predictor = predictor };
        var runs = new[] { "reference", "cpu", "cpu-2", "ilgpu-cpu" }.ToDictionary(
            name => name,
            name => SmallTrainerRuns.Train(name, settings, train, test)
        );
        RecordedEpochs reference = runs["reference"];
        Assert.All(reference.Metrics.Skip(1), m => Assert.True(m.Layers[0].RegrownByScore > 0));
        foreach (string name in new[] { "cpu", "cpu-2", "ilgpu-cpu" })
        {
            RecordedEpochs other = runs[name];
            for (int epoch = 0; epoch < settings.Epochs; epoch++)
            {
                for (int k = 0; k < 3; k++)
                    Assert.Equal(
                        reference.Networks[epoch].Layers[k].Topology.Keys(),
                        other.Networks[epoch].Layers[k].Topology.Keys()
                    );
                Assert.Equal(reference.Metrics[epoch].Layers, other.Metrics[epoch].Layers);
                AssertClose.Value(
                    reference.Metrics[epoch].TestLoss,
                    other.Metrics[epoch].TestLoss,
                    Tolerance.Loss,
                    $"{name}, epoch {epoch + 1} test loss"
                );
            }
        }
        // The thread count changes no bit.
        Assert.Equal(runs["cpu"].Rows, runs["cpu-2"].Rows);
        for (int k = 0; k < 3; k++)
            Assert.Equal(runs["cpu"].Networks[^1].Layers[k].Weights, runs["cpu-2"].Networks[^1].Layers[k].Weights);
    }

    [Fact]
    public void The_predictor_changes_the_links_and_none_given_trains_as_ch3l3n()
    {
        var (train, test) = SmallTrainerRuns.Data(_temp.Path);
        RecordedEpochs ch3l3 = SmallTrainerRuns.Train("cpu", Small with { Predictor = "ch3l3" }, train, test);
        RecordedEpochs ch2l3n = SmallTrainerRuns.Train("cpu", Small with { Predictor = "ch2l3n" }, train, test);
        RecordedEpochs ch3l3n = SmallTrainerRuns.Train("cpu", Small with { Predictor = "ch3l3n" }, train, test);
        RecordedEpochs absent = SmallTrainerRuns.Train("cpu", Small, train, test);
        // Epoch 1 trains the same initial network; the update before epoch 2 then grows other links.
        Assert.Equal(ch3l3.Networks[0].Layers[0].Topology.Keys(), ch2l3n.Networks[0].Layers[0].Topology.Keys());
        Assert.NotEqual(ch3l3.Networks[1].Layers[0].Topology.Keys(), ch2l3n.Networks[1].Layers[0].Topology.Keys());
        Assert.NotEqual(ch3l3.Networks[1].Layers[0].Topology.Keys(), ch3l3n.Networks[1].Layers[0].Topology.Keys());
        Assert.Equal(ch3l3n.Rows, absent.Rows);
    }

    private TrainingJobRequest Request(string name, int epochs, string? resume = null, int checkpointEvery = 0) =>
        new()
        {
            Overrides = resume is null
                ? TrainingOverrides
                    .None.With(TrainingSettingCatalog.Method, "chts")
                    .With(TrainingSettingCatalog.Predictor, "ch2l3n")
                    .With(TrainingSettingCatalog.Hidden, [40, 30])
                    .With(TrainingSettingCatalog.Density, 0.1)
                    .With(TrainingSettingCatalog.Epochs, epochs)
                    .With(TrainingSettingCatalog.BatchSize, 20)
                    .With(TrainingSettingCatalog.Seed, 3UL)
                    .With(TrainingSettingCatalog.LrSchedule, "constant")
                : TrainingOverrides.None.With(TrainingSettingCatalog.Epochs, epochs),
            OutDirectory = _temp.File(name),
            ResumeFrom = resume,
            CheckpointEvery = checkpointEvery,
            Device = "cpu",
            Threads = 1,
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
        };

    /// <summary>2 epochs, then resumed to 4, against 4 straight: the updates before epochs 3 and 4 follow the resume,
    /// and the checkpoint and metrics.csv (less its wall times) are the same bytes. At a constant learning rate an
    /// extension changes no epoch's rate.</summary>
    [Fact]
    public void A_run_resumed_from_epoch_two_to_four_ends_byte_for_byte_where_the_straight_run_does()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 300, test: 80);
        TrainingJob.Run(Request("straight", 4), SilentReporter.Instance, CancellationToken.None);
        TrainingJob.Run(Request("split", 2), SilentReporter.Instance, CancellationToken.None);
        var split = new RunDirectory(_temp.File("split"));
        Assert.Equal("ch2l3n", CheckpointFile.Read(split.Model).Settings.Predictor);
        TrainingJob.Run(Request("split", 4, resume: split.Model), SilentReporter.Instance, CancellationToken.None);

        var straight = new RunDirectory(_temp.File("straight"));
        string[] rows = MetricsFiles.WithoutTimes(straight.Metrics);
        Assert.Equal(5, rows.Length);
        Assert.Equal(rows, MetricsFiles.WithoutTimes(split.Metrics));
        int regrown = Array.IndexOf(rows[0].Split(','), "regrown_by_score_1");
        Assert.True(int.Parse(rows[4].Split(',')[regrown]) > 0, "the update before epoch 4 regrew by score");
        Assert.Equal(File.ReadAllBytes(straight.Model), File.ReadAllBytes(split.Model));
    }

    /// <summary>
    /// At density 0.08 the second layer (16 × 16) keeps 20 links, too few for paths of length 3 to reach the 6 absent
    /// links an update removes (2 before epochs 2 and 4, none before epoch 3): metrics.csv's regrown_random_k must be
    /// the removed links less those of positive score, counted here from the epoch checkpoints around each update by
    /// the predictor's definition, and every link of positive score must be among those regrown.
    /// </summary>
    [Fact]
    public void A_layer_with_too_few_positive_candidates_counts_the_rest_in_regrown_random()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 300, test: 80);
        TrainingJobRequest request = Request("sparse", 4, checkpointEvery: 1) with
        {
            Overrides = Request("sparse", 4)
                .Overrides.With(TrainingSettingCatalog.Hidden, [16, 16])
                .With(TrainingSettingCatalog.Density, 0.08)
                .With(TrainingSettingCatalog.Predictor, "ch3l3n"),
        };
        TrainingJob.Run(request, SilentReporter.Instance, CancellationToken.None);
        var run = new RunDirectory(_temp.File("sparse"));
        string[][] rows = File.ReadAllLines(run.Metrics).Select(l => l.Split(',')).ToArray();
        int Column(string name) => Array.IndexOf(rows[0], name);

        int partial = 0,
            none = 0,
            enough = 0;
        for (int epoch = 2; epoch <= 4; epoch++)
        {
            Network before = CheckpointFile.Read(run.EpochCheckpoint(epoch - 1)).State.Network;
            Network after = CheckpointFile.Read(run.EpochCheckpoint(epoch)).State.Network;
            for (int k = 0; k < 2; k++)
            {
                long[] keysBefore = before.Layers[k].Topology.Keys();
                var kept = new HashSet<long>(after.Layers[k].Topology.Keys());
                long[] survivors = keysBefore.Where(kept.Contains).ToArray();
                var afterRemoval = LayerTopology.FromSortedKeys(
                    before.Layers[k].Inputs,
                    before.Layers[k].Outputs,
                    survivors
                );
                List<ScoredLink> scored = CannistraciHebbReference.All("ch3l3n", afterRemoval, keysBefore);
                int positive = scored.Count;
                int removed = keysBefore.Length - survivors.Length;
                string[] row = rows[epoch];
                Assert.Equal(removed, int.Parse(row[Column($"removed_{k + 1}")]));
                Assert.Equal(Math.Min(positive, removed), int.Parse(row[Column($"regrown_by_score_{k + 1}")]));
                Assert.Equal(Math.Max(0, removed - positive), int.Parse(row[Column($"regrown_random_{k + 1}")]));
                if (positive < removed)
                    Assert.Subset(kept, scored.Select(l => l.Key).ToHashSet());
                partial += positive > 0 && positive < removed ? 1 : 0;
                none += positive == 0 ? 1 : 0;
                enough += positive >= removed ? 1 : 0;
            }
        }
        Assert.True(
            partial > 0 && none > 0 && enough > 0,
            $"updates with some, no and enough positive candidates: {partial}, {none}, {enough}"
        );
    }
}
