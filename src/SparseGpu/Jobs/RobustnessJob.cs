using System.Diagnostics;
using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Robustness;
using SparseGpu.Robustness.Compensation;
using SparseGpu.Runs;

namespace SparseGpu.Jobs;

/// <summary>
/// Evaluates trained checkpoints under growing damage. Each level of each repetition is a fresh perturbed copy of
/// the trained network evaluated on the resident test set; the checkpoints are only read. FGSM evaluates all its
/// ε levels from one gradient per image.
/// </summary>
public static class RobustnessJob
{
    public static RobustnessResult Run(
        RobustnessRequest request,
        IRunReporter reporter,
        Action<RobustnessProgress>? progress,
        CancellationToken cancel
    )
    {
        JobPreamble.RequireDevice(request.Device, request.Threads);
        if (request.Models.Count == 0)
            throw new InvalidSettingException("model", ": give at least one checkpoint");
        // By file identity, not path text: a symbolic or hard link to a model is the same model.
        string[]? repeated = request
            .Models.GroupBy(FileIdentity.Key)
            .FirstOrDefault(g => g.Count() > 1)
            ?.Take(2)
            .ToArray();
        if (repeated is not null)
            throw new InvalidSettingException(
                Path.GetFullPath(repeated[0]) == Path.GetFullPath(repeated[1])
                    ? $"--model {repeated[0]} is given twice"
                    : $"--model {repeated[1]} is the same file as {repeated[0]}"
            );
        if (request.Repeats <= 0)
            throw new InvalidSettingException("repeats", $" must be positive, got {request.Repeats}");
        IReadOnlyList<Perturbation> perturbations = Perturbations.Parse(request.Perturbations);
        PerturbationOptions options = request.PerturbationOptions;
        PerturbationSwitches.RequireReached(options, perturbations);
        request.Compensation.Validate();
        (double[] levels, double[] epsilons) = LevelKinds.Grids(perturbations, request.Levels, request.Epsilons);
        double[] GridOf(Perturbation p) => p.Kind.GridOption() == "epsilons" ? epsilons : levels;

        var checkpoints = request.Models.Select(path => (Path: path, Checkpoint: CheckpointFile.Read(path))).ToList();
        if (request.Layers is not null)
        {
            if (request.Scope == PerturbationScope.All)
                throw new SparseGpuException("--layers names sparse layers; it cannot be combined with --scope all");
            foreach (var (path, checkpoint) in checkpoints)
                PerturbationPlan.RequireSparseLayers(request.Layers, checkpoint.State.Network, path);
            int? twice = request.Layers.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (twice is not null)
                throw new SparseGpuException($"--layers {twice} is given twice");
        }
        if (UnmeasuredDenseModel(request, checkpoints) is { } unmeasured)
        {
            if (request.RefuseUnmeasuredDenseModel)
                throw new InvalidSettingException("measures", unmeasured);
            reporter.Notice($"--measures{unmeasured}");
        }
        string dataset = DatasetName.Of(request.Dataset ?? checkpoints[0].Checkpoint.Settings.Dataset);
        foreach (var (path, checkpoint) in checkpoints)
            JobPreamble.RequireTrainedOn(checkpoint, dataset, path);
        DatasetSplits data = JobPreamble
            .Data(request.DataDirectory, request.AllowDownload, reporter)
            .Load(dataset, request.AllowBundledFallback);
        foreach (var (path, checkpoint) in checkpoints)
            JobPreamble.RequireSameData(checkpoint, data, path);
        CompensationData.RequireTrainingImages(request.Compensation, data);
        ImageSet test = data.Test;
        DatasetInfo info = data.Info;
        foreach (var (path, checkpoint) in checkpoints)
            JobPreamble.RequireFit(checkpoint.State.Network, test, info.Name, path);

        string outDirectory = Path.GetFullPath(
            request.OutDirectory
                ?? Path.Combine(
                    RunLayout.DefaultRoot,
                    $"robustness-{OwnDataset.DisplayName(info.Name)}-{RunLayout.Timestamp(DateTime.Now)}"
                )
        );
        RobustnessOutput.Prepare(outDirectory);

        using INetworkEngine engine = JobPreamble.Engine(request.Device, request.Threads, reporter);
        var compensation = new DamageCompensation(
            request.Compensation,
            request.Compensation.NeedsTrainingImages ? data.Train : null,
            engine
        );
        if (compensation.Any && perturbations.Any(p => p is InputPerturbation))
            reporter.Notice(CompensationData.InputPerturbationNotice);
        int total = checkpoints.Count * perturbations.Sum(p => GridOf(p).Length * (p.Stochastic ? request.Repeats : 1));
        var clock = Stopwatch.StartNew();
        RobustnessSettings settings = RobustnessRecordedSettings.Of(
            request,
            info.Name,
            test.Count,
            perturbations,
            levels,
            epsilons,
            checkpoints
        );
        RobustnessBlocks blocks = RobustnessBlocks.Open(
            outDirectory,
            settings,
            request.ReplaceOtherSettings,
            engine.Description
        );
        if (blocks.Count > 0)
            reporter.Notice(
                $"{outDirectory}: continuing the sweep there; {blocks.Count} finished (model, perturbation, repeat) "
                    + "blocks kept"
            );
        RobustnessOutput.RemoveOldFigures(outDirectory);
        int keptRecords = blocks.Records; // every kept block is one of this sweep's: Open refuses other settings
        int done = keptRecords;
        // One report for everything kept, before any evaluation: the display's rate and ETA are then measured over
        // this run's evaluations only, not over blocks that took no time here.
        if (keptRecords > 0)
            progress?.Invoke(new RobustnessProgress(done, total, checkpoints[0].Path, RobustnessProgress.Kept));
        try
        {
            foreach (var (path, checkpoint) in checkpoints)
            {
                Network trained = checkpoint.State.Network;
                var measures = new RowMeasures(request.Measures, request.Threads);
                ulong seed = request.Seed ?? checkpoint.Settings.Seed;
                RobustnessRecord Row(
                    Perturbation p,
                    double level,
                    int repeat,
                    EvaluationResult result,
                    Network evaluated
                ) =>
                    measures.Of(
                        new RobustnessRecord(
                            path,
                            checkpoint.Settings.Regrowth,
                            OwnDataset.DisplayName(info.Name),
                            checkpoint.Settings.Seed,
                            p.Name,
                            level,
                            repeat,
                            result.Accuracy,
                            result.Loss,
                            PerturbationPlan.LinksInScope(evaluated, PerturbationScope.Sparse),
                            PerturbationPlan.ActiveNeurons(evaluated)
                        ),
                        evaluated
                    );

                foreach (Perturbation perturbation in perturbations)
                {
                    int repeats = perturbation.Stochastic ? request.Repeats : 1;
                    for (int repeat = 0; repeat < repeats; repeat++)
                    {
                        if (blocks.TryGet(path, perturbation.Name, repeat, out _))
                            continue;
                        var records = new List<RobustnessRecord>();
                        long blockStart = Stopwatch.GetTimestamp();
                        double[] grid = GridOf(perturbation);
                        // The one place a damaged network is measured, for every perturbation: the compensation
                        // switches act here, on a copy, so that what a removal removes (and where an adaptive or
                        // relative removal takes its next step) is the same with and without them.
                        void EvaluateDamaged(Network damaged, double level, double fractionOfRemaining)
                        {
                            Network evaluated = compensation.Apply(
                                damaged,
                                trained,
                                new DamageContext(checkpoint.Settings, seed, perturbation.Name, repeat, records.Count)
                            );
                            engine.LoadNetwork(evaluated);
                            records.Add(
                                Row(perturbation, level, repeat, engine.Evaluate(test), evaluated) with
                                {
                                    FractionOfRemaining = fractionOfRemaining,
                                }
                            );
                            progress?.Invoke(new RobustnessProgress(++done, total, path, perturbation.Name));
                        }
                        void EvaluateInputs(IInputAttack attack)
                        {
                            engine.LoadNetwork(trained);
                            EvaluationResult[] results = engine.EvaluateUnderAttack(test, attack);
                            for (int e = 0; e < grid.Length; e++)
                                records.Add(Row(perturbation, grid[e], repeat, results[e], trained));
                            done += grid.Length;
                            progress?.Invoke(new RobustnessProgress(done, total, path, perturbation.Name));
                        }
                        perturbation.Evaluate(
                            new PerturbationContext(
                                trained,
                                grid,
                                options,
                                seed,
                                repeat,
                                EvaluateDamaged,
                                EvaluateInputs,
                                cancel
                            )
                        );
                        if (records.Count != grid.Length)
                            throw new InvalidOperationException(
                                $"{perturbation.Name} evaluated {records.Count} of {grid.Length} levels"
                            );
                        blocks.Finish(
                            path,
                            perturbation.Name,
                            repeat,
                            records,
                            Stopwatch.GetElapsedTime(blockStart).TotalSeconds
                        );
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Say what the stop kept, so the user knows rerunning is cheap (it only said "interrupted").
            reporter.Notice(
                $"interrupted: {Counted.Of(blocks.Count, "finished block")} ({blocks.Records} of {total} "
                    + $"evaluations) kept in {outDirectory}; the same command continues from there"
            );
            throw;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        List<RobustnessRecord> all = blocks.Ordered();
        Network first = checkpoints[0].Checkpoint.State.Network;
        var result = new RobustnessResult(
            all,
            RobustnessSummary.Compute(all),
            seconds,
            engine.Description,
            outDirectory
        )
        {
            KeptRecords = keptRecords,
            SweepSeconds = blocks.Seconds,
            UntimedBlocks = blocks.UntimedBlocks,
            SparseLayers = SparseLayerShape.Of(first, request.Layers),
        };
        RobustnessCsv.Write(result.RecordsFile, result.Records);
        RobustnessCsv.WriteSummary(result.SummaryFile, result.Summary);
        blocks.WriteManifest(complete: true);
        return result;
    }

    /// <summary>
    /// Why the summary's relative-to-dense columns would be blank although a model is dense: the measures leave out
    /// density, by which summary.csv and `plot robustness --relative-to dense` tell a dense model. Null otherwise.
    /// </summary>
    private static string? UnmeasuredDenseModel(
        RobustnessRequest request,
        IEnumerable<(string Path, Checkpoint Checkpoint)> checkpoints
    )
    {
        if (request.Measures.Has(NetworkMeasureSet.Density))
            return null;
        string? dense = checkpoints
            .FirstOrDefault(c => Analysis.NetworkGraphMeasures.SparseDensity(c.Checkpoint.State.Network) == 1)
            .Path;
        return dense is null
            ? null
            : $" {request.Measures.Name()} leaves out density, and {dense} is dense: summary.csv could not tell it "
                + "and would leave its relative-to-dense columns blank; add density to the list";
    }
}
