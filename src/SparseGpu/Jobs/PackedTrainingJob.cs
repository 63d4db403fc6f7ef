using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Ilgpu;
using SparseGpu.Runs;
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
    public static IReadOnlyList<PackedRunOutcome> Run(
        IReadOnlyList<TrainingJobRequest> requests,
        IRunReporter reporter,
        CancellationToken cancel
    )
    {
        if (requests.Count == 0)
            return [];
        string device = requests[0].Device;
        JobPreamble.RequireDevice(device, requests[0].Threads);
        RequirePackable(requests);
        // IMP's rounds change a layer's link count, which a pack's pooled arrays keep fixed: its runs train one after
        // another (the same results, only without the shared launches).
        bool imp = requests.Any(r =>
            IterativeMagnitudePruning.IsImp(
                TrainingJob.SettingsOf(r, r.ResumeFrom is null ? null : CheckpointFile.Read(r.ResumeFrom))
            )
        );
        if (imp && requests.Count > 1)
            reporter.Notice("--method imp changes the link count every round: its runs train one after another");
        NetworkPack? pack =
            requests.Count == 1 || imp ? null : EngineFactory.OpenPack(device, requests.Count, cancel, reporter.Notice);
        if (pack is null)
            return requests.Select(r => RunAlone(r, reporter, cancel)).ToList();
        using (pack)
        {
            reporter.Notice($"training {requests.Count} networks packed into the same launches on {pack.Describe(0)}");
            var display = new object();
            var outcomes = new PackedRunOutcome[requests.Count];
            Thread[] threads = requests
                .Select(
                    (request, n) =>
                        new Thread(() =>
                        {
                            var lane = new LaneReporter(
                                reporter,
                                $"network {n + 1} of {requests.Count}",
                                n == 0,
                                display
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
        catch (Exception e) when (e is SparseGpuException or TrainingDivergedException or IOException)
        {
            return new PackedRunOutcome(request, null, e);
        }
    }

    /// <summary>One lane's reports: notices prefixed with the network; progress and epoch lines of the first lane
    /// only (a display shows one bar; every run's epochs are in its metrics.csv); one report at a time.</summary>
    private sealed class LaneReporter(IRunReporter inner, string label, bool showsProgress, object gate) : IRunReporter
    {
        public void Notice(string message)
        {
            lock (gate)
                inner.Notice($"{label}: {message}");
        }

        public void Progress(TrainingProgress progress)
        {
            if (!showsProgress)
                return;
            lock (gate)
                inner.Progress(progress);
        }

        public void EpochCompleted(EpochMetrics metrics)
        {
            if (!showsProgress)
                return;
            lock (gate)
                inner.EpochCompleted(metrics);
        }

        public void TopologyUpdate(int epoch, int totalEpochs, string method)
        {
            if (!showsProgress)
                return;
            lock (gate)
                inner.TopologyUpdate(epoch, totalEpochs, method);
        }

        public void Download(DownloadProgress progress)
        {
            lock (gate)
                inner.Download(progress);
        }
    }
}
