using ScottPlot;
using SparseGpu.Topology;

namespace SparseGpu.Plotting;

/// <summary>
/// A method's colour, label and place in legends, as its registration in <see cref="TopologyMethods"/> gives
/// them, so RLR is always blue and CH3L3 always orange; names no method has get a stable colour of their own.
/// </summary>
public static class MethodStyle
{
    public static Color ColorOf(string method) =>
        Color.FromHex(TopologyMethods.Find(method)?.Colour ?? TopologyMethods.FallbackColour(method));

    public static string LabelOf(string method) => TopologyMethods.Find(method)?.DisplayName ?? method;

    /// <summary>Registered methods first in registration order, then the others alphabetically.</summary>
    public static IEnumerable<string> Ordered(IEnumerable<string> methods)
    {
        IReadOnlyList<string> known = TopologyMethods.Names;
        int Rank(string m)
        {
            for (int i = 0; i < known.Count; i++)
                if (string.Equals(known[i], m, StringComparison.OrdinalIgnoreCase))
                    return i;
            return known.Count;
        }
        return methods
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(Rank)
            .ThenBy(m => m, StringComparer.OrdinalIgnoreCase);
    }
}
