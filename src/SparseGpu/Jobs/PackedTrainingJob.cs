using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Ilgpu;
using SparseGpu.Runs;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Jobs;

/// <summary>One run of a pack: its result, or why it failed (the other runs of the pack go on).</summary>
public sealed record PackedRunOutcome(TrainingJobRequest Request, TrainingJobResult? Result, Exception? Error);

/// <summary>
/// Several training runs of one shape trained together: on an ILGPU device in the same kernel launches
/// (<see cref="NetworkPack"/>), each run by its own <see cref="TrainingJob"/> on its own thread through its lane, so
/// each writes its own run directory, metrics, checkpoints and events exactly as it would alone, and its numbers are
/// bit for bit the lone run's. On the fast CPU path the runs go one after another (it gains nothing from fewer
/// launches). The runs must differ only in what a pack may differ in (<see cref="PackCompatibility"/>) and start from
/// the same point (all new, or all resumed from the same epoch and sample); otherwise nothing starts and the error
/// names the difference.
/// </summary>
public static class PackedTrainingJob
{
    /// <summary>The runs, all reporting to <paramref name="reporter"/> (notices and epochs labelled with their
    /// network).</summary>
    public static IReadOnlyList<PackedRunOutcome> Run(
        IReadOnlyList<TrainingJobRequest> requests,
        IRunReporter reporter,
        CancellationToken cancel
    ) => Run(requests, reporter, null, cancel);

    /// <param name="reporter">The pack's own notices (device, packing); every run's reports too unless
    /// <paramref name="ownReporters"/> is given.</param>
    /// <param name="ownReporters">One per request: that run's reports, unlabelled (a sweep run's log); null: all
    /// to <paramref name="reporter"/>.</param>
    public static IReadOnlyList<PackedRunOutcome> Run(
        IReadOnlyList<TrainingJobRequest> requests,
        IRunReporter reporter,
        IReadOnlyList<IRunReporter>? ownReporters,
        CancellationToken cancel
    )
    {
        if (ownReporters is not null && ownReporters.Count != requests.Count)
            throw new ArgumentException("one reporter per request", nameof(ownReporters));
        IRunReporter ReporterOf(int n) => ownReporters?[n] ?? reporter;
        if (requests.Count == 0)
            return [];
        string device = requests[0].Device;
        JobPreamble.RequireDevice(device, requests[0].Threads);
        RequirePackable(requests);
        // IMP's rounds change a layer's link count, which a pack's pooled arrays keep fixed: its runs train one after
        // another (the same results, only without the shared launches).
        List<TrainingSettings> settings = requests
            .Select(r => TrainingJob.SettingsOf(r, r.ResumeFrom is null ? null : CheckpointFile.Read(r.ResumeFrom)))
            .ToList();
        bool imp = settings.Any(IterativeMagnitudePruning.IsImp);
        if (imp && requests.Count > 1)
            reporter.Notice("--method imp changes the link count every round: its runs train one after another");
        // RigL's gradient window runs one network's batches through its own engine, which a pack's lanes lack.
        bool rigl =
            !imp
            && settings.Any(t => string.Equals(t.Regrowth, RiglMethod.MethodName, StringComparison.OrdinalIgnoreCase));
        if (rigl && requests.Count > 1)
            reporter.Notice(
                "--method rigl computes its gradients on an engine of its own: the runs train one after another"
            );
        NetworkPack? pack =
            requests.Count == 1 || imp || rigl
                ? null
                : EngineFactory.OpenPack(device, requests.Count, cancel, reporter.Notice);
        if (pack is null)
        {
            // Said, never silently ignored: the fast CPU path has no launches to share, so the pack is sequential.
            if (requests.Count > 1 && !imp && !rigl)
                reporter.Notice(
                    $"the fast CPU path has no kernel launches to share: the {requests.Count} runs train one after "
                        + "another (pack on an ILGPU device: --device cuda, opencl or ilgpu-cpu)"
                );
            return requests.Select((r, n) => RunAlone(r, ReporterOf(n), cancel)).ToList();
        }
        using (pack)
        {
            reporter.Notice($"training {requests.Count} networks packed into the same launches on {pack.Describe(0)}");
            var progress = new PackProgress(requests.Count);
            var outcomes = new PackedRunOutcome[requests.Count];
            Thread[] threads = requests
                .Select(
                    (request, n) =>
                        new Thread(() =>
                        {
                            IRunReporter lane = ownReporters is null
                                ? new LaneReporter(reporter, $"network {n + 1} of {requests.Count}", n, progress)
                                : ownReporters[n];
                            ownReporters?[n].Notice(
                                $"training packed with {Counted.Of(requests.Count - 1, "other run")}: network "
                                    + $"{n + 1} of {requests.Count} on {pack.Describe(n)}"
                            );
                            TrainingJobRequest onLane = request with { OpenEngine = () => pack.Lane(n) };
                            try
                            {
                                outcomes[n] = RunAlone(onLane, lane, pack.Cancellation) with { Request = request };
                            }
                            catch (Exception e)
                            {
                                // Any failure stays this run's: an exception escaping a thread would end the process.
                                outcomes[n] = new PackedRunOutcome(request, null, e);
                            }
                            finally
                            {
                                // A run that failed before it opened its lane must not hold the others back.
                                pack.Lane(n).Dispose();
                            }
                        })
                        {
                            Name = $"pack lane {n + 1}",
                            IsBackground = true,
                        }
                )
                .ToArray();
            foreach (Thread thread in threads)
                thread.Start();
            foreach (Thread thread in threads)
                thread.Join();
            return outcomes;
        }
    }

    /// <summary>Refuses runs that cannot share launches, naming the first difference.</summary>
    public static void RequirePackable(IReadOnlyList<TrainingJobRequest> requests)
    {
        if (requests.Select(r => (r.Device.ToLowerInvariant(), r.Threads)).Distinct().Count() > 1)
            throw new SparseGpuException("packed runs train on one device: their --device or --threads differ");
        var starts = requests
            .Select(r =>
            {
                Checkpoint? resumed = r.ResumeFrom is null ? null : CheckpointFile.Read(r.ResumeFrom);
                return (
                    Settings: TrainingJob.SettingsOf(r, resumed),
                    Start: resumed is null ? (0, 0) : (resumed.State.CompletedEpochs, resumed.State.NextSample),
                    Name: r.OutDirectory ?? r.ResumeFrom ?? "a new run"
                );
            })
            .ToList();
        for (int n = 1; n < starts.Count; n++)
        {
            if (PackCompatibility.Difference(starts[0].Settings, starts[n].Settings) is { } difference)
                throw new SparseGpuException(
                    $"cannot pack {starts[0].Name} with {starts[n].Name}: {difference} (a pack may differ only in "
                        + string.Join(", ", PackCompatibility.MayDiffer.Select(s => "--" + s.Option))
                        + ")"
                );
            if (starts[0].Start != starts[n].Start)
                throw new SparseGpuException(
                    $"cannot pack {starts[0].Name} with {starts[n].Name}: one resumes at epoch "
                        + $"{starts[0].Start.Item1 + 1} sample {starts[0].Start.Item2}, the other at epoch "
                        + $"{starts[n].Start.Item1 + 1} sample {starts[n].Start.Item2}"
                );
        }
    }

    private static PackedRunOutcome RunAlone(
        TrainingJobRequest request,
        IRunReporter reporter,
        CancellationToken cancel
    )
    {
        try
        {
            return new PackedRunOutcome(request, TrainingJob.Run(request, reporter, cancel), null);
        }
        catch (Exception e)
            when (e is SparseGpuException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // The run's own failure or interruption, as a lane's would be: the runs after it still train.
            return new PackedRunOutcome(request, null, e);
        }
    }

    /// <summary>The lanes' latest running losses, so the first lane's progress line shows every network's (the
    /// lanes train in step, so one bar stands for all); its lock keeps one report at a time.</summary>
    private sealed class PackProgress(int networks)
    {
        public readonly double[] Losses = Enumerable.Repeat(double.NaN, networks).ToArray();
    }

    /// <summary>One lane's reports: notices and epoch lines labelled with the network, every lane's; the progress
    /// bar and topology-update line of the first lane only, carrying every lane's running loss; one report at a
    /// time.</summary>
    private sealed class LaneReporter(IRunReporter inner, string label, int lane, PackProgress pack) : IRunReporter
    {
        public void Notice(string message)
        {
            lock (pack)
                inner.Notice($"{label}: {message}");
        }

        public void Progress(TrainingProgress progress)
        {
            lock (pack)
            {
                pack.Losses[lane] = progress.RunningLoss;
                if (lane == 0)
                    inner.Progress(progress with { PackLosses = (double[])pack.Losses.Clone() });
            }
        }

        public void EpochCompleted(EpochMetrics metrics)
        {
            lock (pack)
                inner.EpochCompleted(metrics with { Network = label });
        }

        public void TopologyUpdate(int epoch, int totalEpochs, string method)
        {
            if (lane != 0)
                return;
            lock (pack)
                inner.TopologyUpdate(epoch, totalEpochs, method);
        }

        public void Download(DownloadProgress progress)
        {
            lock (pack)
                inner.Download(progress);
        }
    }
}
