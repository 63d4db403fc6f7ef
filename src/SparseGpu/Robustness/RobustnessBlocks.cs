using SparseGpu.Runs;

namespace SparseGpu.Robustness;

/// <summary>
/// The finished (model, perturbation, repeat) blocks of a sweep, kept in robustness.csv as they finish, so an
/// interrupted sweep keeps them and a rerun with the same settings into the same directory computes only the rest.
/// A block is one repeat, not a whole perturbation: each repeat's random stream depends only on (seed, repeat), and
/// on a million-neuron model one perturbation's ten repeats take hours. The CSV is rewritten atomically after every
/// block, blocks in the sweep's order (models, then perturbations, then repeats), and robustness.json with each
/// block's wall time, so a sweep continued across runs states its whole time.
/// </summary>
public sealed class RobustnessBlocks
{
    private readonly Dictionary<(string Model, string Perturbation, int Repeat), List<RobustnessRecord>> _done = [];
    private readonly Dictionary<(string Model, string Perturbation, int Repeat), RobustnessBlockTime> _times = [];
    private readonly RobustnessSettings _settings;
    private readonly string _directory;
    private readonly string _csv;
    private readonly string _device;

    private RobustnessBlocks(string directory, RobustnessSettings settings, string device)
    {
        _settings = settings;
        _directory = directory;
        _csv = Path.Combine(directory, RunLayout.RobustnessRecords);
        _device = device;
    }

    public int Count => _done.Count;

    /// <summary>Evaluations in the finished blocks (opened on an earlier run's folder: the ones it keeps).</summary>
    public int Records => _done.Values.Sum(rows => rows.Count);

    /// <summary>The finished blocks' wall seconds, over every run that computed them.</summary>
    public double Seconds => _times.Values.Sum(t => t.Seconds);

    /// <summary>Finished blocks whose time no run recorded.</summary>
    public int UntimedBlocks => _done.Keys.Count(key => !_times.ContainsKey(key));

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
        var blocks = new RobustnessBlocks(directory, settings, device);
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
            blocks.Load(previous!.Blocks);
        else
        {
            foreach (string stale in new[] { blocks._csv, Path.Combine(directory, RunLayout.RobustnessSummary) })
                if (File.Exists(stale))
                    File.Delete(stale);
        }
        blocks.WriteManifest(complete: false);
        return blocks;
    }

    public bool TryGet(string model, string perturbation, int repeat, out List<RobustnessRecord> rows) =>
        _done.TryGetValue((model, perturbation, repeat), out rows!);

    /// <summary>Records a finished block, which took <paramref name="seconds"/>, and rewrites robustness.csv with every
    /// finished block and robustness.json with their times.</summary>
    public void Finish(string model, string perturbation, int repeat, List<RobustnessRecord> rows, double seconds)
    {
        _done[(model, perturbation, repeat)] = rows;
        _times[(model, perturbation, repeat)] = new RobustnessBlockTime(model, perturbation, repeat, seconds, _device);
        RobustnessCsv.Write(_csv, Ordered());
        WriteManifest(complete: false);
    }

    /// <summary>robustness.json: the settings, this device, and the finished blocks' times.</summary>
    public void WriteManifest(bool complete) =>
        new RobustnessManifest
        {
            Device = _device,
            Complete = complete,
            Seconds = Seconds,
            UntimedBlocks = UntimedBlocks,
            Blocks = Keys().Where(_times.ContainsKey).Select(key => _times[key]).ToArray(),
            Settings = _settings,
        }.Write(_directory);

    /// <summary>Every finished row, in the sweep's order.</summary>
    public List<RobustnessRecord> Ordered() => Keys().SelectMany(key => _done[key]).ToList();

    /// <summary>The finished blocks' keys in the sweep's order.</summary>
    private IEnumerable<(string Model, string Perturbation, int Repeat)> Keys()
    {
        foreach (RobustnessModel model in _settings.Models)
        foreach (string perturbation in _settings.Perturbations)
            for (int repeat = 0; repeat < _settings.Repeats; repeat++)
                if (_done.ContainsKey((model.Path, perturbation, repeat)))
                    yield return (model.Path, perturbation, repeat);
    }

    /// <summary>Keeps the blocks of the existing CSV that hold exactly the rows the settings call for, with the times
    /// the previous runs recorded for them.</summary>
    private void Load(RobustnessBlockTime[] times)
    {
        foreach (var block in RobustnessCsv.Read(_csv).GroupBy(r => (r.Model, r.Perturbation, r.Repeat)))
        {
            Perturbation? perturbation = Perturbations.All.FirstOrDefault(p => p.Name == block.Key.Perturbation);
            if (perturbation is null || !_settings.Models.Any(m => m.Path == block.Key.Model))
                continue;
            int repeats = perturbation.Stochastic ? _settings.Repeats : 1;
            if (block.Key.Repeat < 0 || block.Key.Repeat >= repeats)
                continue;
            double[] levels = perturbation.Kind.GridOption() == "epsilons" ? _settings.Epsilons : _settings.Levels;
            var expected = levels.Select(LevelGrid.Format).ToHashSet();
            var present = block.Select(r => LevelGrid.Format(r.Level)).ToList();
            if (present.Count == expected.Count && present.ToHashSet().SetEquals(expected))
                _done[block.Key] = block.ToList();
        }
        foreach (RobustnessBlockTime time in times)
            if (_done.ContainsKey((time.Model, time.Perturbation, time.Repeat)))
                _times[(time.Model, time.Perturbation, time.Repeat)] = time;
    }
}
