namespace SparseGpu.Robustness;

/// <summary>The perturbations `sparsegpu robustness` offers, by name: adding one is its class and a line
/// here.</summary>
public static class Perturbations
{
    public static readonly Perturbation Random = new RandomRemoval();
    public static readonly Perturbation WeightOrder = new WeightOrderRemoval(largestFirst: true);
    public static readonly Perturbation ReverseWeightOrder = new WeightOrderRemoval(largestFirst: false);
    public static readonly Perturbation Shuffle = new WeightShuffle();
    public static readonly Perturbation Noise = new WeightNoise();
    public static readonly Perturbation Fgsm = new FgsmPerturbation();

    public static IReadOnlyList<Perturbation> All { get; } =
    [Random, WeightOrder, ReverseWeightOrder, Shuffle, Noise, Fgsm];

    public static IReadOnlyList<string> Names => All.Select(p => p.Name).ToList();

    public static Perturbation Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidSettingException(
            $"unknown perturbation '{name.Trim()}'; valid: {string.Join(", ", Names)}"
        );

    /// <summary>A comma-separated list of names (null: all of them), in catalogue order, without repeats. A list
    /// that names nothing (",", "") is an error: running nothing and succeeding would hide the mistake.</summary>
    public static IReadOnlyList<Perturbation> Parse(string? list)
    {
        if (list is null)
            return All;
        string[] names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            throw new InvalidSettingException(
                "perturbations",
                $" '{list}' names no perturbation; valid: {string.Join(", ", Names)}"
            );
        var chosen = names.Select(Get).ToHashSet();
        return All.Where(chosen.Contains).ToList();
    }
}
