using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Jobs;

/// <summary>
/// A whole training run: settings (new or from a checkpoint), data, device, network, then epochs recorded into the
/// run directory. An interruption writes model.ckpt where training stopped; divergence leaves the last good one.
/// </summary>
public static class TrainingJob
{
    public static TrainingJobResult Run(TrainingJobRequest request, IRunReporter reporter, CancellationToken cancel)
    {
        JobPreamble.RequireDevice(request.Device, request.Threads);
        if (request.CheckpointEvery < 0)
            throw new InvalidSettingException(
                "checkpoint-every",
                $" must be 0 (off) or positive, got {request.CheckpointEvery}"
            );
        // An existing run directory is locked before its checkpoint is read, so two resumes cannot both continue it.
        string? existing =
            request.OutDirectory
            ?? (
                string.IsNullOrEmpty(request.ResumeFrom)
                    ? null
                    : Path.GetDirectoryName(Path.GetFullPath(request.ResumeFrom))
            );
        using RunLock? earlyLock =
            request.HeldLock is null && Directory.Exists(existing) ? RunLock.Acquire(existing) : null;
        if (request.SnapshotEvery < 0)
            throw new InvalidSettingException(
                "snapshot-every",
                $" must be 0 (off) or positive, got {request.SnapshotEvery}"
            );
        Checkpoint? resumed = request.ResumeFrom is null ? null : CheckpointFile.Read(request.ResumeFrom);
        TrainingSettings settings = SettingsOf(request, resumed);
        if (
            resumed is not null
            && IterativeMagnitudePruning.IsImp(settings)
            && settings.Epochs != resumed.Settings.Epochs
        )
            throw new InvalidSettingException(
                "epochs",
                $" cannot change when a --method imp run resumes (its rounds were planned from --epochs "
                    + $"{resumed.Settings.Epochs})"
            );
        if (resumed is not null && resumed.State.CompletedEpochs >= settings.TotalEpochs)
            throw new SparseGpuException(
                $"{request.ResumeFrom}: already trained {Counted.Of(resumed.State.CompletedEpochs, "epoch")}; "
                    + "--epochs is the total, so give more than that"
            );

        var directory = new RunDirectory(
            request.OutDirectory
                ?? (
                    request.ResumeFrom is not null ? Path.GetDirectoryName(Path.GetFullPath(request.ResumeFrom))! : null
                )
                ?? RunDirectory.DefaultFor(settings)
        );
        bool continuesItsOwnRun =
            resumed is not null
            && string.Equals(
                Path.GetDirectoryName(Path.GetFullPath(request.ResumeFrom!)),
                directory.Path,
                StringComparison.Ordinal
            );
        if (continuesItsOwnRun)
            RunDirectoryChecks.RequireNoRewind(directory, request.ResumeFrom!, resumed!);
        else
            RunDirectoryChecks.RequireFreeForNewRun(directory);

        DatasetSplits data = JobPreamble
            .Data(request.DataDirectory, request.AllowDownload, reporter)
            .Load(settings.Dataset, request.AllowBundledFallback);
        settings = JobPreamble.WithDataIdentity(settings, data, request.ResumeFrom);
        // --validation holds out the last images of the (limited) training set; the rest train.
        (ImageSet train, ImageSet? validation) = TrainingImages.Of(settings, data.Train);

        // A new network is checked for memory before it is built; a resumed one as it is.
        if (resumed is null)
            NetworkMemory.Require(settings.InitialShape(train.InputSize, train.Classes), settings.BatchSize);
        else
            JobPreamble.RequireFit(
                resumed.State.Network,
                train,
                settings.Dataset,
                request.ResumeFrom!,
                settings.BatchSize
            );
        TrainingState state =
            resumed?.State
            ?? new TrainingState(
                NetworkFactory.Create(
                    settings.InitialShape(train.InputSize, train.Classes),
                    settings.Seed,
                    InitialTopologies.For(settings, train)
                )
            );
        if (state.NextSample > train.Count)
            throw new SparseGpuException(
                $"{request.ResumeFrom}: stopped at sample {state.NextSample} of an epoch, but the training set has "
                    + $"{train.Count}"
            );

        using INetworkEngine engine =
            request.OpenEngine?.Invoke() ?? JobPreamble.Engine(request.Device, request.Threads, reporter);
        Directory.CreateDirectory(directory.Path);
        using RunLock? lateLock =
            request.HeldLock is null && earlyLock is null ? RunLock.Acquire(directory.Path) : null;
        RunLock runLock = request.HeldLock ?? earlyLock ?? lateLock!;
        runLock.EnsureHeld();
        var config = new RunConfig(
            ProgramInfo.Name,
            ProgramInfo.Version,
            DateTime.UtcNow,
            settings,
            engine.Name,
            engine.Description,
            data.Source,
            train.Count,
            data.Test.Count,
            request.CheckpointEvery,
            request.ResumeFrom is null ? null : Path.GetFullPath(request.ResumeFrom),
            resumed?.State.CompletedEpochs,
            request.CommandLine
        )
        {
            ValidationImages = validation?.Count,
        };
        config.Write(directory.Config);
        using RunEventLog events = RunEventLog.Open(directory.Events);
        events.Write("run_start", RunEvents.RunStart(config, directory.Path));
        if (resumed is not null)
            events.Write("resume", RunEvents.Resume(Path.GetFullPath(request.ResumeFrom!), resumed.State));
        int sparseLayers = state.Network.Layers.Count(l => l.Evolves);
        bool validates = validation is not null,
            imp = IterativeMagnitudePruning.IsImp(settings);
        MetricsCsv metrics = resumed is null
            ? MetricsCsv.Create(directory.Metrics, sparseLayers, validates, imp)
            : MetricsCsv.Continue(directory.Metrics, sparseLayers, resumed.State.CompletedEpochs, validates, imp);

        if (resumed is not null)
            reporter.Notice(
                $"resuming from {request.ResumeFrom}: {Counted.Of(resumed.State.CompletedEpochs, "epoch")} done"
                    + (
                        resumed.State.IsMidEpoch
                            ? $", continuing epoch {resumed.State.CompletedEpochs + 1} at sample "
                                + resumed.State.NextSample
                            : ""
                    )
                    + $"; training to epoch {settings.TotalEpochs}"
            );
        reporter.Notice(
            $"training {settings.Dataset} ({train.Count} images, {data.Source}) on {engine.Description}; writing "
                + $"{directory.Path}"
        );
        if (IterativeMagnitudePruning.For(settings) is { } plan)
            reporter.Notice(
                $"imp: {Counted.Of(plan.Rounds, "pruning round")} from density {settings.ImpStartDensity} to "
                    + $"{settings.Density}, {plan.FirstEpochs} + {plan.Rounds} x {plan.RetrainEpochs} = "
                    + $"{plan.TotalEpochs} epochs"
            );
        var recorder = new RunRecorder(directory, settings, metrics, request.CheckpointEvery, reporter, runLock)
        {
            SnapshotEvery = request.SnapshotEvery,
            Events = events,
            // A resumed run's best so far is the best epoch its metrics.csv records (resumed into a new directory:
            // none, so the best restarts there).
            Best = resumed is not null && validates ? metrics.BestRecorded() : null,
        };
        if (train.Count == 0 || data.Test.Count == 0)
            throw new SparseGpuException(
                $"{data.Source}: the {(train.Count == 0 ? "training" : "test")} set has no images"
            );
        if (request.SnapshotEvery > 0 && state.CompletedEpochs == 0 && !state.IsMidEpoch)
            recorder.WriteSnapshot(0, state.Network);
        var trainingClock = System.Diagnostics.Stopwatch.StartNew();
        TrainingStop stop;
        try
        {
            stop = new Trainer(engine, settings, train, data.Test, recorder, validation).Run(state, cancel);
        }
        catch (Exception e)
        {
            string outcome = e is TrainingDivergedException ? "diverged" : "failed";
            string why = e.Message.ReplaceLineEndings(" ");
            events.TryWrite(
                "run_end",
                RunEvents.RunEnd(outcome, state, trainingClock.Elapsed.TotalSeconds, recorder.LastEpoch, why)
            );
            if (e is TrainingDivergedException diverged && !File.Exists(directory.Model))
                throw Diverged(diverged);
            throw;
        }
        if (request.SnapshotEvery > 0)
            reporter.Notice(
                string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"snapshot writes took {recorder.SnapshotTime.TotalMilliseconds:F0} ms in all, "
                        + $"{100 * recorder.SnapshotTime / trainingClock.Elapsed:F2}% of the training time"
                )
            );
        if (stop == TrainingStop.Interrupted)
        {
            runLock.EnsureHeld();
            recorder.WriteCheckpoint(directory.Model, state);
            reporter.Notice(
                $"interrupted in epoch {state.CompletedEpochs + 1} at sample {state.NextSample}; resume with "
                    + $"--resume {directory.Model}"
            );
        }
        if (stop == TrainingStop.Completed && recorder.LastEpoch is { } final && recorder.Best is { } best)
            events.Write("final_and_best", RunEvents.FinalAndBest(final, best));
        events.Write(
            "run_end",
            RunEvents.RunEnd(
                stop == TrainingStop.Interrupted ? "interrupted" : "completed",
                state,
                trainingClock.Elapsed.TotalSeconds,
                recorder.LastEpoch,
                error: null
            )
        );
        return new TrainingJobResult(stop, directory, recorder.LastEpoch, state) { Best = recorder.Best };
    }

    /// <summary>The settings the run trains with: a new run's given ones (or the defaults under its overrides), a
    /// resumed run's checkpoint's under the overrides it may change.</summary>
    internal static TrainingSettings SettingsOf(TrainingJobRequest request, Checkpoint? resumed)
    {
        if (request.Settings is not null && resumed is not null)
            throw new InvalidOperationException(
                "complete settings are for a new run; a resumed run keeps its checkpoint's"
            );
        return resumed is null
            ? request.Settings?.Validated() ?? request.Overrides.ApplyTo(new TrainingSettings())
            : request.Overrides.ApplyToResumed(resumed.Settings);
    }

    private static SparseGpuException Diverged(TrainingDivergedException e) =>
        new(
            $"training diverged in epoch {e.Epoch}: {e.What}; no checkpoint was written (it diverged "
                + "before the first epoch ended); start again with a smaller --learning-rate (the same --out "
                + "may be used)"
        );
}
