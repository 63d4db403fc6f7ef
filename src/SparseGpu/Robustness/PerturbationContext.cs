using SparseGpu.Engines;
using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>How hidden neurons are counted for a neuron attack's level: per hidden layer, or over all of
/// them.</summary>
public enum NeuronScope
{
    PerLayer,
    Global,
}

/// <summary>How the weight orders rank links: within each perturbed layer, or one |w| ranking over all of
/// them.</summary>
public enum LinkOrder
{
    PerLayer,
    Global,
}

/// <summary>The switches of a sweep that decide what a perturbation does to the network (beyond its levels).</summary>
/// <param name="Layers">Sparse layers (1-based) to perturb; null: every layer of the scope.</param>
/// <param name="Relative">Link removals step from level to level on the network as the previous level's removal
/// left it, each step removing its links from those that remain (re-ranked for the weight orders).</param>
public sealed record PerturbationOptions(
    PerturbationScope Scope = PerturbationScope.Sparse,
    IReadOnlyCollection<int>? Layers = null,
    NeuronScope NeuronScope = NeuronScope.PerLayer,
    LinkOrder Order = LinkOrder.PerLayer,
    bool Relative = false
)
{
    public static readonly PerturbationOptions Default = new();
}

/// <summary>
/// What one repetition of a perturbation sees and may do: the trained network (never to be modified), its levels,
/// the sweep's switches, its random streams, and the one way to produce results, <see cref="Evaluate"/> (the job
/// supplies it: whatever the sweep does between damage and measurement, it does there, for every perturbation).
/// </summary>
public sealed class PerturbationContext(
    Network trained,
    IReadOnlyList<double> levels,
    PerturbationOptions options,
    ulong seed,
    int repeat,
    Action<Network, double, double> evaluate,
    Action<IInputAttack> evaluateInputs,
    CancellationToken cancel = default
)
{
    public Network Trained => trained;

    /// <summary>The grid of the perturbation's level kind, ascending, starting at 0.</summary>
    public IReadOnlyList<double> Levels => levels;

    public PerturbationOptions Options => options;
    public ulong Seed => seed;
    public int Repeat => repeat;

    /// <summary>
    /// Measures <paramref name="damaged"/> (a fresh network the caller built; the trained one is never passed) as the
    /// result at <paramref name="level"/>. A post-damage step the sweep applies (the compensation switches) acts on a
    /// copy: <paramref name="damaged"/> is left as it is, and an iterated perturbation (adaptive, relative) takes its
    /// next step from it, so the damage at every level is what the removal defines, whatever the sweep compensates.
    /// <paramref name="fractionOfRemaining"/>: for a step of an iterated removal, the fraction of the links that
    /// remained before it that it removed (NaN otherwise).
    /// </summary>
    public void Evaluate(Network damaged, double level, double fractionOfRemaining = double.NaN)
    {
        cancel.ThrowIfCancellationRequested();
        if (ReferenceEquals(damaged, trained))
            throw new InvalidOperationException("a perturbation passed the trained network itself; pass a copy");
        evaluate(damaged, level, fractionOfRemaining);
    }

    /// <summary>Runs an attack on the test images through the trained network, one result per level.</summary>
    public void EvaluateInputs(IInputAttack attack)
    {
        cancel.ThrowIfCancellationRequested();
        if (attack.Levels != levels.Count)
            throw new InvalidOperationException($"the attack has {attack.Levels} levels, the grid {levels.Count}");
        evaluateInputs(attack);
    }

    /// <summary>The random stream of <paramref name="perturbation"/> for network layer <paramref name="layer"/> (or
    /// <see cref="PerturbationStream.WholeNetwork"/>) at grid level <paramref name="levelIndex"/> (null: the
    /// repetition's preparation).</summary>
    public Rng Stream(Perturbation perturbation, int layer, int? levelIndex) =>
        new PerturbationStream(repeat, perturbation.StreamId, layer, levelIndex).Derive(seed);
}
