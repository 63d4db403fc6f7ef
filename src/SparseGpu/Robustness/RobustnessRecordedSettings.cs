using SparseGpu.Runs;

namespace SparseGpu.Robustness;

/// <summary>The settings a robustness request resolves to, as robustness.json records them.</summary>
internal static class RobustnessRecordedSettings
{
    public static RobustnessSettings Of(
        RobustnessRequest request,
        string dataset,
        int testImages,
        IReadOnlyList<Perturbation> perturbations,
        double[] levels,
        double[] epsilons,
        IEnumerable<(string Path, Checkpoint Checkpoint)> checkpoints
    ) =>
        new()
        {
            Dataset = dataset,
            TestImages = testImages,
            Scope = request.Scope.ToString().ToLowerInvariant(),
            Perturbations = perturbations.Select(p => p.Name).ToArray(),
            Levels = levels,
            Epsilons = epsilons,
            Repeats = request.Repeats,
            NeuronScope = PerturbationSwitches.Format(request.NeuronScope),
            Order = PerturbationSwitches.Format(request.Order),
            Relative = request.Relative,
            Layers = request.Layers?.Order().Distinct().ToArray(),
            Seed = request.Seed,
            Compensation = request.Compensation.Recorded,
            Measures = request.Measures.Recorded(),
            Models = checkpoints
                .Select(c => new RobustnessModel(
                    c.Path,
                    c.Checkpoint.Settings.Regrowth,
                    c.Checkpoint.Settings.Seed,
                    CheckpointFile.NetworkSha256(c.Checkpoint.State.Network),
                    c.Checkpoint.Settings
                ))
                .ToArray(),
        };
}
