using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Cpu;
using SparseGpu.Engines.Reference;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

/// <summary>
/// `--method set` and `--chain-removal` through the real <see cref="Trainer"/>: the engines (reference, fast CPU
/// path, ILGPU CPU accelerator) reach the same topology after every update, a run interrupted mid-epoch resumes from
/// its checkpoint file bit for bit, and chain removal takes more links than the rule alone while every layer keeps
/// its count.
/// </summary>
public sealed class TopologyMethodTrainingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Small enough for the ILGPU CPU accelerator; the second layer (24 links over 12 × 10 neurons) strands
    /// neurons when ζ of its links go.</summary>
    private static readonly TrainingSettings Small = new()
    {
        Hidden = [12, 10],
        Density = 0.2,
        Epochs = 3,
        BatchSize = 16,
        Seed = 11,
    };

    private (ImageSet Train, ImageSet Test) Data()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 200, test: 60);
        DatasetSplits data = DatasetLoader.Load(_temp.Path, DatasetCatalog.MnistInfo);
        return (data.Train.Take(64), data.Test.Take(20));
    }

    private static TrainingState NewState(TrainingSettings settings, ImageSet train) =>
        new(NetworkFactory.Create(settings.InitialShape(train.InputSize, train.Classes), settings.Seed));

    private static INetworkEngine Engine(string name) =>
        name switch
        {
            "reference" => new ReferenceEngine(),
            "cpu" => new CpuEngine(1),
            _ => EngineFactory.Create("ilgpu-cpu"),
        };

    public static TheoryData<string, bool> Methods() =>
        new()
        {
            { "set", false },
            { "set", true },
            { "rlr", true },
            { "ch3l3", true },
        };

    [Theory]
    [MemberData(nameof(Methods))]
    public void The_engines_reach_the_same_topology_after_every_update(string method, bool chain)
    {
        var (train, test) = Data();
        TrainingSettings settings = Small with { Regrowth = method, ChainRemoval = chain };
        var runs = new Dictionary<string, Epochs>();
        foreach (string name in new[] { "reference", "cpu", "ilgpu-cpu" })
        {
            var epochs = new Epochs();
            using (INetworkEngine engine = Engine(name))
                new Trainer(engine, settings, train, test, epochs).Run(NewState(settings, train), default);
            runs[name] = epochs;
        }
        Epochs reference = runs["reference"];
        foreach (string name in new[] { "cpu", "ilgpu-cpu" })
        {
            Epochs other = runs[name];
            for (int epoch = 0; epoch < settings.Epochs; epoch++)
            {
                for (int k = 0; k < 3; k++)
                    Assert.Equal(
                        reference.Networks[epoch].Layers[k].Topology.Keys(),
                        other.Networks[epoch].Layers[k].Topology.Keys()
                    );
                AssertClose.Value(
                    reference.Metrics[epoch].TestLoss,
                    other.Metrics[epoch].TestLoss,
                    Tolerance.Loss,
                    $"{name}, epoch {epoch + 1} test loss"
                );
            }
            for (int k = 0; k < 3; k++)
                AssertClose.All(
                    reference.Networks[^1].Layers[k].Weights.Select(w => (double)w).ToArray(),
                    other.Networks[^1].Layers[k].Weights.Select(w => (double)w).ToArray(),
                    new Tolerance(1e-5, 1e-3),
                    $"{name}, layer {k + 1} final weights"
                );
        }
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void An_interrupted_set_run_with_chain_removal_resumes_bit_for_bit_from_its_checkpoint(string engine)
    {
        var (train, test) = Data();
        TrainingSettings settings = Small with { Regrowth = "set", SetZeta = 0.4, ChainRemoval = true };
        var straight = new Epochs();
        TrainingState straightState = NewState(settings, train);
        using (INetworkEngine e = Engine(engine))
            new Trainer(e, settings, train, test, straight).Run(straightState, default);

        // 4 batches an epoch: stop after the second batch of the second epoch, which follows an update.
        var cancel = new CancellationTokenSource();
        var first = new Epochs();
        TrainingState state = NewState(settings, train);
        using (var interrupting = new CancelAfterBatches(Engine(engine), batches: 4 + 2, cancel))
            Assert.Equal(
                TrainingStop.Interrupted,
                new Trainer(interrupting, settings, train, test, first).Run(state, cancel.Token)
            );
        Assert.Equal((1, 2 * 16), (state.CompletedEpochs, state.NextSample));
        string path = _temp.File("set.ckpt");
        CheckpointFile.Write(path, settings, state);
        Checkpoint restored = CheckpointFile.Read(path);
        Assert.Equal((0.4, true), (restored.Settings.SetZeta, restored.Settings.ChainRemoval));
        var rest = new Epochs();
        using (INetworkEngine e = Engine(engine))
            new Trainer(e, restored.Settings, train, test, rest).Run(restored.State, default);

        Assert.Equal(straight.Rows, first.Rows.Concat(rest.Rows));
        for (int k = 0; k < 3; k++)
        {
            Layer a = straightState.Network.Layers[k],
                b = restored.State.Network.Layers[k];
            Assert.Equal(a.Topology.Keys(), b.Topology.Keys());
            Assert.Equal(a.Weights, b.Weights);
            Assert.Equal(a.WeightVelocity, b.WeightVelocity);
        }
    }

    [Fact]
    public void Chain_removal_takes_more_than_the_rule_and_every_layer_keeps_its_links()
    {
        var (train, test) = Data();
        TrainingSettings plain = Small with { Regrowth = "rlr", Epochs = 4 },
            chained = plain with { ChainRemoval = true };
        var withChain = new Epochs();
        var without = new Epochs();
        using (var e = new CpuEngine(1))
            new Trainer(e, chained, train, test, withChain).Run(NewState(chained, train), default);
        using (var e = new CpuEngine(1))
            new Trainer(e, plain, train, test, without).Run(NewState(plain, train), default);

        int[] links = without.Metrics[0].Layers.Select(l => l.Links).ToArray();
        Assert.All(withChain.Metrics, m => Assert.Equal(links, m.Layers.Select(l => l.Links).ToArray()));
        Assert.All(withChain.Metrics, m => Assert.All(m.Layers, l => Assert.Equal(l.Removed, l.Regrown)));
        Assert.All(
            without.Metrics.Skip(1),
            m => Assert.All(m.Layers, l => Assert.Equal(TopologyEditor.RemovalCount(l.Links, 0.3), l.Removed))
        );
        // A first-layer neuron whose few outgoing links all go takes its ~150 inputs with it.
        Assert.Contains(
            withChain.Metrics.Skip(1),
            m => m.Layers[0].Removed > TopologyEditor.RemovalCount(m.Layers[0].Links, 0.3)
        );
        Assert.NotEqual(without.Rows, withChain.Rows);
    }

    /// <summary>Each epoch's metrics, its metrics.csv row without wall times, and the network after it.</summary>
    private sealed class Epochs : ITrainingObserver
    {
        public List<EpochMetrics> Metrics { get; } = [];
        public List<Network> Networks { get; } = [];
        public List<string> Rows { get; } = [];

        public void OnProgress(TrainingProgress progress) { }

        public void OnEpochCompleted(EpochMetrics metrics, TrainingState state)
        {
            Metrics.Add(metrics);
            Networks.Add(state.Network.Clone());
            Rows.Add(MetricsCsv.Row(metrics with { TrainSeconds = 0, TopologySeconds = 0, EvalSeconds = 0 }));
        }
    }
}
