namespace SparseGpu.Engines;

/// <summary>
/// The steps an attack on the inputs composes, on the engine's current chunk of images (gathered and forwarded at
/// the clean input when the attack starts). The engine chunks the data set and tallies each level's results.
/// </summary>
public interface IAttackSteps
{
    /// <summary>The gradient of each image's loss (true label) with respect to its current input pixels.</summary>
    void InputGradient();

    /// <summary>Keeps the current input as the point later steps start from.</summary>
    void KeepInput();

    /// <summary>Input = clip(kept input + ε·sign(input gradient), 0, 1).</summary>
    void SignStepFromKept(float epsilon);

    /// <summary>Evaluates the current input as level <paramref name="level"/>'s result.</summary>
    void Score(int level);
}

/// <summary>An attack on the inputs with <see cref="Levels"/> results, written once over <see cref="IAttackSteps"/> for
/// every engine.</summary>
public interface IInputAttack
{
    int Levels { get; }

    /// <summary>Runs the attack on one chunk, scoring every level exactly once.</summary>
    void Run(IAttackSteps steps);
}
