using System.Diagnostics;
using SparseGpu.Engines;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Benchmarks;

/// <summary>One round of the RigL benchmark: the same batch window trained, then summed as RigL's gradients.</summary>
/// <param name="TrainSeconds">Ordinary training (gather, forward, backward, update) of the window's batches.</param>
/// <param name="GradientSeconds">RigL's gradient pass over the same window as the trainer runs it for an update: the
/// engine's dense-equivalent gradients of every evolving layer's absent links, then each layer's leading candidates
/// for growing as many links as a ζ = 0.3 update removes (<see cref="ILinkGradients.Leaders"/>).</param>
public sealed record RiglBenchmarkRound(double TrainSeconds, double GradientSeconds)
{
    public double Ratio => GradientSeconds / TrainSeconds;
}

public sealed record RiglBenchmarkReport(
    string Device,
    string DeviceDescription,
    string Data,
    int BatchSize,
    int WindowBatches,
    long Links,
    long CandidateLinks,
    IReadOnlyList<RiglBenchmarkRound> Rounds,
    double RiglUpdateSeconds,
    double RlrUpdateSeconds,
    double Ch3L3UpdateSeconds
)
{
    public double MedianTrainSeconds => Median(Rounds.Select(r => r.TrainSeconds));
    public double MedianGradientSeconds => Median(Rounds.Select(r => r.GradientSeconds));

    /// <summary>The verdict's ratio: median gradient pass over median training window, each a median over rounds
    /// so that a round a neighbour slowed moves neither much.</summary>
    public double MedianRatio => MedianGradientSeconds / MedianTrainSeconds;

    /// <summary>The fastest round of each: neighbours on a shared machine slow rounds and never speed one up.</summary>
    public double BestTrainSeconds => Rounds.Min(r => r.TrainSeconds);
    public double BestGradientSeconds => Rounds.Min(r => r.GradientSeconds);
    public double BestRatio => BestGradientSeconds / BestTrainSeconds;

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

/// <summary>
/// `sparsegpu bench --suite rigl`: the cost of RigL's growth signal against the training it accompanies. Each round
/// trains a window of batches of the timed network (the default one unless --hidden), then computes RigL's growth
/// signal over the same window at the weights reached, exactly as the trainer does for a RigL update
/// (<see cref="LinkGradientWindow"/>: the window's dense-equivalent gradients of the absent links, then each layer's
/// leading ones); then one whole topology update of each of
/// RigL (store, gradient window, edit, load), RLR and CH3-L3 on the network trained.
/// </summary>
public static class RiglBenchmark
{
    /// <summary>Batches trained before the rounds: JIT compilation, caches, kernel loading.</summary>
    private const int WarmupBatches = 100;

    public static RiglBenchmarkReport Run(BenchmarkRequest request, int windowBatches, int rounds, Action<string> log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowBatches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var (train, _, source) = TrainingBenchmark.LoadData(request.DataDirectory);
        using INetworkEngine engine = EngineFactory.Create(request.Device, request.Threads, log);
        var gradientEngine =
            engine as ILinkGradientEngine
            ?? throw new InvalidSettingException($"the {engine.Name} engine computes no gradients of absent links");
        var settings = new TrainingSettings
        {
            BatchSize = request.BatchSize,
            Regrowth = RiglMethod.MethodName,
            RiglBatches = windowBatches,
        };
        if (request.Hidden is not null)
            settings = settings with { Hidden = request.Hidden };
        var step = new SgdStep((float)settings.LearningRate, (float)settings.Momentum, (float)settings.WeightDecay);
        NetworkShape shape = settings.Shape(train.InputSize, train.Classes);
        NetworkMemory.Require(shape, settings.BatchSize);
        Network network = NetworkFactory.Create(shape, settings.Seed);
        engine.LoadNetwork(network);
        engine.SetTrainingSet(train);
        int window = (int)Math.Min(train.Count, (long)windowBatches * settings.BatchSize);
        log($"bench rigl: {rounds} rounds of a {windowBatches}-batch window (batch {settings.BatchSize})");

        engine.BeginEpoch(Trainer.EpochOrder(settings.Seed, 0, train.Count));
        int warmup = Math.Min(WarmupBatches * settings.BatchSize, train.Count - settings.BatchSize);
        for (int position = 0; position < warmup; position += settings.BatchSize)
            engine.TrainBatch(position, settings.BatchSize, step);
        engine.ReadTrainingResults(new float[1], new bool[1]);
        var gradients = new LinkGradientWindow(gradientEngine, engine, settings);
        gradients.Compute(network, 1, train.Count); // warm-up of the gradient operations
        gradients.Clear();

        // What each evolving layer's growth asks for in the first update: every absent link a candidate, as many
        // grown as ζ = 0.3 of its links removed.
        RegrowthRequest[] requests = network
            .Layers.Where(l => l.Evolves)
            .Select(
                (l, k) =>
                    new RegrowthRequest(
                        l.Topology,
                        l.Topology.Keys(),
                        TopologyEditor.RemovalCount(l.LinkCount, 0.3),
                        new Rng((ulong)k),
                        k
                    )
            )
            .ToArray();
        var measured = new List<RiglBenchmarkRound>();
        for (int round = 0; round < rounds; round++)
        {
            // Each round is a different window of samples: epoch round + 2's order.
            int epoch = round + 2;
            engine.BeginEpoch(Trainer.EpochOrder(settings.Seed, epoch, train.Count));
            var clock = Stopwatch.StartNew();
            for (int position = 0; position < window; position += settings.BatchSize)
                engine.TrainBatch(position, Math.Min(settings.BatchSize, window - position), step);
            engine.ReadTrainingResults(new float[window], new bool[window]); // waits for a device
            double trainSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            gradients.Compute(network, epoch, train.Count);
            foreach (RegrowthRequest growth in requests)
                gradients.For(growth);
            double gradientSeconds = clock.Elapsed.TotalSeconds;
            gradients.Clear();
            measured.Add(new RiglBenchmarkRound(trainSeconds, gradientSeconds));
            log(
                $"bench rigl: round {round + 1}: train {trainSeconds * 1000:F2} ms, "
                    + $"gradients {gradientSeconds * 1000:F2} ms"
            );
        }

        engine.StoreNetwork(network);
        long links = network.TotalLinks;
        long candidates = network.Layers.Where(l => l.Evolves).Sum(l => l.Topology.PossibleLinks - l.LinkCount);
        var rigl = new RiglMethod(new SignalSources(LinkGradients: gradients.For));
        double riglUpdate = TimeUpdate(engine, network, rigl, () => gradients.Compute(network, 0, train.Count));
        gradients.Clear();
        double rlrUpdate = TimeUpdate(engine, network, new RlrMethod(), () => { });
        var ch3l3 = new Ch3L3Method(new SignalSources(name => LinkScorers.For(name, engine)));
        double ch3l3Update = TimeUpdate(engine, network, ch3l3, () => { });
        return new RiglBenchmarkReport(
            engine.Name,
            engine.Description,
            source,
            settings.BatchSize,
            windowBatches,
            links,
            candidates,
            measured,
            riglUpdate,
            rlrUpdate,
            ch3l3Update
        );
    }

    /// <summary>One topology update as the trainer runs it: store, the method's signals, edit every evolving layer
    /// (ζ = 0.3), load.</summary>
    private static double TimeUpdate(INetworkEngine engine, Network network, ITopologyMethod method, Action signals)
    {
        var clock = Stopwatch.StartNew();
        engine.StoreNetwork(network);
        signals();
        TopologyEditor.ApplyAll(network, 0.3, method, 1, 0);
        engine.LoadNetwork(network);
        return clock.Elapsed.TotalSeconds;
    }
}
