using System.Text.Json;
using ScottPlot;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Plotting;

/// <summary>
/// Splits what a figure draws into series: one per training method and combination of the settings that differ
/// among the inputs, so runs with different settings are never averaged into one curve. The legend names the
/// differing settings; colour stays the method's and the line pattern tells the variants apart.
/// </summary>
public static class SeriesGrouping
{
    private static readonly LinePattern[] Patterns =
    [
        LinePattern.Solid,
        LinePattern.Dashed,
        LinePattern.Dotted,
        LinePattern.DenselyDashed,
    ];

    /// <summary>The settings of a training run by snake_case name, except data set, method and seed.</summary>
    public static Dictionary<string, string> Describe(TrainingSettings settings)
    {
        var described = new Dictionary<string, string>(StringComparer.Ordinal);
        // In the run id's names, which are the spec's keys (the files say `method` where the spec says `regrowth`).
        foreach (JsonProperty p in JsonSerializer.SerializeToElement(settings, JsonFormat.RunId).EnumerateObject())
        {
            // Data set, method and seed are told apart elsewhere (the spec's own lists).
            if (TrainingSettingCatalog.BySpecKey(p.Name)?.SpecList is not null)
                continue;
            described[p.Name] =
                p.Value.ValueKind == JsonValueKind.Array
                    ? string.Join("×", p.Value.EnumerateArray().Select(e => e.ToString()))
                    : p.Value.ToString();
        }
        // A setting left out of the JSON at its default (one newer than the first release) still has that value:
        // a run at the default must read "linear", not "?", beside one that is not.
        foreach (TrainingSetting setting in TrainingSettingCatalog.All.Where(s => !s.DefaultEntersRunId))
            if (!described.ContainsKey(setting.SpecKey) && setting.ValueIn(settings) is { } value)
                described[setting.SpecKey] = setting.Show(value);
        return described;
    }

    /// <summary>The setting names whose value is not the same for every item (a missing value counts as "?").</summary>
    public static List<string> DifferingKeys(IEnumerable<IReadOnlyDictionary<string, string>> settings)
    {
        var all = settings.ToList();
        return all.SelectMany(s => s.Keys)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Where(key => all.Select(s => s.GetValueOrDefault(key, "?")).Distinct().Count() > 1)
            .ToList();
    }

    /// <summary>The legend's words for the differing settings; a key starting with '_' separates series but the
    /// label already says it another way (the repeat count).</summary>
    public static string Variant(IReadOnlyDictionary<string, string> settings, IReadOnlyList<string> keys) =>
        string.Concat(
            keys.Where(k => !k.StartsWith('_'))
                .Select(k => $", {k.Replace('_', ' ')} {settings.GetValueOrDefault(k, "?")}")
        );

    private static string Key(IReadOnlyDictionary<string, string> settings, IReadOnlyList<string> keys) =>
        string.Join("\n", keys.Select(k => $"{k}={settings.GetValueOrDefault(k, "?")}"));

    /// <summary>
    /// Items grouped by method and the values of the differing settings, methods in their fixed order; each group
    /// with its label and line style.
    /// </summary>
    public static List<(string Label, Color Color, LinePattern Pattern, List<T> Items)> Group<T>(
        IEnumerable<T> items,
        Func<T, string> method,
        Func<T, IReadOnlyDictionary<string, string>> settings
    )
    {
        var list = items.ToList();
        List<string> keys = DifferingKeys(list.Select(settings));
        var groups = new List<(string, Color, LinePattern, List<T>)>();
        foreach (string m in MethodStyle.Ordered(list.Select(method)))
        {
            var variants = list.Where(i => string.Equals(method(i), m, StringComparison.OrdinalIgnoreCase))
                .GroupBy(i => Key(settings(i), keys))
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToList();
            for (int v = 0; v < variants.Count; v++)
            {
                string label = MethodStyle.LabelOf(m) + Variant(settings(variants[v].First()), keys);
                groups.Add((label, MethodStyle.ColorOf(m), Patterns[v % Patterns.Length], variants[v].ToList()));
            }
        }
        return groups;
    }
}
