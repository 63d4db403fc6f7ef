namespace SparseGpu.Robustness;

public enum PerturbationKind
{
    RandomRemoval,
    WeightOrderRemoval,
    ReverseWeightOrderRemoval,
    Shuffle,
    Noise,
    Fgsm,
}

/// <summary>
/// One kind of damage done to a trained network (or its inputs), with what its level means.
/// <see cref="Stochastic"/> perturbations are repeated with derived seeds; the others are computed once.
/// </summary>
public sealed record Perturbation(string Name, PerturbationKind Kind, string Title, string LevelLabel, bool Stochastic, double MaxLevel)
{
    public bool RemovesLinks => Kind is PerturbationKind.RandomRemoval or PerturbationKind.WeightOrderRemoval or PerturbationKind.ReverseWeightOrderRemoval;

    /// <summary>FGSM perturbs the inputs and takes its levels (ε) from --epsilons; the rest perturb weights or links.</summary>
    public bool PerturbsInputs => Kind == PerturbationKind.Fgsm;
}

/// <summary>The perturbations `sparsegpu robustness` offers, by name.</summary>
public static class Perturbations
{
    public static readonly Perturbation Random = new("random", PerturbationKind.RandomRemoval,
        "Random link removal", "fraction of links removed", true, 1.0);

    public static readonly Perturbation WeightOrder = new("weight-order", PerturbationKind.WeightOrderRemoval,
        "Link removal, largest |w| first", "fraction of links removed", false, 1.0);

    public static readonly Perturbation ReverseWeightOrder = new("reverse-weight-order", PerturbationKind.ReverseWeightOrderRemoval,
        "Link removal, smallest |w| first", "fraction of links removed", false, 1.0);

    public static readonly Perturbation Shuffle = new("shuffle", PerturbationKind.Shuffle,
        "Weight shuffling", "fraction of weights shuffled", true, 1.0);

    public static readonly Perturbation Noise = new("noise", PerturbationKind.Noise,
        "Gaussian weight noise", "noise std / layer weight std", true, double.PositiveInfinity);

    public static readonly Perturbation Fgsm = new("fgsm", PerturbationKind.Fgsm,
        "FGSM adversarial inputs", "epsilon (pixel range 0-1)", false, 1.0);

    public static IReadOnlyList<Perturbation> All { get; } = [Random, WeightOrder, ReverseWeightOrder, Shuffle, Noise, Fgsm];

    public static IReadOnlyList<string> Names => All.Select(p => p.Name).ToList();

    public static Perturbation Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidSettingException($"unknown perturbation '{name.Trim()}'; valid: {string.Join(", ", Names)}");

    /// <summary>A comma-separated list of names (null: all of them), in catalogue order, without repeats. A list
    /// that names nothing (",", "") is an error: running nothing and succeeding would hide the mistake.</summary>
    public static IReadOnlyList<Perturbation> Parse(string? list)
    {
        if (list is null) return All;
        string[] names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            throw new SparseGpuException($"--perturbations '{list}' names no perturbation; valid: {string.Join(", ", Names)}");
        var chosen = names.Select(Get).ToHashSet();
        return All.Where(chosen.Contains).ToList();
    }
}
