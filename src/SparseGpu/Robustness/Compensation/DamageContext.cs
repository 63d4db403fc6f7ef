using SparseGpu.Training;

namespace SparseGpu.Robustness.Compensation;

/// <summary>Which evaluation of the sweep a damaged network is: the model (its training settings and the sweep's seed
/// for it), the perturbation by name, the repetition and the level's index in the grid.</summary>
public readonly record struct DamageContext(
    TrainingSettings Training,
    ulong Seed,
    string Perturbation,
    int Repeat,
    int LevelIndex
);
