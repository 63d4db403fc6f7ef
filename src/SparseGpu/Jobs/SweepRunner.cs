using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Training;

namespace SparseGpu.Jobs;

/// <summary>
/// Executes a sweep's runs, up to --jobs at a time: a complete run is skipped, an interrupted one resumes from its
/// checkpoint, a failed one is recorded in its folder and does not stop the others.
/// </summary>
public static class SweepRunner
{
    public const string SpecCopy = SweepSpecCopy.FileName;

    /// <summary>The runs this invocation owns (its shard of the spec), before anything runs.</summary>
    public static (SweepSpec Spec, IReadOnlyList<RunPlan> Runs) Plan(SweepRequest request)
    {
        if (request.Jobs <= 0)
            throw new InvalidSettingException("jobs", $" must be positive, got {request.Jobs}");
        if (request.Pack is <= 0)
            throw new InvalidSettingException("pack", $" must be positive, got {request.Pack}");
        if (request.Device is not null)
            Engines.EngineFactory.RequireKnownName(request.Device);
        SweepSpec spec = SweepSpec.Read(request.Spec);
        IReadOnlyList<RunPlan> runs = SweepPlan.Expand(spec);
        if (request.Shard is not null)
        {
            var (index, count) = SweepPlan.ParseShard(request.Shard);
            runs = SweepPlan.Shard(runs, index, count);
        }
        return (spec, runs);
    }

    /// <summary>What `--dry-run` lists: the plan, after the checks a real run makes before it starts (the output's
    /// spec among them), without writing anything.</summary>
    public static (SweepSpec Spec, IReadOnlyList<RunPlan> Runs) DryRun(SweepRequest request, Action<string> notice)
    {
        var planned = Plan(request);
        string output = Path.GetFullPath(request.OutDirectory);
        SweepSpecCopy.Verify(output, request.Spec, planned.Spec, request.Force, notice);
        RecordedPerturbations.RequireUnchangedDefault(output, planned.Runs);
        return planned;
    }

    public static IReadOnlyList<RunOutcome> Run(SweepRequest request, ISweepReporter reporter, CancellationToken cancel)
    {
        CpuThreads.Require(request.Threads);
        Data.DataDirectory.ResolveExisting(request.DataDirectory); // before any run starts, not in each
        var (spec, runs) = Plan(request);
        string output = Path.GetFullPath(request.OutDirectory);
        Directory.CreateDirectory(Path.Combine(output, RunLayout.SweepRuns));
        RecordedPerturbations.RequireUnchangedDefault(output, runs);
        SweepSpecCopy.Claim(output, request.Spec, spec, request.Force, reporter.Notice);
        var context = new SweepContext(
            request,
            request.Device ?? spec.Device,
            request.Threads > 0 ? request.Threads : Math.Max(1, Environment.ProcessorCount / request.Jobs),
            reporter,
            runs.Count,
            cancel
        );
        var outcomes = new RunOutcome[runs.Count];
        int pack = request.Pack ?? spec.Pack ?? 1;
        if (pack > 1)
        {
            RunPacked(output, runs, pack, context, outcomes);
            return outcomes;
        }

        void RunAt(int i)
        {
            var folder = new RunFolder(output, runs[i]);
            if (LooksFinished(folder, i, context) is { } finished)
                outcomes[i] = finished;
            else
            {
                reporter.RunStarted(runs[i], i + 1, runs.Count);
                outcomes[i] = Unusable(runs[i], () => Execute(folder, context));
            }
            reporter.RunFinished(outcomes[i], i + 1, runs.Count);
        }

        // One job keeps the spec's order; more share the runs out as they finish.
        if (request.Jobs == 1)
            for (int i = 0; i < runs.Count; i++)
                RunAt(i);
        else
            Parallel.For(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = request.Jobs }, RunAt);
        return outcomes;
    }

    /// <summary>What every run of one invocation shares.</summary>
    private sealed record SweepContext(
        SweepRequest Request,
        string Device,
        int Threads,
        ISweepReporter Reporter,
        int Total,
        CancellationToken Cancel
    );

    /// <summary>The outcome of a run that does not start (interrupted before it, or complete), or null.</summary>
    private static RunOutcome? LooksFinished(RunFolder folder, int index, SweepContext context)
    {
        if (context.Cancel.IsCancellationRequested)
            return new RunOutcome(folder.Run, RunOutcomeKind.Interrupted, "not started", 0);
        if (folder.Status().State == RunState.Done)
            return new RunOutcome(folder.Run, RunOutcomeKind.Skipped, "already complete", 0);
        RacePoints.Reach("sweep:looked");
        return null;
    }

    /// <summary>The folder itself is unusable (a file in its place, no permission): this run fails, the others go
    /// on.</summary>
    private static RunOutcome Unusable(RunPlan run, Func<RunOutcome> execute)
    {
        try
        {
            return execute();
        }
        catch (Exception e) when (e is SparseGpuException or IOException or UnauthorizedAccessException)
        {
            return new RunOutcome(run, RunOutcomeKind.Failed, e.Message.ReplaceLineEndings(" "), 0);
        }
    }

    /// <summary>
    /// --pack: the runs still to do, cut into packs of compatible runs (<see cref="SweepPacks"/>), each pack
    /// trained in the same launches where the device allows it (<see cref="PackedTrainingJob"/>: one after another
    /// on the fast CPU path), --jobs packs at a time. Each run keeps its own folder, lock, log, checkpoints,
    /// robustness sweep and markers, exactly as when it trains alone.
    /// </summary>
    private static void RunPacked(
        string output,
        IReadOnlyList<RunPlan> runs,
        int size,
        SweepContext context,
        RunOutcome[] outcomes
    )
    {
        var todo = new List<(int Index, RunFolder Folder)>();
        for (int i = 0; i < runs.Count; i++)
        {
            var folder = new RunFolder(output, runs[i]);
            if (LooksFinished(folder, i, context) is { } finished)
            {
                outcomes[i] = finished;
                context.Reporter.RunFinished(finished, i + 1, runs.Count);
            }
            else
                todo.Add((i, folder));
        }
        List<List<(int Index, RunFolder Folder)>> packs = SweepPacks
            .Group(todo.Select(t => (t.Folder.Run, t.Folder.TrainingStart())).ToList(), size)
            .Select(pack => pack.Select(k => todo[k]).ToList())
            .ToList();
        void PackAt(int p) => ExecutePack(packs[p], context, outcomes);
        if (context.Request.Jobs == 1)
            for (int p = 0; p < packs.Count; p++)
                PackAt(p);
        else
            Parallel.For(0, packs.Count, new ParallelOptions { MaxDegreeOfParallelism = context.Request.Jobs }, PackAt);
    }

    private static void ExecutePack(
        IReadOnlyList<(int Index, RunFolder Folder)> pack,
        SweepContext context,
        RunOutcome[] outcomes
    )
    {
        var claimed = new List<(int Index, ClaimedRun Run)>();
        void Finished(int index, RunOutcome outcome)
        {
            outcomes[index] = outcome;
            context.Reporter.RunFinished(outcome, index + 1, context.Total);
        }
        try
        {
            foreach (var (index, folder) in pack)
            {
                if (context.Cancel.IsCancellationRequested)
                {
                    Finished(index, new RunOutcome(folder.Run, RunOutcomeKind.Interrupted, "not started", 0));
                    continue;
                }
                context.Reporter.RunStarted(folder.Run, index + 1, context.Total);
                RunOutcome? early = null;
                ClaimedRun? run = null;
                try
                {
                    run = Claim(folder, out early);
                    if (run is not null)
                        Prepare(run, context);
                }
                catch (Exception e) when (run is not null && IsRunFailure(e))
                {
                    early = Failure(run, e);
                }
                catch (Exception e) when (e is SparseGpuException or IOException or UnauthorizedAccessException)
                {
                    // The folder itself is unusable (a file in its place, no permission).
                    early = new RunOutcome(folder.Run, RunOutcomeKind.Failed, e.Message.ReplaceLineEndings(" "), 0);
                }
                if (run is null || early is not null)
                {
                    run?.Dispose();
                    Finished(index, early!);
                }
                else
                    claimed.Add((index, run));
            }
            var training = claimed.Where(c => c.Run.Training is not null).ToList();
            IReadOnlyList<PackedRunOutcome> trained = Train(training.Select(c => c.Run).ToList(), context);
            foreach (var (index, run) in claimed)
            {
                int lane = training.FindIndex(c => c.Run == run);
                PackedRunOutcome? result = lane < 0 ? null : trained[lane];
                Finished(
                    index,
                    Guarded(
                        run,
                        () =>
                        {
                            if (result?.Error is { } error)
                                ExceptionDispatchInfo.Capture(error).Throw();
                            return AfterTraining(run, result?.Result, context);
                        }
                    )
                );
            }
        }
        finally
        {
            foreach (var (_, run) in claimed)
                run.Dispose();
        }
    }

    /// <summary>The pack's runs that have epochs left, in the same launches; one by one if they cannot share them
    /// after all (a checkpoint changed since the runs were grouped).</summary>
    private static IReadOnlyList<PackedRunOutcome> Train(IReadOnlyList<ClaimedRun> runs, SweepContext context)
    {
        if (runs.Count == 0)
            return [];
        var requests = runs.Select(r => r.Training!).ToList();
        var logs = runs.Select(r => (IRunReporter)r.Log).ToList();
        var notices = new SweepNotices(context.Reporter);
        try
        {
            PackedTrainingJob.RequirePackable(requests);
        }
        catch (SparseGpuException e)
        {
            context.Reporter.Notice($"training one by one instead: {e.Message}");
            return requests
                .Select((r, n) => PackedTrainingJob.Run([r], notices, [logs[n]], context.Cancel)[0])
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return requests.Select(r => new PackedRunOutcome(r, null, e)).ToList();
        }
        try
        {
            return PackedTrainingJob.Run(requests, notices, logs, context.Cancel);
        }
        catch (SparseGpuException e)
        {
            // Nothing started (the device could not be opened): every run of the pack fails with the reason.
            return requests.Select(r => new PackedRunOutcome(r, null, e)).ToList();
        }
    }

    /// <summary>A pack's own notices (the device it opened, how it trains) as sweep notices.</summary>
    private sealed class SweepNotices(ISweepReporter reporter) : IRunReporter
    {
        public void Notice(string message) => reporter.Notice(message);

        public void Progress(TrainingProgress progress) { }

        public void EpochCompleted(EpochMetrics metrics) { }
    }

    /// <summary>A run this process holds the lock of: its folder, log, clock, and (after
    /// <see cref="Prepare"/>) what it still trains.</summary>
    private sealed class ClaimedRun(RunFolder folder, RunLock held) : IDisposable
    {
        public RunFolder Folder { get; } = folder;
        public RunLock Lock { get; } = held;
        public RunLog Log { get; } = new(folder.Log);
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public string Stage { get; set; } = "training";

        /// <summary>Null: its training is complete, only the robustness sweep is left.</summary>
        public TrainingJobRequest? Training { get; set; }

        public void Dispose() => Lock.Dispose();
    }

    private static RunOutcome Execute(RunFolder folder, SweepContext context)
    {
        using ClaimedRun? claimed = Claim(folder, out RunOutcome? outcome);
        if (claimed is null)
            return outcome!;
        return Guarded(
            claimed,
            () =>
            {
                Prepare(claimed, context);
                TrainingJobResult? trained = claimed.Training is { } training
                    ? TrainingJob.Run(training, claimed.Log, context.Cancel)
                    : null;
                return AfterTraining(claimed, trained, context);
            }
        );
    }

    /// <summary>Takes the run's lock: the claimed run, or null with the outcome when it cannot or need not
    /// run.</summary>
    private static ClaimedRun? Claim(RunFolder folder, out RunOutcome? outcome)
    {
        outcome = null;
        RunPlan run = folder.Run;
        Directory.CreateDirectory(folder.Path);
        RunLock? held = RunLock.TryAcquire(folder.Path);
        if (held is null)
        {
            string holder = RunLock.Inspect(folder.Path).Detail;
            outcome = new RunOutcome(run, RunOutcomeKind.Busy, $"another process is running it ({holder})", 0);
            return null;
        }
        // Another process may have completed the run between our first look and our claim.
        if (folder.Status().State == RunState.Done)
        {
            held.Dispose();
            outcome = new RunOutcome(run, RunOutcomeKind.Skipped, "already complete", 0);
            return null;
        }
        return new ClaimedRun(folder, held);
    }

    /// <summary>Decides what the run still trains (<see cref="ClaimedRun.Training"/>) and clears what a failed
    /// start left.</summary>
    private static void Prepare(ClaimedRun claimed, SweepContext context)
    {
        RunFolder folder = claimed.Folder;
        RunPlan run = folder.Run;
        SweepRequest request = context.Request;
        if ((folder.TrainedEpochs() ?? -1) >= run.Settings.TotalEpochs)
            return;
        bool resume = File.Exists(folder.Training.Model);
        if (!resume)
        {
            // A start that failed before its first checkpoint leaves files that would block a fresh start.
            File.Delete(folder.Training.Metrics);
            File.Delete(folder.Training.Config);
        }
        claimed.Log.Write(resume ? $"resuming from {folder.Training.Model}" : $"training {run.Id}");
        claimed.Training = new TrainingJobRequest
        {
            Overrides = resume
                ? TrainingOverrides.None.With(TrainingSettingCatalog.Epochs, run.Settings.TotalEpochs)
                : TrainingOverrides.None,
            Settings = resume ? null : run.Settings,
            OutDirectory = folder.Path,
            ResumeFrom = resume ? folder.Training.Model : null,
            Device = context.Device,
            Threads = context.Threads,
            DataDirectory = request.DataDirectory,
            AllowDownload = request.AllowDownload,
            AllowBundledFallback = false,
            HeldLock = claimed.Lock,
            CommandLine = request.CommandLine,
        };
    }

    /// <summary>After training (null: none was left): the robustness sweep, then complete.json.</summary>
    private static RunOutcome AfterTraining(ClaimedRun claimed, TrainingJobResult? trained, SweepContext context)
    {
        RunFolder folder = claimed.Folder;
        RunPlan run = folder.Run;
        SweepRequest request = context.Request;
        double trainingSeconds = trained is null ? 0 : claimed.Clock.Elapsed.TotalSeconds;
        if (trained?.Stop == TrainingStop.Interrupted)
            return new RunOutcome(
                run,
                RunOutcomeKind.Interrupted,
                $"stopped in epoch {trained.State.CompletedEpochs + 1}; resumes next time",
                claimed.Clock.Elapsed.TotalSeconds
            );
        double robustnessSeconds = 0;
        if (run.Robustness is { } r)
        {
            claimed.Stage = "robustness";
            claimed.Lock.EnsureHeld();
            claimed.Log.Write("robustness sweep");
            RobustnessResult swept = RobustnessJob.Run(
                new RobustnessRequest
                {
                    Models = [folder.Training.Model],
                    Perturbations = r.PerturbationList,
                    Levels = r.Levels,
                    Epsilons = r.Epsilons,
                    Repeats = r.Repeats,
                    Scope = r.ParsedScope,
                    NeuronScope = r.ParsedNeuronScope,
                    Order = r.ParsedOrder,
                    Relative = r.Relative ?? false,
                    Compensation = r.CompensationSwitches(),
                    Measures = r.ParsedMeasures,
                    RefuseUnmeasuredDenseModel = false,
                    Device = context.Device,
                    Threads = context.Threads,
                    DataDirectory = request.DataDirectory,
                    AllowDownload = request.AllowDownload,
                    AllowBundledFallback = false,
                    OutDirectory = folder.RobustnessDirectory,
                    // A changed robustness block redoes the sweep; an interrupted one continues.
                    ReplaceOtherSettings = true,
                },
                claimed.Log,
                null,
                context.Cancel
            );
            robustnessSeconds = swept.Seconds;
        }
        claimed.Lock.EnsureHeld();
        folder.MarkComplete(trainingSeconds, robustnessSeconds);
        claimed.Log.Write("complete");
        return new RunOutcome(run, RunOutcomeKind.Completed, "complete", claimed.Clock.Elapsed.TotalSeconds);
    }

    /// <summary>Runs a stage of a claimed run, turning its failure into the run's outcome (recorded in its folder
    /// and log); the others go on.</summary>
    private static RunOutcome Guarded(ClaimedRun claimed, Func<RunOutcome> stage)
    {
        try
        {
            return stage();
        }
        catch (Exception e) when (IsRunFailure(e))
        {
            return Failure(claimed, e);
        }
    }

    private static bool IsRunFailure(Exception e) =>
        e
            is SparseGpuException
                or IOException
                or UnauthorizedAccessException
                or JsonException
                or OperationCanceledException;

    private static RunOutcome Failure(ClaimedRun claimed, Exception e)
    {
        RunPlan run = claimed.Folder.Run;
        double seconds = claimed.Clock.Elapsed.TotalSeconds;
        if (e is RunLockLostException)
        {
            claimed.Log.Write(e.Message);
            return new RunOutcome(run, RunOutcomeKind.Busy, e.Message, seconds);
        }
        if (e is OperationCanceledException)
        {
            claimed.Log.Write($"interrupted during {claimed.Stage}");
            return new RunOutcome(
                run,
                RunOutcomeKind.Interrupted,
                $"interrupted during {claimed.Stage}; resumes next time",
                seconds
            );
        }
        string message = e.Message.ReplaceLineEndings(" ");
        if (claimed.Lock.IsHeld)
            claimed.Folder.MarkFailed(claimed.Stage, message);
        claimed.Log.Write($"failed during {claimed.Stage}: {message}");
        return new RunOutcome(run, RunOutcomeKind.Failed, $"{claimed.Stage}: {message}", seconds);
    }

    /// <summary>The state of every run of the spec recorded in a sweep directory.</summary>
    public static IReadOnlyList<RunStatus> Status(string outDirectory, string? spec = null)
    {
        string specPath = spec ?? Path.Combine(outDirectory, SpecCopy);
        if (!File.Exists(specPath))
            throw new SparseGpuException($"{outDirectory}: no {SpecCopy} (not a sweep directory; give --spec)");
        return SweepPlan
            .Expand(SweepSpec.Read(specPath))
            .Select(run => new RunFolder(Path.GetFullPath(outDirectory), run).Status())
            .ToList();
    }
}
