using SparseGpu.Data;

namespace SparseGpu.Training;

/// <summary>The images a run trains on: the data set's training split, cut to --train-limit, less the
/// --validation hold-out (the last images). One rule for training and for the robustness sweep's fine-tuning.</summary>
public static class TrainingImages
{
    public static (ImageSet Train, ImageSet? Validation) Of(TrainingSettings settings, ImageSet train)
    {
        ImageSet limited = settings.TrainLimit > 0 ? train.Take(settings.TrainLimit) : train;
        return ValidationSplit.Apply(settings.Validation, limited);
    }
}
