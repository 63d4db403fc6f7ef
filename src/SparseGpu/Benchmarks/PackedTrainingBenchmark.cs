using System.Diagnostics;
using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Ilgpu;
using SparseGpu.Model;
using SparseGpu.Training;

namespace SparseGpu.Benchmarks;

/// <summary>K same-shape networks trained together: the time for each to train the same samples.</summary>
/// <param name="Packed">Whether they shared kernel launches (an ILGPU device) or took turns (the fast CPU
/// path).</param>
public sealed record PackBenchmarkRow(int Networks, int SamplesPerNetwork, double Seconds, bool Packed)
{
    public double SamplesPerSecondPerNetwork => SamplesPerNetwork / Seconds;
    public double SamplesPerSecondInAll => (double)Networks * SamplesPerNetwork / Seconds;
}

public sealed record PackBenchmarkReport(
    string Device,
    string DeviceDescription,
    string Data,
    int BatchSize,
    IReadOnlyList<PackBenchmarkRow> Rows
);

/// <summary>
/// `sparsegpu bench --pack K,...`: for each K, K networks of the timed shape (seeds 1..K) each train the same
/// samples. On an ILGPU device they train as a sweep's pack does (<see cref="NetworkPack"/>: one lane and one thread
/// per network, one launch per operation for all), so the figure includes the lanes' rendezvous on the host; on the
/// fast CPU path they train one after another, as <c>PackedTrainingJob</c> runs them there. The clock starts after a
/// warm-up of a few batches (kernel compilation, caches) and stops when the device has finished the last batch.
/// </summary>
public static class PackedTrainingBenchmark
{
    private const int WarmupBatches = 5;

    public static PackBenchmarkReport Run(BenchmarkRequest request, IReadOnlyList<int> packs, Action<string> log)
    {
        if (packs.Count == 0 || packs.Any(k => k < 1))
            throw new ArgumentException("every pack holds at least one network", nameof(packs));
        var (train, _, source) = TrainingBenchmark.LoadData(request.DataDirectory);
        var settings = new TrainingSettings { BatchSize = request.BatchSize };
        if (request.Hidden is not null)
            settings = settings with { Hidden = request.Hidden };
        var step = new SgdStep((float)settings.LearningRate, (float)settings.Momentum, (float)settings.WeightDecay);
        NetworkShape shape = settings.Shape(train.InputSize, train.Classes);
        int samples = request.EpochSamples > 0 ? Math.Min(request.EpochSamples, train.Count) : train.Count;
        if (samples < request.BatchSize)
            throw new SparseGpuException(
                $"bench --pack: {samples} samples per network is less than one batch of {request.BatchSize}"
            );
        var rows = new List<PackBenchmarkRow>();
        string device = request.Device,
            description = "";
        foreach (int networks in packs)
        {
            GC.Collect();
            Network[] nets = Enumerable
                .Range(0, networks)
                .Select(n => NetworkFactory.Create(shape, settings.Seed + (ulong)n))
                .ToArray();
            using NetworkPack? pack = EngineFactory.OpenPack(device, networks, CancellationToken.None, log);
            // `auto` chooses once: the later packs go to the same device.
            device = pack?.DeviceName ?? "cpu";
            log(
                $"bench --pack: {networks} networks × {samples} samples, batch {request.BatchSize}, "
                    + (pack is null ? "one after another on the fast CPU path" : $"packed on {pack.Hardware}")
            );
            double seconds;
            if (pack is null)
            {
                using INetworkEngine engine = EngineFactory.Create("cpu", request.Threads);
                description = engine.Description;
                seconds = nets.Sum(net => TimeOne(engine, net, train, samples, request.BatchSize, step));
            }
            else
            {
                description = pack.Hardware;
                seconds = TimePack(pack, nets, train, samples, request.BatchSize, step);
            }
            var row = new PackBenchmarkRow(networks, samples, seconds, pack is not null);
            log($"bench --pack: {networks} networks: {row.SamplesPerSecondInAll:F0} samples/s in all");
            rows.Add(row);
        }
        return new PackBenchmarkReport(device, description, source, request.BatchSize, rows);
    }

    /// <summary>Seconds for one engine to train <paramref name="samples"/> samples of one network, after the
    /// warm-up.</summary>
    private static double TimeOne(
        INetworkEngine engine,
        Network network,
        ImageSet train,
        int samples,
        int batch,
        SgdStep step
    )
    {
        engine.LoadNetwork(network);
        engine.SetTrainingSet(train);
        engine.BeginEpoch(Trainer.EpochOrder(1, 0, samples));
        Warm(engine, samples, batch, step);
        var clock = Stopwatch.StartNew();
        Train(engine, samples, batch, step);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Seconds for every lane of the pack to train <paramref name="samples"/> samples, each lane on its own
    /// thread as a packed sweep drives it; timed from the moment every lane is warm to the moment the last has read
    /// its results back (which waits for the device).</summary>
    private static double TimePack(
        NetworkPack pack,
        Network[] networks,
        ImageSet train,
        int samples,
        int batch,
        SgdStep step
    )
    {
        using var ready = new Barrier(networks.Length + 1);
        using var done = new Barrier(networks.Length + 1);
        var failures = new Exception?[networks.Length];
        Thread[] lanes = networks
            .Select(
                (network, n) =>
                    new Thread(() =>
                    {
                        INetworkEngine lane = pack.Lane(n);
                        bool signalled = false;
                        try
                        {
                            lane.LoadNetwork(network);
                            lane.SetTrainingSet(train);
                            lane.BeginEpoch(Trainer.EpochOrder(1, 0, samples));
                            Warm(lane, samples, batch, step);
                            ready.SignalAndWait();
                            signalled = true;
                            Train(lane, samples, batch, step);
                        }
                        catch (Exception e)
                        {
                            // An exception escaping a thread would end the process: it is rethrown below.
                            failures[n] = e;
                        }
                        finally
                        {
                            // A failed lane leaves the pack so the others do not wait for it, and still meets
                            // the barriers so the clock's thread does not either.
                            lane.Dispose();
                            if (!signalled)
                                ready.SignalAndWait();
                            done.SignalAndWait();
                        }
                    })
                    {
                        Name = $"bench pack lane {n + 1}",
                        IsBackground = true,
                    }
            )
            .ToArray();
        foreach (Thread thread in lanes)
            thread.Start();
        ready.SignalAndWait();
        var clock = Stopwatch.StartNew();
        done.SignalAndWait();
        double seconds = clock.Elapsed.TotalSeconds;
        foreach (Thread thread in lanes)
            thread.Join();
        if (failures.FirstOrDefault(e => e is not null) is { } failure)
            throw new SparseGpuException($"bench --pack: a network of the pack failed: {failure.Message}", failure);
        return seconds;
    }

    private static void Warm(INetworkEngine engine, int samples, int batch, SgdStep step)
    {
        int warmup = Math.Min(WarmupBatches * batch, samples - batch);
        for (int position = 0; position < warmup; position += batch)
            engine.TrainBatch(position, batch, step);
        engine.ReadTrainingResults(new float[1], new bool[1]); // waits for the device
    }

    private static void Train(INetworkEngine engine, int samples, int batch, SgdStep step)
    {
        for (int position = 0; position < samples; position += batch)
            engine.TrainBatch(position, Math.Min(batch, samples - position), step);
        engine.ReadTrainingResults(new float[1], new bool[1]); // waits for the device
    }
}
