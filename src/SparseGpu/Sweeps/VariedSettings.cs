namespace SparseGpu.Sweeps;

/// <summary>
/// Which settings a sweep varies (its `training` lists) and each run's values, so that aggregate tables and figures
/// group runs by data set, method and every varied setting, and never average across settings.
/// </summary>
public sealed class VariedSettings
{
    private readonly Dictionary<string, IReadOnlyList<VariedSetting>> _byRun;
    private readonly Dictionary<string, int> _rankOfKey;

    private VariedSettings(
        IReadOnlyList<string> names,
        Dictionary<string, IReadOnlyList<VariedSetting>> byRun,
        Dictionary<string, int> rankOfKey
    )
    {
        Names = names;
        _byRun = byRun;
        _rankOfKey = rankOfKey;
    }

    /// <summary>No setting varied (no spec, or a spec without lists).</summary>
    public static VariedSettings None { get; } = new([], [], []);

    /// <summary>The spec names of the varied settings, in the spec's order.</summary>
    public IReadOnlyList<string> Names { get; }

    public static VariedSettings Of(IReadOnlyList<RunPlan> plan)
    {
        var names = plan.Count == 0 ? [] : plan[0].VariedSettings.Select(v => v.Name).ToList();
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (RunPlan run in plan)
            rank.TryAdd(Key(run.VariedSettings), rank.Count);
        return new VariedSettings(
            names,
            plan.ToDictionary(r => r.Id, r => r.VariedSettings, StringComparer.Ordinal),
            rank
        );
    }

    /// <summary>The values of one varied setting in the spec's order.</summary>
    public IReadOnlyList<string> ValuesOf(string name) =>
        _byRun
            .Values.OrderBy(Rank)
            .SelectMany(v => v)
            .Where(v => v.Name == name)
            .Select(v => v.Value)
            .Distinct()
            .ToList();

    /// <summary>The run's varied values (none for a run the spec does not know).</summary>
    public IReadOnlyList<VariedSetting> Of(string runId) => _byRun.GetValueOrDefault(runId) ?? [];

    /// <summary>The values in <see cref="Names"/>' order as text, one field each ("" where a run lacks one).</summary>
    public IReadOnlyList<string> Values(IReadOnlyList<VariedSetting> varied) =>
        Names.Select(name => varied.FirstOrDefault(v => v.Name == name)?.Value ?? "").ToList();

    /// <summary>A grouping key: equal for runs with the same varied values.</summary>
    public static string Key(IReadOnlyList<VariedSetting> varied) =>
        string.Join(";", varied.Select(v => $"{v.Name}={v.Value}"));

    /// <summary>The place of a combination in the spec's expansion order, so groups list as the spec does.</summary>
    public int Rank(IReadOnlyList<VariedSetting> varied) => _rankOfKey.GetValueOrDefault(Key(varied));

    /// <summary>"-weight_decay0.0005-learning_rate0.05" for file names ("" when nothing varies); characters
    /// other than letters, digits, '.', '-' and '_' become '_'.</summary>
    public static string FileSuffix(IReadOnlyList<VariedSetting> varied) =>
        string.Concat(
            varied.Select(v =>
                "-"
                + new string(
                    (v.Name + v.Value)
                        .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')
                        .ToArray()
                )
            )
        );

    /// <summary>"weight_decay=0.0005, lr=0.05" for legends and report lines.</summary>
    public static string Describe(IReadOnlyList<VariedSetting> varied) =>
        string.Join(", ", varied.Select(v => $"{v.Name}={v.Value}"));
}
