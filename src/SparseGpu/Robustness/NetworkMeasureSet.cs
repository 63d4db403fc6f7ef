namespace SparseGpu.Robustness;

/// <summary>
/// The optional network measures of the rows of robustness.csv (`--measures`, the spec's robustness.measures). The
/// structural columns (fraction of input pixels reaching the read-out, log10 of the paths, hidden neurons without
/// inputs) are always written, as before these measures existed; each measure named here adds its column, and a
/// column left out is blank, never 0. The largest connected component and the density of the sparse layers are
/// O(links), small beside an evaluation; the weighted efficiency is one Dijkstra search per sampled source, which
/// costs several times the evaluation itself on a default MNIST model, so it is not in the default set.
/// </summary>
[Flags]
public enum NetworkMeasureSet
{
    None = 0,
    LargestComponent = 1,
    Efficiency = 2,
    Density = 4,
    All = LargestComponent | Efficiency | Density,

    /// <summary>What a sweep computes unless told otherwise: every measure that leaves its cost as it was.</summary>
    Default = LargestComponent | Density,
}

public static class NetworkMeasureSets
{
    public const string DefaultName = "largest-component,density";

    /// <summary>Each measure's name, in column order.</summary>
    public static readonly (string Name, NetworkMeasureSet Measure)[] Measures =
    [
        ("largest-component", NetworkMeasureSet.LargestComponent),
        ("efficiency", NetworkMeasureSet.Efficiency),
        ("density", NetworkMeasureSet.Density),
    ];

    public static string ValidNames =>
        "all, none, or a comma list of " + string.Join(", ", Measures.Select(m => m.Name));

    /// <summary>The set <paramref name="text"/> names: "all", "none" or a comma list of measure names (null: the
    /// default); an unknown name is an error of the setting "measures" (--measures, robustness.measures in a spec)
    /// naming the valid names.</summary>
    public static NetworkMeasureSet Parse(string? text) =>
        TryParse(text, out NetworkMeasureSet set, out string unknown)
            ? set
            : throw new InvalidSettingException(
                "measures",
                $" has an unknown measure '{unknown}'; valid: {ValidNames}"
            );

    /// <summary>Whether <paramref name="text"/> names the default set, however spelled (a spec stores it as
    /// null, so naming the default does not change complete.json).</summary>
    public static bool IsDefault(string? text) =>
        TryParse(text, out NetworkMeasureSet set, out _) && set == NetworkMeasureSet.Default;

    private static bool TryParse(string? text, out NetworkMeasureSet set, out string unknown)
    {
        string list = (text ?? DefaultName).Trim().ToLowerInvariant();
        (set, unknown) = (NetworkMeasureSet.None, "");
        if (list == "all")
            set = NetworkMeasureSet.All;
        else if (list != "none")
            foreach (string name in list.Split(',', StringSplitOptions.TrimEntries))
            {
                int index = Array.FindIndex(Measures, m => m.Name == name);
                if (index < 0)
                {
                    unknown = name;
                    return false;
                }
                set |= Measures[index].Measure;
            }
        return true;
    }

    public static bool Has(this NetworkMeasureSet set, NetworkMeasureSet measure) => (set & measure) == measure;

    /// <summary>The canonical name: "all", "none", or the measures' names in column order.</summary>
    public static string Name(this NetworkMeasureSet set) =>
        set switch
        {
            NetworkMeasureSet.All => "all",
            NetworkMeasureSet.None => "none",
            _ => string.Join(",", Measures.Where(m => set.Has(m.Measure)).Select(m => m.Name)),
        };

    /// <summary>What robustness.json and complete.json record: null for the default, so a default sweep's recorded
    /// settings read as they did before the set existed; else the canonical name, so a sweep continued with other
    /// measures is refused (its rows would mix filled and blank columns).</summary>
    public static string? Recorded(this NetworkMeasureSet set) => set == NetworkMeasureSet.Default ? null : set.Name();
}
