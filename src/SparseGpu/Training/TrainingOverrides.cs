using SparseGpu.Model;

namespace SparseGpu.Training;

/// <summary>
/// The training settings a user gave on the command line (null: not given). A new run fills the gaps with defaults;
/// a resumed run keeps the checkpoint's settings and accepts only a new total of epochs.
/// </summary>
public sealed record TrainingOverrides
{
    public string? Dataset { get; init; }
    public int[]? Hidden { get; init; }
    public Densities? Density { get; init; }
    public double? FanIn { get; init; }
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public double? LearningRate { get; init; }
    public double? Momentum { get; init; }
    public double? WeightDecay { get; init; }
    public double? Zeta { get; init; }
    public int? UpdateInterval { get; init; }
    public string? Regrowth { get; init; }
    public ulong? Seed { get; init; }
    public int? TrainLimit { get; init; }

    public TrainingSettings ApplyTo(TrainingSettings settings)
    {
        if (Density is not null && FanIn is not null)
            throw new InvalidSettingException(
                "density",
                $" {Density} and {InvalidSettingException.Other("fan-in")} {FanIn} both set the links; give one"
            );
        TrainingSettings result = settings with
        {
            Dataset = Dataset?.ToLowerInvariant() ?? settings.Dataset,
            Hidden = Hidden ?? settings.Hidden,
            // Either one replaces both: the links come from the one given.
            Density = FanIn is null ? Density ?? settings.Density : null,
            FanIn = Density is null ? FanIn ?? settings.FanIn : null,
            Epochs = Epochs ?? settings.Epochs,
            BatchSize = BatchSize ?? settings.BatchSize,
            LearningRate = LearningRate ?? settings.LearningRate,
            Momentum = Momentum ?? settings.Momentum,
            WeightDecay = WeightDecay ?? settings.WeightDecay,
            Zeta = Zeta ?? settings.Zeta,
            UpdateInterval = UpdateInterval ?? settings.UpdateInterval,
            Regrowth = Regrowth?.ToLowerInvariant() ?? settings.Regrowth,
            Seed = Seed ?? settings.Seed,
            TrainLimit = TrainLimit ?? settings.TrainLimit,
        };
        result.Validate();
        return result;
    }

    /// <summary>The checkpoint's settings with the new epoch total; any other option that differs is an
    /// error.</summary>
    public TrainingSettings ApplyToResumed(TrainingSettings checkpoint)
    {
        Require("dataset", Dataset, checkpoint.Dataset);
        Require("hidden", Hidden, checkpoint.Hidden);
        Require("density", Density, checkpoint.Density?.ToString() ?? "(none: the run sets links by --fan-in)");
        Require(
            "fan-in",
            FanIn,
            checkpoint.FanIn is { } fanIn ? Show(fanIn) : "(none: the run sets links by --density)"
        );
        Require("batch-size", BatchSize, checkpoint.BatchSize);
        Require("learning-rate", LearningRate, checkpoint.LearningRate);
        Require("momentum", Momentum, checkpoint.Momentum);
        Require("weight-decay", WeightDecay, checkpoint.WeightDecay);
        Require("zeta", Zeta, checkpoint.Zeta);
        Require("update-interval", UpdateInterval, checkpoint.UpdateInterval);
        Require("method", Regrowth, checkpoint.Regrowth);
        Require("seed", Seed, checkpoint.Seed);
        Require("train-limit", TrainLimit, checkpoint.TrainLimit);
        TrainingSettings result = checkpoint with { Epochs = Epochs ?? checkpoint.Epochs };
        result.Validate();
        return result;
    }

    private static void Require(string option, object? given, object stored)
    {
        if (given is null)
            return;
        string wanted = Show(given),
            kept = Show(stored);
        if (string.Equals(wanted, kept, StringComparison.OrdinalIgnoreCase))
            return;
        throw new SparseGpuException(
            $"--{option} {wanted} differs from the checkpoint's {kept}; a resumed run keeps its settings (only "
                + "--epochs may change)"
        );
    }

    /// <summary>Doubles print in round-trip form, so equal text means equal values.</summary>
    private static string Show(object value) =>
        value is int[] widths
            ? string.Join(",", widths)
            : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
