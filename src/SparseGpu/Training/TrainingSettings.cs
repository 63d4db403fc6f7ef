using System.Text.Json.Serialization;
using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Training;

/// <summary>
/// Every setting that decides what a run computes. Stored in config.json and in each checkpoint; a resumed run
/// takes them from the checkpoint. Defaults are the Cannistraci-Hebb training lineage's MLP settings.
/// </summary>
public sealed record TrainingSettings
{
    public string Dataset { get; init; } = "mnist";
    public int[] Hidden { get; init; } = [.. NetworkShape.DefaultHidden];

    private readonly Densities? _density = Densities.Uniform(NetworkShape.DefaultDensity);

    /// <summary>
    /// Links per sparse layer as a density (one, or one per layer); null when <see cref="FanIn"/> sets them, so that
    /// settings read from a file that gives only a fan-in do not also carry the default density.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Densities? Density
    {
        get => FanIn is null ? _density : null;
        init => _density = value;
    }

    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 0.025;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    public double Zeta { get; init; } = 0.3;
    public int UpdateInterval { get; init; } = 1;
    public string Regrowth { get; init; } = "rlr";
    public ulong Seed { get; init; } = 1;

    /// <summary>Train on the first N training images only (0: all).</summary>
    public int TrainLimit { get; init; }

    /// <summary>Links per sparse layer as ⌊fan-in · n_out⌋ (null: <see cref="Density"/> sets them). Written only when
    /// set, so settings without it keep the hash they had before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FanIn { get; init; }

    /// <summary>The sparse layers' link budget.</summary>
    [JsonIgnore]
    public LinkBudget Links =>
        FanIn is { } k
            ? LinkBudget.FromFanIn(k)
            : LinkBudget.FromDensity(
                Density ?? throw new InvalidSettingException("the settings give neither a density nor a fan-in")
            );

    /// <summary>Checks every value; the message names the option and lists valid values where there is a
    /// list.</summary>
    /// <summary>These settings once <see cref="Validate"/> has passed.</summary>
    public TrainingSettings Validated()
    {
        Validate();
        return this;
    }

    public void Validate()
    {
        Data.DatasetCatalog.Get(Dataset);
        RegrowthStrategies.Get(Regrowth);
        new NetworkShape(784, Hidden, 10, Links).Validate();
        if (Epochs <= 0)
            throw new InvalidSettingException("epochs", $" must be positive, got {Epochs}");
        if (BatchSize <= 0)
            throw new InvalidSettingException("batch-size", $" must be positive, got {BatchSize}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new InvalidSettingException("learning-rate", $" must be positive, got {LearningRate}");
        if (!(Momentum >= 0 && Momentum < 1))
            throw new InvalidSettingException("momentum", $" must be in [0, 1), got {Momentum}");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw new InvalidSettingException("weight-decay", $" must be non-negative, got {WeightDecay}");
        TopologyEditor.RemovalCount(0, Zeta);
        if (UpdateInterval <= 0)
            throw new InvalidSettingException("update-interval", $" must be positive, got {UpdateInterval}");
        if (TrainLimit < 0)
            throw new InvalidSettingException("train-limit", $" must be positive, got {TrainLimit}");
    }

    public NetworkShape Shape(int inputs, int classes) => new(inputs, Hidden, classes, Links);
}
