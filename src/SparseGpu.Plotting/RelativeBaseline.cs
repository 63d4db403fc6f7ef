using SparseGpu.Robustness;

namespace SparseGpu.Plotting;

/// <summary>
/// The baseline of `plot robustness --relative-to METHOD`: the models of one training method, or with "dense" the
/// models whose sparse layers are complete (sparse_density 1 at level 0, as summary.csv's relative columns count
/// them), whatever their method. Every check runs when it is chosen, before any figure is written: the baseline is in
/// the inputs, has every data set and perturbation another method has, shares each model's level grid exactly, and
/// has a mean accuracy above 0 at every level, so that no ratio is undefined and no series is left out; and its models
/// on one data set share every training and sweep setting but the seeds (where robustness.json records them), so that
/// its mean never pools differently trained networks.
/// </summary>
public sealed class RelativeBaseline
{
    public const string Dense = "dense";

    private readonly HashSet<string> _models;
    private readonly Dictionary<(string Dataset, string Perturbation), Dictionary<double, double>> _means;

    private RelativeBaseline(
        string name,
        string label,
        HashSet<string> models,
        Dictionary<(string, string), Dictionary<double, double>> means
    )
    {
        Name = name;
        Label = label;
        _models = models;
        _means = means;
    }

    /// <summary>The name as files spell it ("dense", or the method as the inputs spell it).</summary>
    public string Name { get; }

    /// <summary>The name as axis labels and titles spell it ("dense", "RLR").</summary>
    public string Label { get; }

    /// <summary>What the figure files of this baseline end with: "-relative-to-dense".</summary>
    public string FileSuffix => FileInfix + Name;

    /// <summary>What the name of every figure relative to a baseline holds, and no other figure's.</summary>
    public const string FileInfix = "-relative-to-";

    public string AxisLabel => $"accuracy relative to {Label}";

    /// <summary>A model's mean accuracy at a level over this baseline's mean accuracy there.</summary>
    public double Ratio(string dataset, string perturbation, double level, double accuracy) =>
        accuracy / _means[(dataset, perturbation)][level];

    /// <summary>The baseline's models among <paramref name="rows"/> (one data set and perturbation) and the largest
    /// number of repeats one of them has, for the panel's title.</summary>
    public (int Models, int Repeats) Counts(IEnumerable<RobustnessRecord> rows)
    {
        var mine = rows.Where(r => _models.Contains(r.Model)).GroupBy(r => r.Model).ToList();
        return (mine.Count, mine.Max(m => m.Select(r => r.Repeat).Distinct().Count()));
    }

    /// <summary>Chooses the baseline <paramref name="name"/> among <paramref name="records"/> and checks that every
    /// ratio to it is defined; each failed check is a one-line error naming what is missing. <paramref
    /// name="settings"/>: each model's settings as robustness.json records them (<see cref="RobustnessInputs"/>);
    /// a model without an entry is not compared.</summary>
    public static RelativeBaseline Of(
        IReadOnlyList<RobustnessRecord> records,
        string name,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? settings = null
    )
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new InvalidSettingException("relative-to", " is empty; give a method of the inputs or dense");
        bool dense = string.Equals(name, Dense, StringComparison.OrdinalIgnoreCase);
        var models = records.GroupBy(r => r.Model).ToList();
        var chosen = models
            .Where(m => dense ? IsDense(m) : string.Equals(m.First().Method, name, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.Key)
            .ToHashSet(StringComparer.Ordinal);
        if (chosen.Count == 0)
            throw Absent(records, name, dense);
        string spelled = dense ? Dense : records.First(r => chosen.Contains(r.Model)).Method;
        string label = dense ? Dense : MethodStyle.LabelOf(spelled);
        RequireEveryPanel(records, chosen, spelled);
        if (settings is not null)
            RequireOneSetting(records, chosen, spelled, settings);
        var means = new Dictionary<(string, string), Dictionary<double, double>>();
        foreach (
            var panel in records
                .GroupBy(r => (r.Dataset, r.Perturbation))
                .OrderBy(g => g.Key.Dataset)
                .ThenBy(g => g.Key.Perturbation)
        )
            means[panel.Key] = PanelMeans(panel.ToList(), chosen, spelled);
        return new RelativeBaseline(spelled, label, chosen, means);
    }

    /// <summary>A model whose sparse layers have every possible link: its level 0 rows record sparse_density
    /// 1.</summary>
    private static bool IsDense(IEnumerable<RobustnessRecord> model) =>
        model.Any(r => r.Level == 0 && r.SparseDensity == 1);

    private static InvalidSettingException Absent(IReadOnlyList<RobustnessRecord> records, string name, bool dense)
    {
        if (dense)
            return new InvalidSettingException(
                "relative-to",
                " dense: no model in the inputs is dense (sparse_density 1 at level 0; a sweep whose --measures "
                    + "left out density, or written before that column existed, records none)"
            );
        string methods = string.Join(", ", MethodStyle.Ordered(records.Select(r => r.Method)));
        return new InvalidSettingException(
            "relative-to",
            $" {name}: no model of that method in the inputs; their methods: {methods}, or dense"
        );
    }

    /// <summary>Every data set and every perturbation of a data set that some model has, the baseline has
    /// too.</summary>
    private static void RequireEveryPanel(
        IReadOnlyList<RobustnessRecord> records,
        HashSet<string> baseline,
        string name
    )
    {
        var missing = new List<string>();
        foreach (var dataset in records.GroupBy(r => r.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!dataset.Any(r => baseline.Contains(r.Model)))
            {
                missing.Add($"data set {dataset.Key} ({Having(dataset)})");
                continue;
            }
            foreach (
                var perturbation in dataset.GroupBy(r => r.Perturbation).OrderBy(g => g.Key, StringComparer.Ordinal)
            )
                if (!perturbation.Any(r => baseline.Contains(r.Model)))
                    missing.Add($"{perturbation.Key} on {dataset.Key} ({Having(perturbation)})");
        }
        if (missing.Count > 0)
            throw new SparseGpuException(
                $"--relative-to {name}: the baseline lacks {string.Join(", ", missing)}, so those curves would have "
                    + "nothing to be divided by; add the baseline's sweep of them as another --input"
            );
    }

    /// <summary>The settings that may differ between the baseline's models: the repeats' seed (as the training seed,
    /// told apart already).</summary>
    private static readonly HashSet<string> MayDiffer = new(StringComparer.Ordinal) { "repeat_seed" };

    /// <summary>On each data set, the baseline's models whose settings are known share them all (but the
    /// seeds).</summary>
    private static void RequireOneSetting(
        IReadOnlyList<RobustnessRecord> records,
        HashSet<string> baseline,
        string name,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> settings
    )
    {
        foreach (var dataset in records.GroupBy(r => r.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var known = dataset
                .Select(r => r.Model)
                .Distinct()
                .Where(m => baseline.Contains(m) && settings.ContainsKey(m))
                .Order(StringComparer.Ordinal)
                .ToList();
            string? key = SeriesGrouping
                .DifferingKeys(known.Select(m => settings[m]))
                .FirstOrDefault(k => !MayDiffer.Contains(k));
            if (key is null)
                continue;
            string Value(string model) => settings[model].GetValueOrDefault(key, "?");
            string first = known[0];
            string other = known.First(m => Value(m) != Value(first));
            throw new SparseGpuException(
                $"--relative-to {name}: its models on {dataset.Key} differ in {key} ({Value(first)} in {first}, "
                    + $"{Value(other)} in {other}), and its mean would pool differently trained or swept networks; "
                    + "give the inputs of one setting"
            );
        }
    }

    /// <summary>"rlr has it", "rlr and ch3l3 have it": who has what the baseline lacks.</summary>
    private static string Having(IEnumerable<RobustnessRecord> rows)
    {
        var methods = MethodStyle.Ordered(rows.Select(r => r.Method)).ToList();
        return string.Join(" and ", methods) + (methods.Count == 1 ? " has it" : " have it");
    }

    /// <summary>The baseline's mean accuracy per level (over its models and repeats) in one data set and
    /// perturbation, after checking that every model there has exactly the baseline's levels and that no mean is
    /// 0.</summary>
    private static Dictionary<double, double> PanelMeans(
        List<RobustnessRecord> rows,
        HashSet<string> baseline,
        string name
    )
    {
        var (dataset, perturbation) = (rows[0].Dataset, rows[0].Perturbation);
        var mine = rows.Where(r => baseline.Contains(r.Model)).ToList();
        var levels = mine.Select(r => r.Level).Distinct().Order().ToList();
        foreach (var model in rows.GroupBy(r => r.Model).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var own = model.Select(r => r.Level).Distinct().Order().ToList();
            if (FirstMismatch(own, levels) is not { } level)
                continue;
            string where = $"{model.First().Method} (model {model.Key}) under {perturbation} on {dataset}";
            throw new SparseGpuException(
                own.Contains(level)
                    ? $"--relative-to {name}: {where} has level {LevelGrid.Format(level)}, which {name} lacks; "
                        + "the ratio needs one level grid"
                    : $"--relative-to {name}: {where} lacks level {LevelGrid.Format(level)}, which {name} has; "
                        + "the ratio needs one level grid"
            );
        }
        var means = mine.GroupBy(r => r.Level).ToDictionary(g => g.Key, g => g.Average(r => r.Accuracy));
        int zero = levels.FindIndex(l => means[l] == 0);
        if (zero >= 0)
            throw new SparseGpuException(
                $"--relative-to {name}: {name}'s mean accuracy under {perturbation} on {dataset} is 0 at level "
                    + $"{LevelGrid.Format(levels[zero])}, so the ratio is undefined there"
            );
        return means;
    }

    /// <summary>The smallest level in one ascending list but not the other; null when they are equal.</summary>
    private static double? FirstMismatch(List<double> a, List<double> b)
    {
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
            if (a[i] != b[i])
                return Math.Min(a[i], b[i]);
        return a.Count == b.Count ? null
            : a.Count > b.Count ? a[b.Count]
            : b[a.Count];
    }
}
