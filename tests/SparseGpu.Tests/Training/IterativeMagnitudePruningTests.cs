using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Cpu;
using SparseGpu.Engines.Reference;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Oracle;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

/// <summary>
/// `--method imp` through the real <see cref="Trainer"/>: every round's link counts, which links go (brute force over
/// the network the round pruned), what the survivors are rewound to, the final density, resuming bit for bit, and
/// the engines agreeing. The networks the trainer hands the engine after each prune are recorded
/// (<see cref="RecordedLoads"/>): the first is the initial network, each later one a network just pruned and rewound.
/// </summary>
public sealed class IterativeMagnitudePruningTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Density 1 → 0.1 at rate 0.5: 0.5, 0.25, 0.125, then exactly 0.1, so four rounds of two epochs after
    /// the two of round 0.</summary>
    private static readonly TrainingSettings Settings = new()
    {
        Hidden = [24, 16],
        Density = 0.1,
        Epochs = 2,
        BatchSize = 16,
        Seed = 7,
        Regrowth = "imp",
        ImpRate = 0.5,
    };

    private DatasetSplits Data()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 200, test: 60);
        return DatasetLoader.Load(_temp.Path, DatasetCatalog.MnistInfo);
    }

    private static TrainingState NewState(TrainingSettings settings, DatasetSplits data) =>
        new(NetworkFactory.Create(settings.InitialShape(data.Train.InputSize, data.Train.Classes), settings.Seed));

    /// <summary>The documented count: ⌊max(target, start · (1 − rate)^r) · n_in · n_out⌋, the target from round R
    /// on.</summary>
    private static long DocumentedLinks(TrainingSettings s, int round, int rounds, Layer layer)
    {
        double density = round >= rounds ? s.Density!.For(0) : Math.Max(0.1, Math.Pow(1 - s.ImpRate, round));
        return (long)Math.Floor(density * layer.Inputs * layer.Outputs + 1e-9);
    }

    [Fact]
    public void Each_round_keeps_the_documented_links_of_largest_magnitude_rewound_to_the_initial_weights()
    {
        DatasetSplits data = Data();
        TrainingState state = NewState(Settings, data);
        Network initial = state.Network.Clone();
        var epochs = new RecordedEpochs();
        using var loads = new RecordedLoads(new CpuEngine(2));
        new Trainer(loads, Settings, data.Train, data.Test, epochs).Run(state, CancellationToken.None);

        Assert.Equal(4, IterativeMagnitudePruning.For(Settings)!.Rounds);
        Assert.Equal(2 + 4 * 2, epochs.Metrics.Count);
        Assert.Equal(5, loads.Networks.Count); // the initial network, then one per round
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4], epochs.Metrics.Select(m => m.ImpRound!.Value));
        for (int round = 1; round <= 4; round++)
        {
            Network before = epochs.Networks[2 * round - 1]; // after the round before's last epoch
            Network after = loads.Networks[round];
            for (int k = 0; k < 2; k++)
            {
                string what = $"round {round}, layer {k + 1}";
                Layer pruned = after.Layers[k];
                Assert.True(DocumentedLinks(Settings, round, 4, pruned) == pruned.LinkCount, what);
                Assert.Equal(
                    before.Layers[k].LinkCount - pruned.LinkCount,
                    epochs.Metrics[2 * round].Layers[k].Removed
                );
                AssertKeptTheLargest(before.Layers[k], pruned, what);
                AssertRewound(pruned, initial.Layers[k], what);
            }
            AssertRewound(after.Layers[2], initial.Layers[2], $"round {round}, read-out");
        }
        // The final network is at the target density, exactly as --density counts links.
        for (int k = 0; k < 2; k++)
            Assert.Equal(
                Settings.Links.LinksFor(k, state.Network.Layers[k].Inputs, state.Network.Layers[k].Outputs),
                state.Network.Layers[k].LinkCount
            );
        Assert.True(epochs.Metrics[^1].TestAccuracy > 0.3, $"test accuracy {epochs.Metrics[^1].TestAccuracy}");
    }

    [Fact]
    public void Rewinding_to_epoch_k_restores_the_weights_after_epoch_k_and_resumes_its_learning_rate()
    {
        DatasetSplits data = Data();
        TrainingSettings settings = Settings with { Epochs = 3, ImpRewind = "1" };
        TrainingState state = NewState(settings, data);
        var epochs = new RecordedEpochs();
        using var loads = new RecordedLoads(new CpuEngine(1));
        new Trainer(loads, settings, data.Train, data.Test, epochs).Run(state, CancellationToken.None);

        // Round 0: three epochs; each of the four rounds then trains epochs 2 and 3 of a three-epoch schedule.
        Assert.Equal(3 + 4 * 2, epochs.Metrics.Count);
        Network afterEpoch1 = epochs.Networks[0];
        for (int round = 1; round <= 4; round++)
        {
            for (int k = 0; k < 3; k++)
                AssertRewound(loads.Networks[round].Layers[k], afterEpoch1.Layers[k], $"round {round}, layer {k + 1}");
            int first = 3 + 2 * (round - 1);
            Assert.Equal(epochs.Metrics[1].LearningRate, epochs.Metrics[first].LearningRate);
            Assert.Equal(epochs.Metrics[2].LearningRate, epochs.Metrics[first + 1].LearningRate);
        }
    }

    [Theory]
    [InlineData("init", 13 * 3 + 5)] // inside the first epoch of round 1
    [InlineData("init", 13 * 6)] // at the epoch boundary just before the second prune
    [InlineData("1", 5)] // inside epoch 1, before the rewind point is taken
    [InlineData("1", 13 * 5 + 2)] // inside round 2, with the rewind point in the checkpoint
    public void An_interrupted_run_resumes_bit_for_bit(string rewind, int stopAfterBatches)
    {
        DatasetSplits data = Data();
        TrainingSettings settings = Settings with { Epochs = 3, ImpRewind = rewind, ImpRoundEpochs = 3 };
        var straight = new RecordedEpochs();
        TrainingState straightState = NewState(settings, data);
        using (var engine = new CpuEngine())
            new Trainer(engine, settings, data.Train, data.Test, straight).Run(straightState, CancellationToken.None);

        var cancel = new CancellationTokenSource();
        var first = new RecordedEpochs();
        TrainingState state = NewState(settings, data);
        using (var interrupting = new CancelAfterBatches(new CpuEngine(), stopAfterBatches, cancel))
            Assert.Equal(
                TrainingStop.Interrupted,
                new Trainer(interrupting, settings, data.Train, data.Test, first).Run(state, cancel.Token)
            );
        string path = _temp.File("interrupted.ckpt");
        CheckpointFile.Write(path, settings, state);
        Checkpoint restored = CheckpointFile.Read(path);
        Assert.Equal(state.RewindPoint is null, restored.State.RewindPoint is null);
        var rest = new RecordedEpochs();
        using (var engine = new CpuEngine())
            new Trainer(engine, restored.Settings, data.Train, data.Test, rest).Run(
                restored.State,
                CancellationToken.None
            );

        Assert.Equal(straight.Rows, first.Rows.Concat(rest.Rows));
        Assert.Equal(
            CheckpointFile.NetworkSha256(straightState.Network),
            CheckpointFile.NetworkSha256(restored.State.Network)
        );
    }

    public static TheoryData<string> EngineNames() => ["reference", "cpu", "ilgpu-cpu"];

    /// <summary>The same rounds on every engine: the same links after every prune (the engines' float32 and double
    /// weights order the same links first on this shape) and weights within float32 rounding of the
    /// reference.</summary>
    [Fact]
    public void The_engines_agree_on_every_round()
    {
        DatasetSplits data = Data();
        // Small enough for the ILGPU CPU accelerator's simulated threads: four batches an epoch, one epoch a round.
        ImageSet train = data.Train.Take(64),
            test = data.Test.Take(20);
        TrainingSettings settings = Settings with { Hidden = [12, 10], Density = 0.2, Epochs = 1 };
        var results = new Dictionary<string, (RecordedLoads Loads, RecordedEpochs Epochs, TrainingState State)>();
        foreach (string name in new[] { "reference", "cpu", "ilgpu-cpu" })
        {
            INetworkEngine inner = name switch
            {
                "reference" => new ReferenceEngine(),
                "cpu" => new CpuEngine(1),
                _ => EngineFactory.Create("ilgpu-cpu"),
            };
            var loads = new RecordedLoads(inner);
            var epochs = new RecordedEpochs();
            TrainingState state = NewState(settings, data);
            using (loads)
                new Trainer(loads, settings, train, test, epochs).Run(state, CancellationToken.None);
            results[name] = (loads, epochs, state);
        }
        var reference = results["reference"];
        foreach (string name in new[] { "cpu", "ilgpu-cpu" })
        {
            var other = results[name];
            Assert.Equal(4, other.Loads.Networks.Count); // the initial network and rounds to 0.5, 0.25, 0.2
            Assert.Equal(reference.Loads.Networks.Count, other.Loads.Networks.Count);
            for (int round = 0; round < reference.Loads.Networks.Count; round++)
            for (int k = 0; k < 3; k++)
                Assert.Equal(
                    reference.Loads.Networks[round].Layers[k].Topology.Keys(),
                    other.Loads.Networks[round].Layers[k].Topology.Keys()
                );
            for (int k = 0; k < 3; k++)
                AssertClose.All(
                    reference.State.Network.Layers[k].Weights.Select(w => (double)w).ToArray(),
                    other.State.Network.Layers[k].Weights.Select(w => (double)w).ToArray(),
                    new Tolerance(1e-5, 1e-3),
                    $"{name}, layer {k + 1} final weights"
                );
            for (int epoch = 0; epoch < reference.Epochs.Metrics.Count; epoch++)
                AssertClose.Value(
                    reference.Epochs.Metrics[epoch].TestLoss,
                    other.Epochs.Metrics[epoch].TestLoss,
                    Tolerance.Loss,
                    $"{name}, epoch {epoch + 1} test loss"
                );
        }
    }

    [Theory]
    [InlineData("--imp-rate", 0.0, "imp-rate must be in (0, 1), got 0")]
    [InlineData("--imp-rate", 1.0, "imp-rate must be in (0, 1), got 1")]
    public void A_rate_outside_zero_one_is_refused(string option, double rate, string message)
    {
        var e = Assert.Throws<InvalidSettingException>(() => (Settings with { ImpRate = rate }).Validate());
        Assert.Contains(message, e.Message);
        Assert.Contains(option, e.Message);
    }

    [Fact]
    public void Bad_combinations_are_one_line_errors()
    {
        string Problem(TrainingSettings s) =>
            Assert.Throws<InvalidSettingException>(() => s.Validate()).Message.ReplaceLineEndings("|");

        Assert.Contains("--imp-rewind 2 is beyond a round's 2 epochs", Problem(Settings with { ImpRewind = "2" }));
        Assert.Contains(
            "--imp-rewind 3 is beyond the 2 epochs of the first training",
            Problem(Settings with { ImpRewind = "3", ImpRoundEpochs = 5 })
        );
        Assert.Contains("--density 1 is not below --imp-start-density 1", Problem(Settings with { Density = 1.0 }));
        Assert.Contains(
            "--density 0.5 is not below --imp-start-density 0.3",
            Problem(Settings with { Density = 0.5, ImpStartDensity = 0.3 })
        );
        Assert.Contains("--imp-rewind must be init or a positive epoch", Problem(Settings with { ImpRewind = "x" }));
        Assert.Contains("--imp-rate applies to --method imp only", Problem(new TrainingSettings { ImpRate = 0.3 }));
        Assert.Contains("give it as --density", Problem(Settings with { FanIn = 3 }));
        Assert.All(
            new[]
            {
                Settings with
                {
                    ImpRewind = "2",
                },
                new TrainingSettings { ImpRate = 0.3 },
            },
            s => Assert.DoesNotContain("|", Problem(s))
        );
    }

    [Fact]
    public void Starting_sparser_than_dense_prunes_from_the_start_density()
    {
        TrainingSettings settings = Settings with { ImpStartDensity = 0.4, ImpRate = 0.2 };
        IterativeMagnitudePruning plan = IterativeMagnitudePruning.For(settings)!;
        // 0.4 · 0.8^r ≤ 0.1 first at r = 7 (0.4 · 0.8^6 = 0.105).
        Assert.Equal(7, plan.Rounds);
        Assert.Equal(0.4 * Math.Pow(0.8, 6), plan.DensityAfter(6, 0));
        Assert.Equal(0.1, plan.DensityAfter(7, 0));
        Assert.Equal(2 + 7 * 2, plan.TotalEpochs);
        // Density 1 → 0.01 at 20% per round: 21 rounds (0.8^20 = 0.0115, 0.8^21 = 0.0092).
        Assert.Equal(21, IterativeMagnitudePruning.RoundsTo(1, 0.01, 0.2));
        Assert.Equal(2, IterativeMagnitudePruning.RoundsTo(1, 0.64, 0.2)); // 0.8² is 0.64, not a rounding above it
    }

    /// <summary>The pruned layer's links are those of largest |w| in the layer it was pruned from: as many, and
    /// every one kept at least as large as every one removed.</summary>
    private static void AssertKeptTheLargest(Layer before, Layer after, string what)
    {
        long[] beforeKeys = before.Topology.Keys();
        var kept = new HashSet<long>(after.Topology.Keys());
        Assert.True(kept.IsSubsetOf(beforeKeys), $"{what}: a kept link was not there before");
        var magnitudes = beforeKeys.Select((key, link) => (key, Magnitude: Math.Abs(before.Weights[link]))).ToList();
        float smallestKept = magnitudes.Where(m => kept.Contains(m.key)).Min(m => m.Magnitude);
        float largestRemoved = magnitudes.Where(m => !kept.Contains(m.key)).Max(m => m.Magnitude);
        Assert.True(smallestKept >= largestRemoved, $"{what}: kept |w| {smallestKept} < removed {largestRemoved}");
        // Brute force: sorting all links by |w| gives the same set.
        var bySort = magnitudes.OrderByDescending(m => m.Magnitude).Take(kept.Count).Select(m => m.key).ToHashSet();
        Assert.True(bySort.SetEquals(kept), $"{what}: not the links of largest |w|");
    }

    /// <summary>Every link's weight and every bias are the rewind point's, bit for bit, with zero momentum.</summary>
    private static void AssertRewound(Layer layer, Layer point, string what)
    {
        long[] pointKeys = point.Topology.Keys();
        long[] keys = layer.Topology.Keys();
        for (int link = 0; link < keys.Length; link++)
        {
            int at = Array.BinarySearch(pointKeys, keys[link]);
            Assert.True(at >= 0, $"{what}: link {keys[link]} is not in the rewind point");
            Assert.True(
                BitConverter.SingleToInt32Bits(point.Weights[at])
                    == BitConverter.SingleToInt32Bits(layer.Weights[link]),
                $"{what}: link {keys[link]} is {layer.Weights[link]}, its rewind weight {point.Weights[at]}"
            );
        }
        Assert.Equal(point.Bias, layer.Bias);
        Assert.All(layer.WeightVelocity, v => Assert.Equal(0f, v));
        Assert.All(layer.BiasVelocity, v => Assert.Equal(0f, v));
    }
}
