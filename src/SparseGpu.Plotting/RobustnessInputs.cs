using System.Globalization;
using SparseGpu.Robustness;
using SparseGpu.Runs;

namespace SparseGpu.Plotting;

/// <summary>Several robustness.csv files read for one figure, with the settings their robustness.json
/// records.</summary>
public sealed record RobustnessInputs(
    List<RobustnessRecord> Records,
    Dictionary<string, IReadOnlyDictionary<string, string>> Settings,
    IReadOnlyList<(string Path, int[]? Layers)> Models
)
{
    /// <summary>
    /// The sparse layers of the first model that can still be read (for percolation.png's Erdős–Rényi yardstick),
    /// those its sweep's `--layers` named counted as perturbed (every one when robustness.json records none, as
    /// sweeps from before it was recorded). Empty when no checkpoint named in robustness.json is there any more; the
    /// figure is then drawn without the yardstick.
    /// </summary>
    public IReadOnlyList<SparseLayerShape> LayerShapes()
    {
        foreach (var (path, layers) in Models.Where(m => File.Exists(m.Path)))
        {
            try
            {
                return SparseLayerShape.Of(CheckpointFile.Read(path).State.Network, perturbed: layers);
            }
            catch (Exception e) when (e is SparseGpuException or IOException or UnauthorizedAccessException)
            {
                // A damaged or replaced checkpoint: try the next, else draw without the yardstick.
            }
        }
        return [];
    }

    /// <summary>
    /// Reads every input. A model's settings (training settings, scope, repeat seed) come from the robustness.json
    /// beside its CSV when there is one. A model named in more than one input is told apart by the input's number
    /// ("2:path"), so its rows are never averaged with another sweep's.
    /// </summary>
    public static RobustnessInputs Read(IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0)
            throw new SparseGpuException("plot robustness needs --input robustness.csv");
        string? repeated = inputs.GroupBy(Path.GetFullPath).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
            throw new SparseGpuException($"--input {repeated} is given twice");
        var perInput = inputs
            .Select(input =>
                (
                    Rows: RobustnessCsv.Read(input),
                    Manifest: RobustnessManifest.Read(Path.GetDirectoryName(Path.GetFullPath(input))!)
                )
            )
            .ToList();
        var shared = perInput
            .SelectMany((p, i) => p.Rows.Select(r => r.Model).Distinct().Select(m => (Model: m, Input: i)))
            .GroupBy(x => x.Model)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet();
        var records = new List<RobustnessRecord>();
        var models = new List<(string Path, int[]? Layers)>();
        var settings = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        for (int i = 0; i < perInput.Count; i++)
        {
            string Name(string model) => shared.Contains(model) ? $"{i + 1}:{model}" : model;
            records.AddRange(perInput[i].Rows.Select(r => r with { Model = Name(r.Model) }));
            if (perInput[i].Manifest is not { } manifest)
                continue;
            foreach (RobustnessModel model in manifest.Settings.Models)
            {
                models.Add((model.Path, manifest.Settings.Layers));
                Dictionary<string, string> described = SeriesGrouping.Describe(model.Training);
                described["scope"] = manifest.Settings.Scope;
                described["repeat_seed"] =
                    manifest.Settings.Seed?.ToString(CultureInfo.InvariantCulture) ?? "training seed";
                settings[Name(model.Path)] = described;
            }
        }
        return new RobustnessInputs(records, settings, models);
    }
}
