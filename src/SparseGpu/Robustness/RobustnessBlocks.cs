using SparseGpu.Runs;

namespace SparseGpu.Robustness;

/// <summary>
/// The finished (model, perturbation, repeat) blocks of a sweep, kept in robustness.csv as they finish, so an
/// interrupted sweep keeps them and a rerun with the same settings into the same directory computes only the rest.
/// A block is one repeat, not a whole perturbation: each repeat's random stream depends only on (seed, repeat), and
/// on a million-neuron model one perturbation's ten repeats take hours. The CSV is rewritten atomically after every
/// block, blocks in the sweep's order (models, then perturbations, then repeats).
/// </summary>
public sealed class RobustnessBlocks
{
    private readonly Dictionary<(string Model, string Perturbation, int Repeat), List<RobustnessRecord>> _done = [];
    private readonly RobustnessSettings _settings;
    private readonly string _csv;

    private RobustnessBlocks(string directory, RobustnessSettings settings)
    {
        _settings = settings;
        _csv = Path.Combine(directory, RunLayout.RobustnessRecords);
    }

    public int Count => _done.Count;

    /// <summary>
    /// Opens <paramref name="directory"/> for a sweep with <paramref name="settings"/>: an empty or new directory
    /// starts fresh; one holding the same sweep continues it (its complete blocks are kept). One holding a sweep with
    /// other settings, or results without a robustness.json, is refused, unless <paramref name="replace"/> (a study
    /// whose robustness settings changed), which starts afresh.
    /// </summary>
    public static RobustnessBlocks Open(string directory, RobustnessSettings settings, bool replace, string device)
    {
        if (File.Exists(directory))
            throw new SparseGpuException($"--out {directory} is a file, not a directory");
        Directory.CreateDirectory(directory);
        var blocks = new RobustnessBlocks(directory, settings);
        RobustnessManifest? previous = RobustnessManifest.Read(directory);
        bool hasRows = File.Exists(blocks._csv);
        if (previous is null && hasRows && !replace)
            throw new SparseGpuException(
                $"{directory} holds robustness.csv without robustness.json (from an older version); give another "
                    + "--out or remove it"
            );
        List<string> differences = previous is null ? [] : RobustnessManifest.Differences(previous.Settings, settings);
        if (differences.Count > 0 && !replace)
            throw new SparseGpuException(
                $"{directory} holds a robustness sweep with other settings ({string.Join(", ", differences)} "
                    + "differ); give another --out or remove it"
            );
        bool same = previous is not null && differences.Count == 0;
        if (same && hasRows)
            blocks.Load();
        else
        {
            foreach (string stale in new[] { blocks._csv, Path.Combine(directory, RunLayout.RobustnessSummary) })
                if (File.Exists(stale))
                    File.Delete(stale);
        }
        new RobustnessManifest { Device = device, Settings = settings }.Write(directory);
        return blocks;
    }

    public bool TryGet(string model, string perturbation, int repeat, out List<RobustnessRecord> rows) =>
        _done.TryGetValue((model, perturbation, repeat), out rows!);

    /// <summary>Records a finished block and rewrites robustness.csv with every finished block.</summary>
    public void Finish(string model, string perturbation, int repeat, List<RobustnessRecord> rows)
    {
        _done[(model, perturbation, repeat)] = rows;
        RobustnessCsv.Write(_csv, Ordered());
    }

    /// <summary>Every finished row, in the sweep's order.</summary>
    public List<RobustnessRecord> Ordered()
    {
        var rows = new List<RobustnessRecord>();
        foreach (RobustnessModel model in _settings.Models)
        foreach (string perturbation in _settings.Perturbations)
            for (int repeat = 0; repeat < _settings.Repeats; repeat++)
                if (_done.TryGetValue((model.Path, perturbation, repeat), out var block))
                    rows.AddRange(block);
        return rows;
    }

    /// <summary>Keeps the blocks of the existing CSV that hold exactly the rows the settings call for.</summary>
    private void Load()
    {
        foreach (var block in RobustnessCsv.Read(_csv).GroupBy(r => (r.Model, r.Perturbation, r.Repeat)))
        {
            Perturbation? perturbation = Perturbations.All.FirstOrDefault(p => p.Name == block.Key.Perturbation);
            if (perturbation is null || !_settings.Models.Any(m => m.Path == block.Key.Model))
                continue;
            int repeats = perturbation.Stochastic ? _settings.Repeats : 1;
            if (block.Key.Repeat < 0 || block.Key.Repeat >= repeats)
                continue;
            double[] levels = perturbation.PerturbsInputs ? _settings.Epsilons : _settings.Levels;
            var expected = levels.Select(LevelGrid.Format).ToHashSet();
            var present = block.Select(r => LevelGrid.Format(r.Level)).ToList();
            if (present.Count == expected.Count && present.ToHashSet().SetEquals(expected))
                _done[block.Key] = block.ToList();
        }
    }
}
