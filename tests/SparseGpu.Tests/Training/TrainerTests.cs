using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Cpu;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

/// <summary>Determinism, interruption and divergence of the orchestrator, on small synthetic data.</summary>
public sealed class TrainerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly TrainingSettings Settings = new()
    {
        Hidden = [40, 30],
        Density = 0.1,
        Epochs = 3,
        BatchSize = 16,
        Seed = 5,
    };

    private DatasetSplits Data()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 200, test: 60);
        return DatasetLoader.Load(_temp.Path, DatasetCatalog.MnistInfo);
    }

    private static TrainingState NewState(DatasetSplits data) =>
        new(NetworkFactory.Create(Settings.Shape(data.Train.InputSize, data.Train.Classes), Settings.Seed));

    [Fact]
    public void The_same_seed_gives_identical_metrics_and_weights()
    {
        DatasetSplits data = Data();
        var (metricsA, stateA) = Train(data, NewState(data), new CpuEngine(2));
        var (metricsB, stateB) = Train(data, NewState(data), new CpuEngine(1));
        Assert.Equal(metricsA.Select(WithoutTimes), metricsB.Select(WithoutTimes));
        for (int k = 0; k < stateA.Network.Layers.Count; k++)
            Assert.Equal(stateA.Network.Layers[k].Weights, stateB.Network.Layers[k].Weights);
        Assert.True(metricsA[^1].TestAccuracy > 0.5, $"test accuracy {metricsA[^1].TestAccuracy}");
        Assert.All(metricsA[0].Layers, l => Assert.Equal(0, l.Removed)); // the first epoch trains the initial topology
        Assert.All(
            metricsA.Skip(1),
            m =>
                Assert.All(
                    m.Layers,
                    l =>
                    {
                        Assert.Equal(TopologyEditor.RemovalCount(l.Links, Settings.Zeta), l.Removed);
                        Assert.Equal(l.Removed, l.Regrown);
                    }
                )
        );
    }

    [Fact]
    public void Ch3l3_training_regrows_by_score_and_is_reproducible()
    {
        DatasetSplits data = Data();
        TrainingSettings settings = Settings with { Regrowth = "ch3l3" };
        var first = new Collector();
        using (var engine = new CpuEngine())
            new Trainer(engine, settings, data.Train, data.Test, first).Run(NewState(data), CancellationToken.None);
        var second = new Collector();
        using (var engine = new CpuEngine(1))
            new Trainer(engine, settings, data.Train, data.Test, second).Run(NewState(data), CancellationToken.None);
        Assert.Equal(first.Metrics.Select(WithoutTimes), second.Metrics.Select(WithoutTimes));
        Assert.All(
            first.Metrics.Skip(1),
            m =>
                Assert.All(
                    m.Layers,
                    l =>
                    {
                        Assert.True(l.RegrownByScore > 0, "CH3-L3 should find scored candidates in a 10% dense layer");
                        Assert.Equal(l.Removed, l.RegrownByScore + l.RegrownAtRandom);
                    }
                )
        );
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    public void An_interrupted_epoch_resumes_exactly_where_it_stopped(double dropout)
    {
        DatasetSplits data = Data();
        TrainingSettings settings = Settings with { Dropout = dropout };
        var (straight, straightState) = Train(data, NewState(data), new CpuEngine(), settings);

        // Stop in the middle of the second epoch, save, load, and continue in a fresh engine.
        var cancel = new CancellationTokenSource();
        using var interrupting = new CancelAfterBatches(new CpuEngine(), batches: 13 + 7, cancel);
        var first = new Collector();
        TrainingState state = NewState(data);
        Assert.Equal(
            TrainingStop.Interrupted,
            new Trainer(interrupting, settings, data.Train, data.Test, first).Run(state, cancel.Token)
        );
        Assert.Equal(1, state.CompletedEpochs);
        Assert.Equal(7 * 16, state.NextSample);
        string path = _temp.File("interrupted.ckpt");
        CheckpointFile.Write(path, settings, state);

        // Resumed as `train --resume` does: with the settings the checkpoint holds (its dropout rate included).
        Checkpoint restored = CheckpointFile.Read(path);
        Assert.Equal(dropout, restored.Settings.Dropout);
        var (rest, resumedState) = Train(data, restored.State, new CpuEngine(), restored.Settings);
        Assert.Equal(straight.Select(WithoutTimes), first.Metrics.Concat(rest).Select(WithoutTimes));
        for (int k = 0; k < straightState.Network.Layers.Count; k++)
        {
            Assert.Equal(
                straightState.Network.Layers[k].Topology.Keys(),
                resumedState.Network.Layers[k].Topology.Keys()
            );
            Assert.Equal(straightState.Network.Layers[k].Weights, resumedState.Network.Layers[k].Weights);
            Assert.Equal(straightState.Network.Layers[k].WeightVelocity, resumedState.Network.Layers[k].WeightVelocity);
        }
    }

    [Fact]
    public void A_diverging_loss_stops_the_run_and_keeps_the_last_good_checkpoint()
    {
        DatasetSplits data = Data();
        var directory = new RunDirectory(_temp.File("run"));
        Directory.CreateDirectory(directory.Path);
        var recorder = new RunRecorder(
            directory,
            Settings,
            MetricsCsv.Create(directory.Metrics, 2),
            0,
            SilentReporter.Instance
        );
        using var engine = new NanAfterEpochs(new CpuEngine(), goodEpochs: 1);
        var e = Assert.Throws<TrainingDivergedException>(() =>
            new Trainer(engine, Settings, data.Train, data.Test, recorder).Run(NewState(data), CancellationToken.None)
        );
        Assert.Equal(2, e.Epoch);
        Assert.Contains("training diverged in epoch 2", e.Message);
        Checkpoint kept = CheckpointFile.Read(directory.Model);
        Assert.Equal(1, kept.State.CompletedEpochs);
        Assert.Equal(2, File.ReadAllLines(directory.Metrics).Length); // header and epoch 1
    }

    private (List<EpochMetrics> Metrics, TrainingState State) Train(
        DatasetSplits data,
        TrainingState state,
        INetworkEngine engine,
        TrainingSettings? settings = null
    )
    {
        using (engine)
        {
            var collector = new Collector();
            Assert.Equal(
                TrainingStop.Completed,
                new Trainer(engine, settings ?? Settings, data.Train, data.Test, collector).Run(
                    state,
                    CancellationToken.None
                )
            );
            return (collector.Metrics, state);
        }
    }

    /// <summary>The metrics.csv row with the wall-clock columns zeroed: everything that must repeat exactly.</summary>
    private static string WithoutTimes(EpochMetrics m) =>
        MetricsCsv.Row(m with { TrainSeconds = 0, TopologySeconds = 0, EvalSeconds = 0 });

    private sealed class Collector : ITrainingObserver
    {
        public List<EpochMetrics> Metrics { get; } = [];

        public void OnProgress(TrainingProgress progress) { }

        public void OnEpochCompleted(EpochMetrics metrics, TrainingState state) => Metrics.Add(metrics);
    }
}
