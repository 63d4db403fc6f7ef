using SparseGpu.Engines;
using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>
/// One kind of damage done to a trained network or to its inputs, with what its level means. Stochastic
/// perturbations are repeated with derived seeds; the others are computed once. Every perturbation is registered
/// in <see cref="Perturbations"/> and held to the contract tests there (the trained model is never modified,
/// level 0 is the identity, nested levels are nested, seeds reproduce).
/// </summary>
public abstract class Perturbation
{
    /// <summary>The name --perturbations and the CSV files use.</summary>
    public abstract string Name { get; }

    /// <summary>The figure title.</summary>
    public abstract string Title { get; }

    /// <summary>What a level is, for axis labels.</summary>
    public abstract string LevelLabel { get; }

    public abstract bool Stochastic { get; }

    /// <summary>The largest meaningful level.</summary>
    public abstract double MaxLevel { get; }

    /// <summary>Whether levels remove links (the structure columns then change with the level).</summary>
    public virtual bool RemovesLinks => false;

    /// <summary>Input perturbations take their levels from --epsilons; the rest perturb weights or links.</summary>
    public bool PerturbsInputs => this is InputPerturbation;

    public override string ToString() => Name;
}

/// <summary>Damage to a network's links or weights, prepared per layer once per repetition so that levels are
/// coherent.</summary>
public abstract class NetworkPerturbation : Perturbation
{
    /// <summary>
    /// Part of the derivation of this perturbation's random streams. Fixed forever per perturbation: changing it
    /// changes every published number that used it; a new perturbation takes a new value.
    /// </summary>
    public abstract int StreamId { get; }

    /// <summary>What this perturbation will do to one layer at every level, drawn from <paramref
    /// name="random"/>.</summary>
    public abstract LayerDamage Prepare(Layer trained, Rng random);
}

/// <summary>One layer's prepared damage for one repetition.</summary>
public abstract class LayerDamage
{
    /// <summary>
    /// The layer at <paramref name="level"/> (&gt; 0), as a fresh layer for evaluation (<see cref="EvaluationLayer"/>);
    /// <paramref name="levelStream"/> gives the level's own random stream for damage drawn anew per level.
    /// </summary>
    public abstract Layer Apply(Layer trained, double level, Func<Rng> levelStream);
}

/// <summary>Damage to the inputs, run by the engine as an attack over its batch operations.</summary>
public abstract class InputPerturbation : Perturbation
{
    public abstract IInputAttack Attack(IReadOnlyList<double> levels);
}

/// <summary>A layer to evaluate: the given links and weights, the trained biases, no optimizer state.</summary>
public static class EvaluationLayer
{
    public static Layer Of(LayerTopology topology, float[] weights, Layer trained) =>
        new(
            topology,
            weights,
            new float[weights.Length],
            (float[])trained.Bias.Clone(),
            new float[trained.Outputs],
            trained.Evolves,
            trained.Relu
        );

    /// <summary>Links [0, ⌊fraction·links⌋) of an order: how every fraction-levelled perturbation counts.</summary>
    public static int Count(int links, double fraction) => (int)Math.Floor(fraction * links + 1e-9);
}
