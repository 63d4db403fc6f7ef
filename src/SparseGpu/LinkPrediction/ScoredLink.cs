namespace SparseGpu.LinkPrediction;

/// <summary>A candidate link of one layer (key = output × inputs + input) and its predicted score.</summary>
public readonly record struct ScoredLink(long Key, double Score);

/// <summary>The link predictors offered.</summary>
public static class LinkPredictionMethods
{
    /// <summary>Cannistraci-Hebb on paths of length 3, exact (path-based) definition.</summary>
    public const string Ch3L3 = "ch3l3";

    /// <summary>Cannistraci-Hebb CH3 on paths of length 3, node-based: each community node counted once.</summary>
    public const string Ch3L3n = "ch3l3n";

    /// <summary>Cannistraci-Hebb CH2 on paths of length 3, path-based.</summary>
    public const string Ch2L3 = "ch2l3";

    /// <summary>Cannistraci-Hebb CH2 on paths of length 3, node-based.</summary>
    public const string Ch2L3n = "ch2l3n";

    public static readonly IReadOnlyList<string> Names = [Ch3L3, Ch3L3n, Ch2L3, Ch2L3n];

    /// <summary>The name the papers and the documentation write: CH3-L3, CH3-L3n, CH2-L3, CH2-L3n.</summary>
    public static string DisplayName(string name) =>
        Require(name) switch
        {
            Ch3L3n => "CH3-L3n",
            Ch2L3 => "CH2-L3",
            Ch2L3n => "CH2-L3n",
            _ => "CH3-L3",
        };

    public static string Require(string name) =>
        Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidSettingException("method", $" '{name}' is not valid; valid: {string.Join(", ", Names)}");
}
