using SparseGpu.LinkPrediction;

namespace SparseGpu.Topology;

/// <summary>The registered regrowth methods, by --regrowth name.</summary>
public static class RegrowthStrategies
{
    private static readonly IReadOnlyList<Func<Func<string, ILinkScorer>?, IRegrowthStrategy>> Factories =
    [
        _ => new RandomRegrowth(),
        scorers => new Ch3L3Regrowth(scorers),
        _ => new StaticTopology(),
    ];

    public static IReadOnlyList<IRegrowthStrategy> All => Factories.Select(f => f(null)).ToList();

    public static IReadOnlyList<string> Names => All.Select(s => s.Name).ToList();

    /// <param name="scorers">Link scorers by predictor name on the training device, for methods that score
    /// candidates; null: the fast CPU path.</param>
    public static IRegrowthStrategy Get(string name, Func<string, ILinkScorer>? scorers = null) =>
        Factories.Select(f => f(scorers)).FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidSettingException($"--regrowth '{name}' is not valid; valid: {string.Join(", ", Names)}");
}
