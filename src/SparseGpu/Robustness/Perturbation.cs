using SparseGpu.Engines;
using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>
/// One kind of damage done to a trained network as a whole (its links, weights or neurons) or to its inputs, with
/// what its level means. A perturbation evaluates itself: given a <see cref="PerturbationContext"/>, it builds the
/// damaged network of every level and hands it to <see cref="PerturbationContext.Evaluate"/> (or, acting on the
/// images, runs an attack through <see cref="PerturbationContext.EvaluateInputs"/>), so the robustness job has one
/// loop over perturbations and repetitions and never asks what kind it holds. Stochastic perturbations are repeated
/// with derived seeds; the others are computed once. Every perturbation is registered in
/// <see cref="Perturbations"/> and held to the contract tests there (the trained model is never modified, level 0 is
/// the identity, nested levels are nested, seeds reproduce).
/// </summary>
public abstract class Perturbation
{
    /// <summary>The name --perturbations and the CSV files use.</summary>
    public abstract string Name { get; }

    /// <summary>The figure title.</summary>
    public abstract string Title { get; }

    /// <summary>What a level is, for axis labels.</summary>
    public abstract string LevelLabel { get; }

    /// <summary>What a level measures; decides the grid (--levels or --epsilons) the perturbation takes.</summary>
    public abstract LevelKind Kind { get; }

    public abstract bool Stochastic { get; }

    /// <summary>The largest meaningful level.</summary>
    public abstract double MaxLevel { get; }

    /// <summary>Whether levels remove links (the structure columns then change with the level).</summary>
    public virtual bool RemovesLinks => false;

    /// <summary>
    /// Part of the derivation of this perturbation's random streams (<see cref="PerturbationStream"/>). Fixed forever
    /// per perturbation: changing it changes every published number that used it; a new perturbation takes a new
    /// value below <see cref="PerturbationStream.MaxPerturbations"/>.
    /// </summary>
    public abstract int StreamId { get; }

    /// <summary>The robustness switches (<see cref="PerturbationSwitches"/>) that change what this perturbation
    /// does.</summary>
    public virtual IReadOnlySet<string> Switches { get; } = new HashSet<string>();

    /// <summary>One repetition: every level of <see cref="PerturbationContext.Levels"/>, in order, evaluated
    /// through the context.</summary>
    public abstract void Evaluate(PerturbationContext context);

    public override string ToString() => Name;
}

/// <summary>
/// The adapter for damage that is prepared and applied layer by layer (links and weights of one layer at a time):
/// it keeps the per-layer body (<see cref="Prepare"/>, <see cref="LayerDamage"/>) and evaluates every level of a
/// <see cref="PerturbationPlan"/>, each from the trained network, so that levels are coherent.
/// </summary>
public abstract class LayerPerturbation : Perturbation
{
    /// <summary>What this perturbation will do to one layer at every level, drawn from <paramref
    /// name="random"/>.</summary>
    public abstract LayerDamage Prepare(Layer trained, Rng random);

    /// <summary>Every per-layer perturbation damages the layers of its scope, or those --layers names.</summary>
    public override IReadOnlySet<string> Switches { get; } =
        new HashSet<string> { PerturbationSwitches.ScopeName, PerturbationSwitches.LayersName };

    public override void Evaluate(PerturbationContext context)
    {
        var plan = new PerturbationPlan(
            context.Trained,
            this,
            context.Options.Scope,
            context.Seed,
            context.Repeat,
            context.Options.Layers
        );
        for (int i = 0; i < context.Levels.Count; i++)
            context.Evaluate(plan.Apply(i, context.Levels[i]), context.Levels[i]);
    }
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

/// <summary>Damage to the inputs, run by the engine as an attack over its batch operations on the trained
/// network.</summary>
public abstract class InputPerturbation : Perturbation
{
    public abstract IInputAttack Attack(IReadOnlyList<double> levels);

    public override void Evaluate(PerturbationContext context) => context.EvaluateInputs(Attack(context.Levels));
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

    /// <summary>A fresh copy of <paramref name="trained"/> for evaluation.</summary>
    public static Layer Copy(Layer trained) => Of(trained.Topology, (float[])trained.Weights.Clone(), trained);

    /// <summary>The layer without the links <paramref name="removed"/> marks (by link index).</summary>
    public static Layer Without(Layer layer, bool[] removed)
    {
        int kept = removed.Count(r => !r);
        var keys = new long[kept];
        var weights = new float[kept];
        int next = 0;
        for (int link = 0; link < layer.LinkCount; link++)
        {
            if (removed[link])
                continue;
            keys[next] = layer.Topology.KeyOf(link);
            weights[next++] = layer.Weights[link];
        }
        return Of(LayerTopology.FromSortedKeys(layer.Inputs, layer.Outputs, keys), weights, layer);
    }

    /// <summary>Links [0, ⌊fraction·links⌋) of an order: how every fraction-levelled perturbation counts.</summary>
    public static int Count(int links, double fraction) => (int)Math.Floor(fraction * links + 1e-9);
}
