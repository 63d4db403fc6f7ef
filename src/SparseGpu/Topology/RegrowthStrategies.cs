using SparseGpu.LinkPrediction;

namespace SparseGpu.Topology;

/// <summary>The registered regrowth methods, by --method name.</summary>
public static class RegrowthStrategies
{
    private static readonly IReadOnlyList<Func<Func<string, ILinkScorer>?, IRegrowthStrategy>> Factories =
    [
        _ => new RandomRegrowth(),
        scorers => new Ch3L3Regrowth(scorers),
        _ => new StaticTopology(),
        _ => new IterativePruningMethod(),
    ];

    public static IReadOnlyList<IRegrowthStrategy> All => Factories.Select(f => f(null)).ToList();

    public static IReadOnlyList<string> Names => All.Select(s => s.Name).ToList();

    /// <summary>The registered method of that name (any case), or null for a name no method has (e.g. from an old
    /// file).</summary>
    public static IRegrowthStrategy? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] OtherColours = ["#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    /// <summary>A stable colour for a name without its own (not string.GetHashCode, which changes between
    /// runs).</summary>
    public static string FallbackColour(string name)
    {
        int hash = name.ToLowerInvariant().Aggregate(17, (h, c) => unchecked(h * 31 + c));
        return OtherColours[(int)((uint)hash % OtherColours.Length)];
    }

    /// <param name="scorers">Link scorers by predictor name on the training device, for methods that score
    /// candidates; null: the fast CPU path.</param>
    public static IRegrowthStrategy Get(string name, Func<string, ILinkScorer>? scorers = null) =>
        Factories
            .Select(f => f(scorers))
            .FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidSettingException("method", $" '{name}' is not valid; valid: {string.Join(", ", Names)}");
}
