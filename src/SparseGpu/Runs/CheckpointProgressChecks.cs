using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>
/// Checks a checkpoint's progress fields against each other and the settings, so that a crafted or damaged file
/// cannot resume into impossible statistics (a training accuracy of 5e11, a negative loss).
/// </summary>
internal static class CheckpointProgressChecks
{
    public static void Validate(TrainingState state, TrainingSettings settings)
    {
        if (state.CompletedEpochs < 0 || state.CompletedEpochs > settings.TotalEpochs)
            throw new InvalidDataException($"{state.CompletedEpochs} completed epochs of {settings.TotalEpochs}");
        if (state.NextSample < 0)
            throw new InvalidDataException($"next sample {state.NextSample} is negative");
        if (state.NextSample > 0 && state.CompletedEpochs == settings.TotalEpochs)
            throw new InvalidDataException(
                $"stopped inside epoch {state.CompletedEpochs + 1} of {settings.TotalEpochs}"
            );
        if (settings.TrainLimit > 0 && state.NextSample >= settings.TrainLimit)
            throw new InvalidDataException(
                $"next sample {state.NextSample} is beyond --train-limit {settings.TrainLimit}"
            );
        if (state.PartialCorrect < 0 || state.PartialCorrect > state.NextSample)
            throw new InvalidDataException($"{state.PartialCorrect} correct of {state.NextSample} samples");
        if (!(state.PartialLossSum >= 0) || double.IsInfinity(state.PartialLossSum))
            throw new InvalidDataException($"partial loss sum {state.PartialLossSum}");
        if (state.NextSample == 0 && (state.PartialLossSum != 0 || state.PartialCorrect != 0))
            throw new InvalidDataException("partial epoch statistics without a partial epoch");
        RequireSeconds(state.PartialTrainSeconds, "partial training time");
        RequireSeconds(state.EpochTopologySeconds, "topology time");

        int sparseLayers = state.Network.Layers.Count - 1;
        if (state.EpochEdits.Count != 0 && state.EpochEdits.Count != sparseLayers)
            throw new InvalidDataException($"{state.EpochEdits.Count} layer edits for {sparseLayers} sparse layers");
        for (int k = 0; k < state.EpochEdits.Count; k++)
        {
            EditCounts e = state.EpochEdits[k];
            int links = state.Network.Layers[k].LinkCount;
            if (
                e.Removed < 0
                || e.Removed > links
                || e.Regrown < 0
                || e.Regrown > links
                || e.RegrownByScore < 0
                || e.RegrownAtRandom < 0
                || (long)e.RegrownByScore + e.RegrownAtRandom > e.Regrown
            )
                throw new InvalidDataException($"impossible edit counts for layer {k + 1}: {e}");
        }
    }

    private static void RequireSeconds(double seconds, string what)
    {
        if (!(seconds >= 0) || double.IsInfinity(seconds))
            throw new InvalidDataException($"{what} {seconds} s");
    }
}
