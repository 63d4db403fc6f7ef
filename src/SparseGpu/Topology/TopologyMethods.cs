namespace SparseGpu.Topology;

/// <summary>
/// The registered topology methods, by --method name, in the order help, legends and error messages list them. A new
/// method is its class (<see cref="ITopologyMethod"/>) and one line here; --method's help, validation, a spec's
/// `methods`, figures' colours and labels and the editor's rule tests read this list.
/// </summary>
public static class TopologyMethods
{
    private static readonly IReadOnlyList<Func<SignalSources, ITopologyMethod>> Factories =
    [
        _ => new RlrMethod(),
        sources => new Ch3L3Method(sources),
        _ => new StaticTopology(),
        _ => new IterativePruningMethod(),
        _ => new SetMethod(),
        sources => new RiglMethod(sources),
        sources => new ChtsMethod(sources),
    ];

    /// <summary>Every method, built over the host's signals (names, labels, help).</summary>
    public static IReadOnlyList<ITopologyMethod> All => Factories.Select(f => f(SignalSources.Host)).ToList();

    public static IReadOnlyList<string> Names => All.Select(s => s.Name).ToList();

    /// <summary>"rlr (random link regrowth: …) | ch3l3 (…) | …": --method's help.</summary>
    public static string Help => string.Join(" | ", All.Select(m => $"{m.Name} ({m.Summary})"));

    /// <summary>The registered method of that name (any case), or null for a name no method has (e.g. from an old
    /// file).</summary>
    public static ITopologyMethod? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] OtherColours = ["#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    /// <summary>A stable colour for a name without its own (not string.GetHashCode, which changes between
    /// runs).</summary>
    public static string FallbackColour(string name)
    {
        int hash = name.ToLowerInvariant().Aggregate(17, (h, c) => unchecked(h * 31 + c));
        return OtherColours[(int)((uint)hash % OtherColours.Length)];
    }

    /// <param name="sources">What the training engine supplies (its link scorers); null: the host's.</param>
    public static ITopologyMethod Get(string name, SignalSources? sources = null) =>
        Factories
            .Select(f => f(sources ?? SignalSources.Host))
            .FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidSettingException("method", $" '{name}' is not valid; valid: {string.Join(", ", Names)}");
}
