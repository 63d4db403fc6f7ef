using SparseGpu.Data;

namespace SparseGpu.Robustness.Compensation;

/// <summary>What the compensation switches need from the data, checked before a sweep does any work.</summary>
public static class CompensationData
{
    public const string InputPerturbationNotice =
        "fgsm perturbs the inputs, not the network: its rows are evaluated on the trained network, without the "
        + "compensation switches";

    /// <summary>
    /// Fine-tuning and the variance calibration read the model's training images. The bundled MNIST subset stands in
    /// for missing files so that a sweep can still evaluate; it is not taken as a model's training set. Absent data
    /// are a data problem, not a usage error: exit code 1, as for any missing file (the switch itself is valid).
    /// </summary>
    public static void RequireTrainingImages(CompensationSettings settings, DatasetSplits data)
    {
        if (!settings.NeedsTrainingImages || data.Source != BundledMnist.SourceName)
            return;
        (string setting, string value) =
            settings.ParsedRescale == RescaleMode.Variance ? ("rescale", " variance")
            : settings.FinetuneSteps is not null ? ("finetune-steps", "")
            : ("finetune-epochs", "");
        throw new SparseGpuException(
            $"--{setting}{value} needs the models' training images, and {data.Info.Name} is not here (only the "
                + $"bundled {data.Train.Count}-image subset, which is not a model's training set); give --data-dir "
                + $"or run `sparsegpu data download {data.Info.Name}`"
        );
    }
}
