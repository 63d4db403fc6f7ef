using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Robustness;

namespace SparseGpu.Tests.Robustness;

/// <summary>Runs one repetition of a perturbation through a context whose evaluation only keeps the damaged
/// networks (and the fraction of the remaining links each step removed), in level order.</summary>
public static class DamageRecorder
{
    public static List<Network> Networks(
        Perturbation perturbation,
        Network trained,
        IReadOnlyList<double> levels,
        ulong seed = 1,
        int repeat = 0,
        PerturbationOptions? options = null
    ) => Steps(perturbation, trained, levels, seed, repeat, options).Select(s => s.Network).ToList();

    public static List<(Network Network, double Level, double FractionOfRemaining)> Steps(
        Perturbation perturbation,
        Network trained,
        IReadOnlyList<double> levels,
        ulong seed = 1,
        int repeat = 0,
        PerturbationOptions? options = null
    )
    {
        var steps = new List<(Network, double, double)>();
        perturbation.Evaluate(
            new PerturbationContext(
                trained,
                levels,
                options ?? PerturbationOptions.Default,
                seed,
                repeat,
                (damaged, level, ofRemaining) => steps.Add((damaged, level, ofRemaining)),
                (IInputAttack _) => throw new InvalidOperationException($"{perturbation.Name} attacked the inputs")
            )
        );
        Assert.Equal(levels, steps.Select(s => s.Item2));
        return steps;
    }
}
