using ScottPlot;

namespace SparseGpu.Plotting;

/// <summary>One colour per training method in every figure, so RLR is always blue and CH3L3 always orange.</summary>
public static class MethodStyle
{
    private static readonly Dictionary<string, Color> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rlr"] = Color.FromHex("#1f77b4"),
        ["ch3l3"] = Color.FromHex("#ff7f0e"),
        ["none"] = Color.FromHex("#555555"),
    };

    private static readonly Color[] Others =
    [
        Color.FromHex("#2ca02c"), Color.FromHex("#d62728"), Color.FromHex("#9467bd"), Color.FromHex("#8c564b"),
        Color.FromHex("#e377c2"), Color.FromHex("#17becf"),
    ];

    public static Color ColorOf(string method)
    {
        if (Known.TryGetValue(method, out Color color)) return color;
        // A stable choice for other names (not string.GetHashCode, which changes between runs).
        int hash = method.ToLowerInvariant().Aggregate(17, (h, c) => unchecked(h * 31 + c));
        return Others[(int)((uint)hash % Others.Length)];
    }

    public static string LabelOf(string method) => method.ToLowerInvariant() switch
    {
        "rlr" => "RLR",
        "ch3l3" => "CH3L3",
        "none" => "static",
        _ => method,
    };

    /// <summary>Known methods first in a fixed order, then the others alphabetically.</summary>
    public static IEnumerable<string> Ordered(IEnumerable<string> methods)
    {
        string[] known = ["rlr", "ch3l3", "none"];
        return methods.Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(m => Array.IndexOf(known, m.ToLowerInvariant()) is int i && i >= 0 ? i : known.Length)
            .ThenBy(m => m, StringComparer.OrdinalIgnoreCase);
    }
}
