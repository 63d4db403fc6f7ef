namespace SparseGpu.Topology;

/// <summary>The registered regrowth methods, by --regrowth name.</summary>
public static class RegrowthStrategies
{
    private static readonly IReadOnlyList<Func<IRegrowthStrategy>> Factories =
    [
        () => new RandomRegrowth(),
        () => new Ch3L3Regrowth(),
        () => new StaticTopology(),
    ];

    public static IReadOnlyList<IRegrowthStrategy> All => Factories.Select(f => f()).ToList();

    public static IReadOnlyList<string> Names => All.Select(s => s.Name).ToList();

    public static IRegrowthStrategy Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidSettingException($"--regrowth '{name}' is not valid; valid: {string.Join(", ", Names)}");
}
