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

    /// <summary>Hidden widths for the scaling table; links per neuron stay those of width 1000 at 1% density.</summary>
    public int[] Widths { get; init; } = [1000, 2000, 4000, 8000];

    /// <summary>Samples trained per width in the scaling table.</summary>
    public int ScalingSamples { get; init; } = 20000;

    /// <summary>Hidden widths of the timed network; null: the default network.</summary>
    public int[]? Hidden { get; init; }

    /// <summary>Samples in the timed epoch; 0: the whole training set (fewer for a quick check on a slow device).</summary>
    public int EpochSamples { get; init; }
    public int TopologyUpdates { get; init; } = 10;
    public int ProfiledBatches { get; init; } = 200;
    public string? DataDirectory { get; init; }
}

/// <summary>Training speed of one network size.</summary>
public sealed record ScalingRow(int Width, long Links, double SamplesPerSecond, long ParameterBytes, long ActivationBytes);

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
    IReadOnlyList<ScalingRow> Scaling)
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
        using ITrainingEngine engine = EngineFactory.Create(request.Device, request.Threads, log);
        var settings = new TrainingSettings { BatchSize = request.BatchSize };
        if (request.Hidden is not null) settings = settings with { Hidden = request.Hidden };
        var step = new SgdStep((float)settings.LearningRate, (float)settings.Momentum, (float)settings.WeightDecay);

        Network network = NetworkFactory.Create(settings.Shape(train.InputSize, train.Classes), settings.Seed);
        engine.LoadNetwork(network);
        engine.SetTrainingSet(train);
        int epochSamples = request.EpochSamples > 0 ? Math.Min(request.EpochSamples, train.Count) : train.Count;
        log($"bench: one epoch of {epochSamples} samples, batch {request.BatchSize}, on {engine.Description}");
        double epochSeconds = TimeTraining(engine, epochSamples, request.BatchSize, step, epoch: 0);

        var clock = Stopwatch.StartNew();
        EvaluationResult evaluated = engine.Evaluate(test);
        double evaluationSeconds = clock.Elapsed.TotalSeconds;

        double topologySeconds = TimeTopologyUpdates(engine, network, request.TopologyUpdates);
        IReadOnlyList<OperationTiming> operations = ProfileBatches(engine, request.ProfiledBatches, request.BatchSize, step, train.Count);

        var rows = new List<ScalingRow>();
        foreach (int width in request.Widths)
        {
            log($"bench: width {width}");
            var wide = new NetworkShape(train.InputSize, [width, width, width], train.Classes, 10.0 / width);
            Network scaled = NetworkFactory.Create(wide, settings.Seed);
            engine.LoadNetwork(scaled);
            int samples = Math.Min(request.ScalingSamples, train.Count);
            double seconds = TimeTraining(engine, samples, request.BatchSize, step, epoch: 1);
            rows.Add(new ScalingRow(width, scaled.TotalLinks, samples / seconds, ParameterBytes(scaled), ActivationBytes(scaled, request.BatchSize)));
        }
        return new BenchmarkReport(engine.Name, engine.Description, source, request.BatchSize, epochSamples, epochSeconds,
            topologySeconds, evaluationSeconds, evaluated.Count, operations, rows);
    }

    /// <summary>Seconds to train <paramref name="samples"/> samples, after a warm-up (compilation, caches) that is not counted.</summary>
    private static double TimeTraining(ITrainingEngine engine, int samples, int batch, SgdStep step, int epoch)
    {
        engine.BeginEpoch(Trainer.EpochOrder(1, epoch, samples));
        int warmup = Math.Min(WarmupBatches * batch, samples - batch);
        for (int position = 0; position < warmup; position += batch) engine.TrainBatch(position, batch, step);
        engine.ReadTrainingResults(new float[1], new bool[1]); // waits for the device
        var clock = Stopwatch.StartNew();
        for (int position = 0; position < samples; position += batch)
            engine.TrainBatch(position, Math.Min(batch, samples - position), step);
        engine.ReadTrainingResults(new float[samples], new bool[samples]);
        return clock.Elapsed.TotalSeconds;
    }

    private static double TimeTopologyUpdates(ITrainingEngine engine, Network network, int updates)
    {
        var strategy = new RandomRegrowth();
        var clock = Stopwatch.StartNew();
        for (int u = 0; u < updates; u++)
        {
            engine.StoreNetwork(network);
            int k = 0;
            foreach (Layer layer in network.Layers.Where(l => l.Evolves))
                TopologyEditor.Apply(layer, 0.3, strategy, 1, u, k++);
            engine.LoadNetwork(network);
        }
        return clock.Elapsed.TotalSeconds / Math.Max(1, updates);
    }

    private static IReadOnlyList<OperationTiming> ProfileBatches(ITrainingEngine engine, int batches, int batch, SgdStep step, int samples)
    {
        if (engine is not IProfilingEngine profiler) return [];
        engine.BeginEpoch(Trainer.EpochOrder(1, 2, samples));
        var totals = new Dictionary<string, double>();
        var order = new List<string>();
        for (int b = 0; b < batches; b++)
        {
            foreach (OperationTiming t in profiler.ProfileBatch((b * batch) % (samples - batch + 1), batch, step))
            {
                if (!totals.ContainsKey(t.Operation)) order.Add(t.Operation);
                totals[t.Operation] = totals.GetValueOrDefault(t.Operation) + t.Seconds;
            }
        }
        return order.Select(name => new OperationTiming(name, totals[name] / batches)).ToList();
    }

    private static long ParameterBytes(Network network) =>
        network.Layers.Sum(l => 24L * l.LinkCount + 12L * l.Outputs + 4L * (l.Inputs + 2));

    private static long ActivationBytes(Network network, int batch) =>
        4L * batch * (network.Inputs + 2L * network.Layers.Sum(l => (long)l.Outputs));

    /// <summary>MNIST from the data directory when present (no download); otherwise random images of the same size.</summary>
    private static (ImageSet Train, ImageSet Test, string Source) LoadData(string? dataDirectory)
    {
        string directory = DataDirectory.Resolve(dataDirectory);
        if (DatasetLoader.MissingFiles(directory, DatasetCatalog.MnistInfo).Count == 0)
        {
            DatasetSplits mnist = DatasetLoader.Load(directory, DatasetCatalog.MnistInfo);
            return (mnist.Train, mnist.Test, $"MNIST from {mnist.Source}");
        }
        return (RandomImages(60000, 1), RandomImages(10000, 2), "random 28x28 images (MNIST not found; speed does not depend on pixel values)");
    }

    private static ImageSet RandomImages(int count, ulong seed)
    {
        var rng = new Rng(seed);
        byte[] pixels = new byte[count * 784];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = rng.NextDouble() < 0.8 ? (byte)0 : (byte)rng.NextInt(256);
        byte[] labels = Enumerable.Range(0, count).Select(_ => (byte)rng.NextInt(10)).ToArray();
        return new ImageSet("random", 28, 28, 10, pixels, labels);
    }
}
