using System.Diagnostics;
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
        string device = request.Device ?? spec.Device;
        int threads = request.Threads > 0 ? request.Threads : Math.Max(1, Environment.ProcessorCount / request.Jobs);

        var outcomes = new RunOutcome[runs.Count];
        void RunAt(int i)
        {
            var folder = new RunFolder(output, runs[i]);
            if (cancel.IsCancellationRequested)
            {
                outcomes[i] = new RunOutcome(runs[i], RunOutcomeKind.Interrupted, "not started", 0);
            }
            else if (folder.Status().State == RunState.Done)
            {
                outcomes[i] = new RunOutcome(runs[i], RunOutcomeKind.Skipped, "already complete", 0);
            }
            else
            {
                RacePoints.Reach("sweep:looked");
                reporter.RunStarted(runs[i], i + 1, runs.Count);
                try
                {
                    outcomes[i] = Execute(folder, device, threads, request, cancel);
                }
                catch (Exception e) when (e is SparseGpuException or IOException or UnauthorizedAccessException)
                {
                    // The folder itself is unusable (a file in its place, no permission): this run fails, the
                    // others go on.
                    outcomes[i] = new RunOutcome(runs[i], RunOutcomeKind.Failed, e.Message.ReplaceLineEndings(" "), 0);
                }
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

    private static RunOutcome Execute(
        RunFolder folder,
        string device,
        int threads,
        SweepRequest request,
        CancellationToken cancel
    )
    {
        RunPlan run = folder.Run;
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(folder.Path);
        using RunLock? claimed = RunLock.TryAcquire(folder.Path);
        if (claimed is null)
        {
            string holder = RunLock.Inspect(folder.Path).Detail;
            return new RunOutcome(run, RunOutcomeKind.Busy, $"another process is running it ({holder})", 0);
        }
        // Another process may have completed the run between our first look and our claim.
        if (folder.Status().State == RunState.Done)
            return new RunOutcome(run, RunOutcomeKind.Skipped, "already complete", 0);
        var log = new RunLog(folder.Log);
        string stage = "training";
        try
        {
            double trainingSeconds = 0;
            if ((folder.TrainedEpochs() ?? -1) < run.Settings.TotalEpochs)
            {
                bool resume = File.Exists(folder.Training.Model);
                if (!resume)
                {
                    // A start that failed before its first checkpoint leaves files that would block a fresh start.
                    File.Delete(folder.Training.Metrics);
                    File.Delete(folder.Training.Config);
                }
                log.Write(resume ? $"resuming from {folder.Training.Model}" : $"training {run.Id}");
                TrainingJobResult trained = TrainingJob.Run(
                    new TrainingJobRequest
                    {
                        Overrides = resume
                            ? TrainingOverrides.None.With(TrainingSettingCatalog.Epochs, run.Settings.TotalEpochs)
                            : TrainingOverrides.None,
                        Settings = resume ? null : run.Settings,
                        OutDirectory = folder.Path,
                        ResumeFrom = resume ? folder.Training.Model : null,
                        Device = device,
                        Threads = threads,
                        DataDirectory = request.DataDirectory,
                        AllowDownload = request.AllowDownload,
                        AllowBundledFallback = false,
                        HeldLock = claimed,
                        CommandLine = request.CommandLine,
                    },
                    log,
                    cancel
                );
                trainingSeconds = clock.Elapsed.TotalSeconds;
                if (trained.Stop == TrainingStop.Interrupted)
                    return new RunOutcome(
                        run,
                        RunOutcomeKind.Interrupted,
                        $"stopped in epoch {trained.State.CompletedEpochs + 1}; resumes next time",
                        clock.Elapsed.TotalSeconds
                    );
            }

            double robustnessSeconds = 0;
            if (run.Robustness is { } r)
            {
                stage = "robustness";
                claimed.EnsureHeld();
                log.Write("robustness sweep");
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
                        Device = device,
                        Threads = threads,
                        DataDirectory = request.DataDirectory,
                        AllowDownload = request.AllowDownload,
                        AllowBundledFallback = false,
                        OutDirectory = folder.RobustnessDirectory,
                        // A changed robustness block redoes the sweep; an interrupted one continues.
                        ReplaceOtherSettings = true,
                    },
                    log,
                    null,
                    cancel
                );
                robustnessSeconds = swept.Seconds;
            }
            claimed.EnsureHeld();
            folder.MarkComplete(trainingSeconds, robustnessSeconds);
            log.Write("complete");
            return new RunOutcome(run, RunOutcomeKind.Completed, "complete", clock.Elapsed.TotalSeconds);
        }
        catch (RunLockLostException e)
        {
            log.Write(e.Message);
            return new RunOutcome(run, RunOutcomeKind.Busy, e.Message, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            log.Write($"interrupted during {stage}");
            return new RunOutcome(
                run,
                RunOutcomeKind.Interrupted,
                $"interrupted during {stage}; resumes next time",
                clock.Elapsed.TotalSeconds
            );
        }
        catch (Exception e)
            when (e is SparseGpuException or IOException or UnauthorizedAccessException or JsonException)
        {
            string message = e.Message.ReplaceLineEndings(" ");
            if (claimed.IsHeld)
                folder.MarkFailed(stage, message);
            log.Write($"failed during {stage}: {message}");
            return new RunOutcome(run, RunOutcomeKind.Failed, $"{stage}: {message}", clock.Elapsed.TotalSeconds);
        }
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
