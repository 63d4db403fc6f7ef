using System.Diagnostics;
using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Benchmarks;

public sealed record BenchmarkRequest
{
    public string Device { get; init; } = "auto";
    public int Threads { get; init; }
    public int BatchSize { get; init; } = 32;

    /// <summary>Hidden widths for the scaling table (3 hidden layers of each width), measured in ascending
    /// order.</summary>
    public int[] Widths { get; init; } = [1000, 2000, 4000, 8000];

    /// <summary>Links per neuron of every sparse layer in the scaling table (⌊fan-in · width⌋ links per
    /// layer).</summary>
    public double FanIn { get; init; } = 10;

    /// <summary>At most this many samples per timing window in the scaling table (fewer when a width is
    /// slow).</summary>
    public int ScalingSamples { get; init; } = 60000;

    /// <summary>Also time one CH3-L3 topology update per width (slow at large widths).</summary>
    public bool ScalingCh3L3 { get; init; } = true;

    /// <summary>Hidden widths of the timed network; null: the default network.</summary>
    public int[]? Hidden { get; init; }

    /// <summary>Samples in the timed epoch; 0: the whole training set (fewer for a quick check on a slow
    /// device).</summary>
    public int EpochSamples { get; init; }
    public int TopologyUpdates { get; init; } = 10;
    public int ProfiledBatches { get; init; } = 200;
    public string? DataDirectory { get; init; }
}

/// <summary>
/// Training speed, memory and topology-update time of one network size, with each pass's bytes and time and the
/// random-row bandwidth that bounds it.
/// </summary>
public sealed record ScalingRow(
    int Width,
    long Links,
    double SamplesPerSecond,
    long ParameterBytes,
    long ActivationBytes,
    long PeakWorkingSetBytes,
    double RlrUpdateSeconds,
    double? Ch3L3UpdateSeconds,
    IReadOnlyList<PassTraffic> Passes
)
{
    public double LinkSamplesPerSecond => SamplesPerSecond * Links;
    public double BytesPerLink => (double)(ParameterBytes + ActivationBytes) / Links;

    /// <summary>The bound's time over the measured time of the random-access (sparse) passes: the fraction of the
    /// attainable traffic reached.</summary>
    public double FractionOfBound =>
        Passes.Where(p => !double.IsNaN(p.BoundSeconds)).Sum(p => p.BoundSeconds)
        / Passes.Where(p => !double.IsNaN(p.BoundSeconds)).Sum(p => p.Seconds);
}

public sealed record BenchmarkReport(
    string Device,
    string DeviceDescription,
    string Data,
    int BatchSize,
    int EpochSamples,
    double EpochSeconds,
    double TopologyUpdateSeconds,
    double EvaluationSeconds,
    int EvaluationImages,
    IReadOnlyList<OperationTiming> BatchOperations,
    IReadOnlyList<ScalingRow> Scaling
)
{
    public double SamplesPerSecond => EpochSamples / EpochSeconds;
}

/// <summary>
/// `sparsegpu bench`: one full training epoch of the default network, the time of a topology update as the trainer
/// does it (download, edit every sparse layer, upload), per-operation times of a batch, test-set evaluation, and
/// how training time and memory grow with the hidden width at a fixed number of links per neuron.
/// </summary>
public static class TrainingBenchmark
{
    private const int WarmupBatches = 100;

    public static BenchmarkReport Run(BenchmarkRequest request, Action<string> log)
    {
        var (train, test, source) = LoadData(request.DataDirectory);
        using INetworkEngine engine = EngineFactory.Create(request.Device, request.Threads, log);
        var settings = new TrainingSettings { BatchSize = request.BatchSize };
        if (request.Hidden is not null)
            settings = settings with { Hidden = request.Hidden };
        var step = new SgdStep((float)settings.LearningRate, (float)settings.Momentum, (float)settings.WeightDecay);

        NetworkShape benchedShape = settings.Shape(train.InputSize, train.Classes);
        // As train does: a network too large for this machine is a one-line error before anything is allocated.
        NetworkMemory.Require(benchedShape, settings.BatchSize);
        Network network = NetworkFactory.Create(benchedShape, settings.Seed);
        engine.LoadNetwork(network);
        engine.SetTrainingSet(train);
        int epochSamples = request.EpochSamples > 0 ? Math.Min(request.EpochSamples, train.Count) : train.Count;
        log($"bench: one epoch of {epochSamples} samples, batch {request.BatchSize}, on {engine.Description}");
        double epochSeconds = TimeTraining(engine, epochSamples, request.BatchSize, step, epoch: 0);

        var clock = Stopwatch.StartNew();
        EvaluationResult evaluated = engine.Evaluate(test);
        double evaluationSeconds = clock.Elapsed.TotalSeconds;

        double topologySeconds = TimeTopologyUpdates(engine, network, request.TopologyUpdates, new RlrMethod());
        // About a second of batches at most, as for the scaling rows: 200 batches take minutes on a slow engine
        // (the ILGPU CPU accelerator), which a rehearsal of the GPU check cannot afford.
        double batchesPerSecond = epochSamples / epochSeconds / request.BatchSize;
        IReadOnlyList<OperationTiming> operations = ProfileBatches(
            engine,
            Math.Max(3, Math.Min(request.ProfiledBatches, (int)batchesPerSecond)),
            request.BatchSize,
            step,
            train.Count
        );

        IReadOnlyList<ScalingRow> rows = request
            .Widths.Order()
            .Select(width => MeasureWidth(engine, width, request, train, step, settings.Seed, log))
            .ToList();
        return new BenchmarkReport(
            engine.Name,
            engine.Description,
            source,
            request.BatchSize,
            epochSamples,
            epochSeconds,
            topologySeconds,
            evaluationSeconds,
            evaluated.Count,
            operations,
            rows
        );
    }

    private static ScalingRow MeasureWidth(
        INetworkEngine engine,
        int width,
        BenchmarkRequest request,
        ImageSet train,
        SgdStep step,
        ulong seed,
        Action<string> log
    )
    {
        GC.Collect();
        var shape = new NetworkShape(
            train.InputSize,
            [width, width, width],
            train.Classes,
            LinkBudget.FromFanIn(request.FanIn)
        );
        NetworkMemory.Require(shape, request.BatchSize);
        log($"bench: width {width}, fan-in {request.FanIn}: building the network");
        Network network = NetworkFactory.Create(shape, seed);
        engine.LoadNetwork(network);
        int batch = request.BatchSize;
        double samplesPerSecond = SamplesPerSecond(engine, Math.Min(request.ScalingSamples, train.Count), batch, step);
        log($"bench: width {width}: {samplesPerSecond:F0} samples/s; profiling the passes");
        IReadOnlyList<OperationTiming> operations = ProfileBatches(
            engine,
            Math.Max(3, Math.Min(request.ProfiledBatches, (int)(samplesPerSecond / batch))),
            batch,
            step,
            train.Count
        );
        IReadOnlyList<PassTraffic> passes = PassTraffic.Of(
            network,
            batch,
            operations,
            engine is Engines.Cpu.CpuEngine
                ? rows =>
                    RowGatherBandwidth.Measure(
                        rows,
                        batch,
                        request.Threads > 0 ? request.Threads : Environment.ProcessorCount
                    )
                : null
        );
        log($"bench: width {width}: topology updates");
        double rlr = TimeTopologyUpdates(engine, network, 1, new RlrMethod());
        double? ch3l3 = request.ScalingCh3L3
            ? TimeTopologyUpdates(
                engine,
                network,
                1,
                new Ch3L3Method(new SignalSources(name => LinkScorers.For(name, engine)))
            )
            : null;
        using var process = Process.GetCurrentProcess();
        return new ScalingRow(
            width,
            network.TotalLinks,
            samplesPerSecond,
            ParameterBytes(network),
            ActivationBytes(network, batch),
            process.PeakWorkingSet64,
            rlr,
            ch3l3,
            passes
        );
    }

    /// <summary>
    /// Samples per second: the best of three windows, each of up to <paramref name="samples"/> samples and stopping
    /// early once a second and 8 batches are measured (a 333k-wide network trains tens of samples a second), after a
    /// short warm-up. Neighbours on a shared machine slow some windows and never speed one up, so the best window
    /// is the steadiest estimate of what the code does.
    /// </summary>
    private static double SamplesPerSecond(INetworkEngine engine, int samples, int batch, SgdStep step)
    {
        engine.BeginEpoch(Trainer.EpochOrder(1, 1, samples));
        int warmup = Math.Min(5 * batch, samples - batch);
        for (int position = 0; position < warmup; position += batch)
            engine.TrainBatch(position, batch, step);
        engine.ReadTrainingResults(new float[1], new bool[1]);
        double best = 0;
        for (int window = 0; window < 3; window++)
        {
            var clock = Stopwatch.StartNew();
            int trained = 0;
            while (trained < samples && (clock.Elapsed.TotalSeconds < 1 || trained < 8 * batch))
            {
                int count = Math.Min(batch, samples - trained);
                engine.TrainBatch(trained, count, step);
                trained += count;
                if (trained % (8 * batch) == 0)
                    engine.ReadTrainingResults(new float[1], new bool[1]); // keeps a device honest
            }
            engine.ReadTrainingResults(new float[1], new bool[1]);
            best = Math.Max(best, trained / clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>Seconds to train <paramref name="samples"/> samples, after a warm-up (compilation, caches) that is not
    /// counted.</summary>
    private static double TimeTraining(INetworkEngine engine, int samples, int batch, SgdStep step, int epoch)
    {
        engine.BeginEpoch(Trainer.EpochOrder(1, epoch, samples));
        int warmup = Math.Min(WarmupBatches * batch, samples - batch);
        for (int position = 0; position < warmup; position += batch)
            engine.TrainBatch(position, batch, step);
        engine.ReadTrainingResults(new float[1], new bool[1]); // waits for the device
        var clock = Stopwatch.StartNew();
        for (int position = 0; position < samples; position += batch)
            engine.TrainBatch(position, Math.Min(batch, samples - position), step);
        engine.ReadTrainingResults(new float[samples], new bool[samples]);
        return clock.Elapsed.TotalSeconds;
    }

    private static double TimeTopologyUpdates(
        INetworkEngine engine,
        Network network,
        int updates,
        ITopologyMethod strategy
    )
    {
        var clock = Stopwatch.StartNew();
        for (int u = 0; u < updates; u++)
        {
            engine.StoreNetwork(network);
            TopologyEditor.ApplyAll(network, 0.3, strategy, 1, u);
            engine.LoadNetwork(network);
        }
        return clock.Elapsed.TotalSeconds / Math.Max(1, updates);
    }

    private static IReadOnlyList<OperationTiming> ProfileBatches(
        INetworkEngine engine,
        int batches,
        int batch,
        SgdStep step,
        int samples
    )
    {
        if (engine is not IProfilingEngine profiler)
            return [];
        engine.BeginEpoch(Trainer.EpochOrder(1, 2, samples));
        var totals = new Dictionary<string, double>();
        var order = new List<string>();
        for (int b = 0; b < batches; b++)
        {
            foreach (OperationTiming t in profiler.ProfileBatch((b * batch) % (samples - batch + 1), batch, step))
            {
                if (!totals.ContainsKey(t.Operation))
                    order.Add(t.Operation);
                totals[t.Operation] = totals.GetValueOrDefault(t.Operation) + t.Seconds;
            }
        }
        return order.Select(name => new OperationTiming(name, totals[name] / batches)).ToList();
    }

    private static long ParameterBytes(Network network) =>
        network.Layers.Sum(l => 24L * l.LinkCount + 12L * l.Outputs + 4L * (l.Inputs + 2));

    private static long ActivationBytes(Network network, int batch) =>
        4L * batch * (network.Inputs + 2L * network.Layers.Sum(l => (long)l.Outputs));

    /// <summary>MNIST from the data directory when present (no download); otherwise random images of the same
    /// size.</summary>
    internal static (ImageSet Train, ImageSet Test, string Source) LoadData(string? dataDirectory)
    {
        string directory = DataDirectory.ResolveExisting(dataDirectory);
        if (DatasetLoader.MissingFiles(directory, DatasetCatalog.MnistInfo).Count == 0)
        {
            DatasetSplits mnist = DatasetLoader.Load(directory, DatasetCatalog.MnistInfo);
            return (mnist.Train, mnist.Test, $"MNIST from {mnist.Source}");
        }
        return (
            RandomImages(60000, 1),
            RandomImages(10000, 2),
            "random 28x28 images (MNIST not found; speed does not depend on pixel values)"
        );
    }

    private static ImageSet RandomImages(int count, ulong seed)
    {
        var rng = new Rng(seed);
        byte[] pixels = new byte[count * 784];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = rng.NextDouble() < 0.8 ? (byte)0 : (byte)rng.NextInt(256);
        byte[] labels = Enumerable.Range(0, count).Select(_ => (byte)rng.NextInt(10)).ToArray();
        return new ImageSet("random", 28, 28, 10, pixels, labels);
    }
}
