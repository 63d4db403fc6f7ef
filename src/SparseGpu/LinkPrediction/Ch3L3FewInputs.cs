using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// Exact CH3-L3 for a layer with few inputs and very many paths — the first layer of a wide network: 784 pixels
/// of ~4,250 links each give ~4·10⁵ paths per output, ~10¹¹ in all, hours of path enumeration. A path v–a–b–u
/// weighs (deg a − C[a,u])^-½ · (deg b − S)^-½ with C[a,u] = |N(a) ∩ N(u)| and S = |N(b) ∩ N(v)| ≥ 1, and only S
/// depends on v. Taking S = 1 on every path, score(u, v) is the sum over a ∈ N(v) of the input×input table
/// P[a,u] = (deg a − C[a,u])^-½ · Σ_{b ∈ N(a) ∩ N(u)} (deg b − 1)^-½; the outputs b that share two or more inputs
/// with v, found through a list of the outputs of each input pair, then add their difference. Work per output:
/// deg(v) table rows plus those few outputs, instead of every path. Scores equal the path sums up to rounding
/// (another summation order), so <see cref="Ch3L3ByLayerShape"/> gives a suited layer to this class on every
/// device.
/// </summary>
public sealed class Ch3L3FewInputs(int threads = 0) : ILinkScorer
{
    /// <summary>Above this many inputs the input×input tables (20 bytes per pair) stop being small.</summary>
    public const int MaxInputs = 2048;

    /// <summary>At most this many (input pair, output) entries: 4 bytes each, 256 MiB.</summary>
    public const long MaxPairEntries = 1L << 26;

    /// <summary>Taken when path enumeration would do this many times the table work or more.</summary>
    private const double PathsPerTableStep = 8;

    private readonly int _threads = CpuThreads.Resolve(threads);

    /// <summary>Whether this layer is cheaper to score here than by enumerating its paths.</summary>
    public static bool Suits(LayerTopology topology) => Suits(Ch3L3Cost.Of(topology));

    public static bool Suits(Ch3L3Cost cost) =>
        cost.Inputs <= MaxInputs
        && cost.InputPairEntries <= MaxPairEntries
        && cost.Paths >= PathsPerTableStep * ((double)cost.Links * cost.Inputs + cost.InputPairEntries);

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        if (count == 0)
            return [];
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        var tables = new InputPairTables(topology);
        return RowScoring.Best(
            topology.Outputs,
            _threads,
            count,
            ranking,
            () => new FewInputsRowScorer(topology, tables, excludedLinks)
        );
    }

    /// <summary>Every candidate with a positive score, in no particular order (tests).</summary>
    public static List<ScoredLink> All(LayerTopology topology, ReadOnlySpan<long> excluded) =>
        RowScoring.All(
            topology.Outputs,
            new FewInputsRowScorer(
                topology,
                new InputPairTables(topology),
                new ExcludedLinks(topology.Inputs, topology.Outputs, excluded)
            )
        );
}
