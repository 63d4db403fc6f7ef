using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Cpu;
using SparseGpu.Engines.Reference;
using SparseGpu.Model;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Oracle;

/// <summary>
/// Two epochs through the real <see cref="Trainer"/> on every engine against the <see cref="TrainingOracle"/>, which
/// shares none of the batch schedule: epoch losses and accuracies, the learning rate, and the final weights, biases
/// and momentum. A static topology (method none) checks training alone; RLR adds the topology update that opens the
/// second epoch, whose links the oracle takes from the network the trainer loaded after it (the choice of links is
/// the editor's and is tested there; what this checks is that training carries on from the right values).
/// </summary>
public sealed class TrainingOracleTests
{
    /// <summary>Epoch mean losses, float32 per-sample losses summed in double against the double oracle.</summary>
    private static readonly Tolerance EpochLoss = new(1e-6, 1e-5);

    /// <summary>Weights and biases after twelve float32 SGD steps against the double oracle.</summary>
    private static readonly Tolerance EpochParameters = new(1e-6, 1e-4);

    /// <summary>Momentum after twelve float32 steps: a running sum of gradients, so it carries their
    /// rounding.</summary>
    private static readonly Tolerance EpochMomentum = new(1e-6, 3e-4);

    /// <summary>Values the oracle and the trainer compute alike in double (rates, accuracies as counts over
    /// the same total).</summary>
    private static readonly Tolerance Exact = new(1e-12, 1e-12);

    private const int TrainImages = 37; // batches of 7: five full and a last one of two
    private const int TestImages = 23;

    private static readonly TrainingSettings Settings = new()
    {
        Epochs = 2,
        BatchSize = 7,
        LearningRate = 0.05,
        Momentum = 0.9,
        WeightDecay = 5e-4,
        Zeta = 0.3,
        UpdateInterval = 1,
        Seed = 11,
    };

    private static readonly Dictionary<string, Func<INetworkEngine>> Engines = new()
    {
        ["reference"] = () => new ReferenceEngine(),
        ["cpu-1-thread"] = () => new CpuEngine(threads: 1),
        ["cpu-2-threads"] = () => new CpuEngine(threads: 2),
        ["ilgpu-cpu"] = () => EngineFactory.Create("ilgpu-cpu"),
    };

    public static TheoryData<string, string, string> EnginesShapesAndMethods()
    {
        var data = new TheoryData<string, string, string>();
        foreach (string engine in Engines.Keys)
        foreach (NetworkCase c in TestNetworks.Catalogue)
        foreach (string method in new[] { "none", "rlr" })
            data.Add(engine, c.Name, method);
        return data;
    }

    [Theory]
    [MemberData(nameof(EnginesShapesAndMethods))]
    public void Two_epochs_of_training_match_the_oracle(string engine, string shape, string method)
    {
        NetworkCase networkCase = TestNetworks.Get(shape);
        Network initial = networkCase.Build();
        ImageSet train = TestNetworks.Images(networkCase, initial, TrainImages, seed: 71);
        ImageSet test = TestNetworks.Images(networkCase, initial, TestImages, seed: 72);
        TrainingSettings settings = Settings with { Regrowth = method };

        var epochs = new EpochCollector();
        var state = new TrainingState(initial.Clone());
        using var loads = new RecordedLoads(Engines[engine]());
        new Trainer(loads, settings, train, test, epochs).Run(state, CancellationToken.None);

        string what = $"{engine}, {shape}, {method}";
        var oracle = new TrainingOracle(initial);
        List<OracleEpoch> expectedEpochs = RunOracle(oracle, initial, train, test, settings, loads.Networks, what);
        Assert.Equal(settings.Epochs, epochs.Metrics.Count);
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            OracleEpoch expected = expectedEpochs[epoch];
            EpochMetrics metrics = epochs.Metrics[epoch];
            string inEpoch = $"{what}, epoch {epoch + 1}";
            AssertClose.Value(expected.Rate, metrics.LearningRate, Exact, $"{inEpoch} learning rate");
            AssertClose.Value(expected.Train.Loss, metrics.TrainLoss, EpochLoss, $"{inEpoch} training loss");
            AssertClose.Value(expected.Test.Loss, metrics.TestLoss, EpochLoss, $"{inEpoch} test loss");
            AssertClose.Value(expected.Train.Accuracy, metrics.TrainAccuracy, Exact, $"{inEpoch} training accuracy");
            AssertClose.Value(expected.Test.Accuracy, metrics.TestAccuracy, Exact, $"{inEpoch} test accuracy");
        }

        for (int k = 0; k < oracle.Layers.Count; k++)
        {
            OracleLayer expected = oracle.Layers[k];
            Layer actual = state.Network.Layers[k];
            string layer = $"{what}, layer {k + 1}";
            Assert.Equal(expected.Topology.Keys(), actual.Topology.Keys());
            AssertClose.All(expected.Weights, actual.Weights, EpochParameters, $"{layer} weights");
            AssertClose.All(expected.Bias, actual.Bias, EpochParameters, $"{layer} biases");
            AssertClose.All(expected.WeightMomentum, actual.WeightVelocity, EpochMomentum, $"{layer} weight momentum");
            AssertClose.All(expected.BiasMomentum, actual.BiasVelocity, EpochMomentum, $"{layer} bias momentum");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_oracle_gradients_match_finite_differences(string shape)
    {
        NetworkCase networkCase = TestNetworks.Get(shape);
        Network network = networkCase.Build();
        ImageSet images = TestNetworks.Images(networkCase, network, 5, seed: 73);
        int[] batch = [4, 0, 2, 2, 1]; // any order, a sample twice
        var oracle = new TrainingOracle(network);
        OracleGradients analytic = oracle.Gradients(images, batch);
        const double h = 1e-6;
        for (int k = 0; k < oracle.Layers.Count; k++)
        {
            OracleLayer layer = oracle.Layers[k];
            foreach (
                var (parameters, gradient, name) in new[]
                {
                    (layer.Weights, analytic.Weights[k], "weight"),
                    (layer.Bias, analytic.Bias[k], "bias"),
                }
            )
            {
                double[] numeric = new double[parameters.Length];
                for (int i = 0; i < parameters.Length; i++)
                {
                    double kept = parameters[i];
                    parameters[i] = kept + h;
                    double up = oracle.Gradients(images, batch).MeanLoss;
                    parameters[i] = kept - h;
                    double down = oracle.Gradients(images, batch).MeanLoss;
                    parameters[i] = kept;
                    numeric[i] = (up - down) / (2 * h);
                }
                AssertClose.All(
                    numeric,
                    gradient,
                    Tolerance.FiniteDifference,
                    $"{shape} layer {k + 1} {name} gradients"
                );
            }
        }
    }

    [Fact]
    public void The_oracle_step_is_pytorch_sgd_on_weights_and_biases()
    {
        // One link, one input pixel of 255 (x = 1), two classes; worked out by hand below.
        var hidden = LayerTopology.FromLinks(1, 1, [(0, 0)]);
        var readout = LayerTopology.Dense(1, 2);
        var network = new Network([
            new Layer(hidden, [0.5f], [0.25f], [0f], [0.5f], evolves: true, relu: true),
            new Layer(readout, [0f, 0f], [0f, 0f], [0f, 0f], [0f, 0f], evolves: false, relu: false),
        ]);
        var images = new ImageSet("one", 1, 1, 2, [255], [0]);
        var oracle = new TrainingOracle(network);
        oracle.Step(images, [0], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01);
        // Read-out logits 0, 0: p = (½, ½), dz = (−½, ½); dW = h·dz with h = 0.5, so the hidden layer gets no
        // gradient (the read-out weights are 0) and moves by momentum and decay alone.
        OracleLayer first = oracle.Layers[0],
            second = oracle.Layers[1];
        double v = 0.9 * 0.25 + 0 + 0.01 * 0.5;
        Assert.Equal(v, first.WeightMomentum[0], 15);
        Assert.Equal(0.5 - 0.1 * v, first.Weights[0], 15);
        double vb = 0.9 * 0.5;
        Assert.Equal(vb, first.BiasMomentum[0], 15);
        Assert.Equal(-0.1 * vb, first.Bias[0], 15);
        Assert.Equal([-0.25, 0.25], second.WeightMomentum);
        Assert.Equal([0.025, -0.025], second.Weights);
        Assert.Equal([-0.5, 0.5], second.BiasMomentum);
        Assert.Equal([0.05, -0.05], second.Bias);
    }

    [Fact]
    public void The_oracle_order_is_a_permutation_that_differs_between_epochs_and_seeds()
    {
        int[] first = OracleSchedule.EpochOrder(11, 0, 37);
        Assert.Equal(Enumerable.Range(0, 37), first.Order());
        Assert.NotEqual(first, OracleSchedule.EpochOrder(11, 1, 37));
        Assert.NotEqual(first, OracleSchedule.EpochOrder(12, 0, 37));
        Assert.Equal(first, OracleSchedule.EpochOrder(11, 0, 37));
    }

    public static TheoryData<string> Shapes() => new(TestNetworks.Catalogue.Select(c => c.Name));

    /// <summary>What the oracle expects of one epoch.</summary>
    private sealed record OracleEpoch(double Rate, OracleResult Train, OracleResult Test);

    /// <summary>
    /// The run as the README defines it, epoch by epoch: the topology update that opens an epoch (its links taken
    /// from the next network the trainer loaded, <paramref name="loaded"/>[0] being the start), the epoch's rate
    /// and order, its batches, then the evaluation on the test images.
    /// </summary>
    private static List<OracleEpoch> RunOracle(
        TrainingOracle oracle,
        Network initial,
        ImageSet train,
        ImageSet test,
        TrainingSettings settings,
        List<Network> loaded,
        string what
    )
    {
        var epochs = new List<OracleEpoch>();
        int updates = 0;
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            if (settings.Regrowth != "none" && OracleSchedule.UpdateOpens(epoch, settings.UpdateInterval))
            {
                updates++;
                Assert.True(
                    loaded.Count > updates,
                    $"{what}: no network loaded after the update before epoch {epoch + 1}"
                );
                for (int k = 0; k < oracle.Layers.Count; k++)
                    if (initial.Layers[k].Evolves)
                        oracle.Layers[k].TakeEdit(loaded[updates].Layers[k]);
            }
            double rate = OracleSchedule.LearningRate(settings.LearningRate, epoch, settings.Epochs);
            int[] order = OracleSchedule.EpochOrder(settings.Seed, epoch, train.Count);
            OracleResult trained = oracle.TrainEpoch(
                train,
                order,
                settings.BatchSize,
                rate,
                settings.Momentum,
                settings.WeightDecay
            );
            epochs.Add(new OracleEpoch(rate, trained, oracle.Evaluate(test)));
        }
        Assert.True(
            loaded.Count == 1 + updates,
            $"{what}: {loaded.Count - 1} loads after the start, {updates} updates"
        );
        return epochs;
    }

    private sealed class EpochCollector : ITrainingObserver
    {
        public List<EpochMetrics> Metrics { get; } = [];

        public void OnProgress(TrainingProgress progress) { }

        public void OnEpochCompleted(EpochMetrics metrics, TrainingState state) => Metrics.Add(metrics);
    }
}
