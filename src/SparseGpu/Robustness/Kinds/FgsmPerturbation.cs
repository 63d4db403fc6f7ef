using SparseGpu.Engines;

namespace SparseGpu.Robustness;

/// <summary>
/// The fast gradient sign method: x' = clip(x + ε·sign(∇ₓ loss), 0, 1), the gradient taken once per image at the
/// clean input and the current parameters, every ε stepping from that input.
/// </summary>
public sealed class FgsmPerturbation : InputPerturbation
{
    public override string Name => "fgsm";
    public override string Title => "FGSM adversarial inputs";
    public override string LevelLabel => "epsilon (pixel range 0-1)";
    public override LevelKind Kind => LevelKind.Epsilon;
    public override bool Stochastic => false;
    public override double MaxLevel => 1.0;

    /// <summary>Reserved: the attack draws nothing at random.</summary>
    public override int StreamId => 5;

    public override IInputAttack Attack(IReadOnlyList<double> levels) =>
        new FgsmAttack(levels.Select(l => (float)l).ToArray());
}

/// <summary>FGSM's schedule over the engine's attack steps, one result per ε.</summary>
public sealed class FgsmAttack(IReadOnlyList<float> epsilons) : IInputAttack
{
    public int Levels => epsilons.Count;

    public void Run(IAttackSteps steps)
    {
        steps.InputGradient();
        steps.KeepInput();
        for (int e = 0; e < epsilons.Count; e++)
        {
            steps.SignStepFromKept(epsilons[e]);
            steps.Score(e);
        }
    }
}
