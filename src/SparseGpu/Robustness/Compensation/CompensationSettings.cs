using System.Text.Json.Serialization;

namespace SparseGpu.Robustness.Compensation;

/// <summary>How the surviving weights of a damaged network are rescaled before it is evaluated.</summary>
public enum RescaleMode
{
    None,

    /// <summary>Each neuron's surviving input weights times k/k' (its trained over its remaining fan-in).</summary>
    FanIn,

    /// <summary>Each hidden neuron's pre-activation mean and variance on a calibration batch of training images
    /// matched to the trained network's.</summary>
    Variance,
}

/// <summary>
/// The compensation switches of a robustness sweep (`--prune-dead`, `--rescale`, `--finetune-steps`,
/// `--finetune-epochs`), applied to each damaged network before it is evaluated, in the fixed order prune-dead →
/// rescale → fine-tune (<see cref="DamageCompensation"/>). Recorded in robustness.json only when some switch is
/// given, so a sweep without switches records exactly what it did before they existed.
/// </summary>
public sealed record CompensationSettings
{
    public const int DefaultCalibrationImages = 1000;

    /// <summary>No switch: the damaged network is evaluated as it is.</summary>
    public static CompensationSettings None { get; } = new();

    public bool PruneDead { get; init; }

    /// <summary>"none", "fan-in" or "variance", as `--rescale` spells it.</summary>
    public string Rescale { get; init; } = "none";

    /// <summary>Training images of the variance rescale's calibration batch.</summary>
    public int CalibrationImages { get; init; } = DefaultCalibrationImages;

    /// <summary>SGD steps after each level (null: not given).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? FinetuneSteps { get; init; }

    /// <summary>Passes over the training images after each level (null: not given).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? FinetuneEpochs { get; init; }

    public static IReadOnlyList<string> RescaleNames { get; } = ["none", "fan-in", "variance"];

    [JsonIgnore]
    public RescaleMode ParsedRescale =>
        Rescale.ToLowerInvariant() switch
        {
            "none" => RescaleMode.None,
            "fan-in" => RescaleMode.FanIn,
            "variance" => RescaleMode.Variance,
            _ => throw new InvalidSettingException(
                "rescale",
                $" '{Rescale}' is not valid; valid: {string.Join(", ", RescaleNames)}"
            ),
        };

    /// <summary>Whether any switch is on (fine-tuning counts when given, even as 0 steps).</summary>
    [JsonIgnore]
    public bool Any =>
        PruneDead || ParsedRescale != RescaleMode.None || FinetuneSteps is not null || FinetuneEpochs is not null;

    /// <summary>Whether the switches read training images (variance calibration, fine-tuning).</summary>
    [JsonIgnore]
    public bool NeedsTrainingImages =>
        ParsedRescale == RescaleMode.Variance || FinetuneSteps is > 0 || FinetuneEpochs is > 0;

    /// <summary>Throws a one-line error naming the first bad value.</summary>
    public void Validate()
    {
        _ = ParsedRescale;
        if (FinetuneSteps is not null && FinetuneEpochs is not null)
            throw new InvalidSettingException(
                "finetune-steps",
                $" and {InvalidSettingException.Other("finetune-epochs")} exclude each other; give one"
            );
        if (FinetuneSteps is < 0)
            throw new InvalidSettingException("finetune-steps", $" must be 0 or more, got {FinetuneSteps}");
        if (FinetuneEpochs is < 0)
            throw new InvalidSettingException("finetune-epochs", $" must be 0 or more, got {FinetuneEpochs}");
        if (CalibrationImages <= 0)
            throw new InvalidSettingException("calibration-images", $" must be positive, got {CalibrationImages}");
        if (CalibrationImages != DefaultCalibrationImages && ParsedRescale != RescaleMode.Variance)
            throw new InvalidSettingException(
                "calibration-images",
                $" is for {InvalidSettingException.Other("rescale")} variance only"
            );
    }

    /// <summary>The switches as robustness.json records them: null when none is on.</summary>
    [JsonIgnore]
    public CompensationSettings? Recorded => Any ? this with { Rescale = Rescale.ToLowerInvariant() } : null;
}
