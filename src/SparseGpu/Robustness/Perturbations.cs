namespace SparseGpu.Robustness;

/// <summary>
/// The registry of the perturbations `sparsegpu robustness` offers, by name (adding one is its class and a line
/// in <see cref="All"/>), and the declared default set a sweep runs when it names none. The default set is part of
/// what a study means: a perturbation joins it only on purpose, and every sweep records the explicit list it ran
/// (robustness.json, a sweep run's complete.json), so a resumed sweep never silently runs another set.
/// </summary>
public static class Perturbations
{
    public static readonly Perturbation Random = new RandomRemoval();
    public static readonly Perturbation WeightOrder = new WeightOrderRemoval(largestFirst: true);
    public static readonly Perturbation ReverseWeightOrder = new WeightOrderRemoval(largestFirst: false);
    public static readonly Perturbation Shuffle = new WeightShuffle();
    public static readonly Perturbation Noise = new WeightNoise();
    public static readonly Perturbation Fgsm = new FgsmPerturbation();
    public static readonly Perturbation NeuronRandom = new NeuronRemoval(NeuronCriterion.Random, adaptive: false);

    /// <summary>Every registered perturbation, in the order sweeps run and list them.</summary>
    public static IReadOnlyList<Perturbation> All { get; } =
    [Random, WeightOrder, ReverseWeightOrder, Shuffle, Noise, Fgsm, NeuronRandom, .. TargetedNeuronAttacks()];

    /// <summary>What a sweep that names no perturbation runs: the six of every study before the registry
    /// grew.</summary>
    public static IReadOnlyList<Perturbation> Default { get; } =
    [Random, WeightOrder, ReverseWeightOrder, Shuffle, Noise, Fgsm];

    /// <summary>
    /// What a sweep run's complete.json without a list of its own (written before lists were recorded: it said
    /// `"perturbations": null`) ran. Fixed forever, whatever <see cref="Default"/> becomes.
    /// </summary>
    public static IReadOnlyList<string> UnrecordedDefaultNames { get; } =
    ["random", "weight-order", "reverse-weight-order", "shuffle", "noise", "fgsm"];

    public static IReadOnlyList<string> Names => All.Select(p => p.Name).ToList();
    public static IReadOnlyList<string> DefaultNames => Default.Select(p => p.Name).ToList();

    public static Perturbation Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidSettingException(
            $"unknown perturbation '{name.Trim()}'; valid: {string.Join(", ", Names)}"
        );

    /// <summary>A comma-separated list of names (null: the default set), in registry order, without repeats. A
    /// list that names nothing (",", "") is an error: running nothing and succeeding would hide the mistake.</summary>
    public static IReadOnlyList<Perturbation> Parse(string? list)
    {
        if (list is null)
            return Default;
        string[] names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            throw new InvalidSettingException(
                "perturbations",
                $" '{list}' names no perturbation; valid: {string.Join(", ", Names)}"
            );
        var chosen = names.Select(Get).ToHashSet();
        return All.Where(chosen.Contains).ToList();
    }

    private static IEnumerable<Perturbation> TargetedNeuronAttacks()
    {
        NeuronCriterion[] criteria =
        [
            NeuronCriterion.InDegree,
            NeuronCriterion.OutDegree,
            NeuronCriterion.Strength,
            NeuronCriterion.Paths,
        ];
        foreach (bool adaptive in new[] { false, true })
        foreach (NeuronCriterion criterion in criteria)
            yield return new NeuronRemoval(criterion, adaptive);
    }
}
