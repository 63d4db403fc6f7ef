namespace SparseGpu.LinkPrediction;

/// <summary>A candidate link of one layer (key = output × inputs + input) and its predicted score.</summary>
public readonly record struct ScoredLink(long Key, double Score);

/// <summary>The link predictors offered.</summary>
public static class LinkPredictionMethods
{
    /// <summary>Cannistraci-Hebb on paths of length 3, exact (path-based) definition.</summary>
    public const string Ch3L3 = "ch3l3";

    public static readonly IReadOnlyList<string> Names = [Ch3L3];

    public static string Require(string name) =>
        Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidSettingException("method", $" '{name}' is not valid; valid: {string.Join(", ", Names)}");
}
