using SparseGpu.Robustness;
using SparseGpu.Runs;

namespace SparseGpu.Sweeps;

/// <summary>
/// The rule that keeps a sweep's meaning when the default set of perturbations changes: a spec that names no
/// perturbations runs the default set, and a run folder that recorded another list (in complete.json, or in the
/// robustness.json of a sweep under way) was swept with another "default". Rather than silently redo it with the new
/// set (or keep the old one and mix two meanings in one study), the sweep is refused before anything runs, saying
/// which lists differ: naming the perturbations in the spec decides.
/// </summary>
public static class RecordedPerturbations
{
    public static void RequireUnchangedDefault(string sweepDirectory, IEnumerable<RunPlan> runs)
    {
        IReadOnlyList<string> now = Robustness.Perturbations.DefaultNames;
        foreach (RunPlan run in runs)
        {
            if (run.Robustness is not { Perturbations: null })
                continue;
            var folder = new RunFolder(sweepDirectory, run);
            IReadOnlyList<string>? recorded = Recorded(folder);
            if (recorded is null || recorded.SequenceEqual(now))
                continue;
            throw new SparseGpuException(
                $"{folder.Path}: its robustness sweep ran the perturbations {string.Join(", ", recorded)}, and the "
                    + $"spec names none, which now means the default set {string.Join(", ", now)}; list the "
                    + "perturbations in robustness.perturbations (the recorded list keeps its results)"
            );
        }
    }

    private static IReadOnlyList<string>? Recorded(RunFolder folder)
    {
        if (MarkerFile.Read(folder.CompleteMarker).Root is { } complete)
            return RecordedRobustness.Perturbations(complete);
        try
        {
            return RobustnessManifest.Read(folder.RobustnessDirectory)?.Settings.Perturbations;
        }
        catch (SparseGpuException)
        {
            return null; // a damaged robustness.json is the robustness job's to report
        }
    }
}
