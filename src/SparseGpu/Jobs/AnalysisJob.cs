using System.Diagnostics;
using SparseGpu.Analysis;
using SparseGpu.Data;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Jobs;

/// <summary>
/// Reads the checkpoints (and run snapshots) and writes structure.csv, network.csv, overlap.csv and evolution.csv.
/// Every statistic is O(links) or O(links log links) per layer; only the models themselves are held in memory.
/// </summary>
public static class AnalysisJob
{
    public static AnalysisResult Run(
        AnalysisRequest request,
        Action<string>? notice = null,
        IRunReporter? reporter = null
    )
    {
        if (request.Models.Count == 0 && request.Runs.Count == 0)
            throw new SparseGpuException("give at least one --model checkpoint or --runs directory");
        var models = new List<AnalyzedModel>();
        var snapshotsOf = new Dictionary<AnalyzedModel, IReadOnlyList<(int, string)>>();
        foreach (string path in request.Models)
            models.Add(AnalyzedModel.FromCheckpoint(path));
        foreach (string run in request.Runs)
        {
            if (!Directory.Exists(run))
                throw new SparseGpuException($"--runs {run}: no such directory");
            var directory = new RunDirectory(run);
            if (!File.Exists(directory.Model))
                throw new SparseGpuException($"--runs {run}: holds no model.ckpt");
            AnalyzedModel model = AnalyzedModel.FromCheckpoint(directory.Model, run);
            models.Add(model);
            snapshotsOf[model] = TopologySnapshotFile.List(run);
        }
        string? repeated = models
            .GroupBy(m => Path.GetFullPath(m.RunDirectory is null ? m.Name : new RunDirectory(m.Name).Model))
            .FirstOrDefault(g => g.Count() > 1)
            ?.Key;
        if (repeated is not null)
            throw new SparseGpuException($"{repeated} is given twice");

        // Before any measure: a missing data set is an error that should cost no time.
        Dictionary<AnalyzedModel, ImageSet>? testSets = request.Activity
            ? TestSets(models, request, reporter ?? SilentReporter.Instance)
            : null;
        var clock = Stopwatch.StartNew();
        var structure = new List<(AnalyzedModel, LayerStructure)>();
        var network = new List<(AnalyzedModel, NetworkConnectivity)>();
        foreach (AnalyzedModel model in models)
        {
            int[]? dead = testSets is null ? null : NeuronActivity.NeverActive(model.Network, testSets[model]);
            for (int k = 0; k < model.SparseLayers; k++)
                structure.Add((model, LayerStructure.Of(model.Network, k) with { FunctionallyDead = dead?[k] }));
            network.Add((model, NetworkConnectivity.Of(model.Network)));
        }
        double seconds = clock.Elapsed.TotalSeconds;

        var overlap = new List<OverlapRow>();
        int skipped = 0;
        for (int a = 0; a < models.Count; a++)
        for (int b = a + 1; b < models.Count; b++)
        {
            if (!SameShape(models[a], models[b]))
            {
                skipped++;
                continue;
            }
            for (int k = 0; k < models[a].SparseLayers; k++)
            {
                var ta = models[a].Network.Layers[k].Topology;
                var tb = models[b].Network.Layers[k].Topology;
                overlap.Add(
                    new OverlapRow(
                        models[a],
                        models[b],
                        k + 1,
                        ta.LinkCount,
                        tb.LinkCount,
                        TopologyOverlap.Common(ta, tb)
                    )
                );
            }
        }
        if (skipped > 0)
            notice?.Invoke($"overlap.csv: {skipped} pair(s) of models with different layer sizes are not compared");

        var evolution = new List<EvolutionRow>();
        foreach (var (model, snapshots) in snapshotsOf)
        {
            if (snapshots.Count == 0)
                notice?.Invoke($"{model.Name}: no snapshots (train with --snapshot-every N); no evolution rows");
            var rows = TopologyEvolution.Of(model, snapshots);
            if (snapshots.Count > 0 && rows.All(r => r.Age is null))
                notice?.Invoke(
                    $"{model.Name}: snapshots do not see every epoch from 0 on (train with --snapshot-every 1); "
                        + "no link-age columns"
                );
            evolution.AddRange(rows);
        }

        string outDirectory = Path.GetFullPath(
            request.OutDirectory ?? Path.Combine(RunLayout.DefaultRoot, $"analysis-{RunLayout.Timestamp(DateTime.Now)}")
        );
        Directory.CreateDirectory(outDirectory);
        var result = new AnalysisResult(models, structure, network, overlap, evolution, skipped, seconds, outDirectory);
        StructureCsv.WriteStructure(Path.Combine(outDirectory, "structure.csv"), structure);
        StructureCsv.WriteNetwork(Path.Combine(outDirectory, "network.csv"), network);
        StructureCsv.WriteOverlap(Path.Combine(outDirectory, "overlap.csv"), overlap);
        if (evolution.Count > 0)
            StructureCsv.WriteEvolution(Path.Combine(outDirectory, "evolution.csv"), evolution);
        else // an earlier analysis's table would pass for this one's
            File.Delete(Path.Combine(outDirectory, "evolution.csv"));
        if (evolution.Any(r => r.Age is not null))
            StructureCsv.WriteLinkAge(Path.Combine(outDirectory, "link-age.csv"), evolution);
        else
            File.Delete(Path.Combine(outDirectory, "link-age.csv"));
        return result;
    }

    /// <summary>Each model's test images, from the data set it was trained on (each data set loaded once; never
    /// the bundled subset, whose 1,000 images would pass for the test set).</summary>
    private static Dictionary<AnalyzedModel, ImageSet> TestSets(
        IReadOnlyList<AnalyzedModel> models,
        AnalysisRequest request,
        IRunReporter reporter
    )
    {
        DatasetProvider data = JobPreamble.Data(request.DataDirectory, request.AllowDownload, reporter);
        var loaded = new Dictionary<string, DatasetSplits>();
        var sets = new Dictionary<AnalyzedModel, ImageSet>();
        foreach (AnalyzedModel model in models)
        {
            TrainingSettings settings =
                model.Settings ?? throw new SparseGpuException($"{model.Name}: not a checkpoint; no data set known");
            if (!loaded.TryGetValue(settings.Dataset, out DatasetSplits? splits))
                loaded[settings.Dataset] = splits = data.Load(settings.Dataset, allowBundledFallback: false);
            JobPreamble.RequireSameData(settings, splits, model.Name);
            JobPreamble.RequireFit(model.Network, splits.Test, splits.Info.Name, model.Name);
            sets[model] = splits.Test;
        }
        return sets;
    }

    private static bool SameShape(AnalyzedModel a, AnalyzedModel b) =>
        a.Network.Layers.Count == b.Network.Layers.Count
        && a.Network.Layers.Zip(b.Network.Layers)
            .All(p => p.First.Inputs == p.Second.Inputs && p.First.Outputs == p.Second.Outputs);
}
