namespace SparseGpu.Robustness;

/// <summary>
/// What a perturbation's level measures. The kind decides which grid the perturbation takes: epsilons come from
/// --epsilons, every other kind from --levels.
/// </summary>
public enum LevelKind
{
    /// <summary>A fraction of each perturbed layer's links (or of all of them, with a global order).</summary>
    LinkFraction,

    /// <summary>A fraction of the hidden neurons (per hidden layer, or of all of them with --neuron-scope
    /// global).</summary>
    NeuronFraction,

    /// <summary>A multiple of each layer's weight standard deviation.</summary>
    WeightStdMultiple,

    /// <summary>A step ε on the [0, 1] pixel scale.</summary>
    Epsilon,
}

public static class LevelKinds
{
    /// <summary>The option (and spec key) whose grid a perturbation of <paramref name="kind"/> takes.</summary>
    public static string GridOption(this LevelKind kind) => kind == LevelKind.Epsilon ? "epsilons" : "levels";

    /// <summary>
    /// The grid of each option the chosen perturbations take, parsed against the smallest largest-level of the
    /// perturbations that take it; an option no chosen perturbation takes gives an empty grid (and is not parsed).
    /// </summary>
    public static (double[] Levels, double[] Epsilons) Grids(
        IReadOnlyList<Perturbation> perturbations,
        string levels,
        string epsilons
    )
    {
        double[] Grid(string option, string text)
        {
            var taking = perturbations.Where(p => p.Kind.GridOption() == option).ToList();
            return taking.Count == 0 ? [] : LevelGrid.Parse(text, option, taking.Min(p => p.MaxLevel));
        }
        return (Grid("levels", levels), Grid("epsilons", epsilons));
    }
}
