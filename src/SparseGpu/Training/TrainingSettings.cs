using System.Text.Json.Serialization;
using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Training;

/// <summary>
/// Every setting that decides what a run computes, each described by its entry in
/// <see cref="TrainingSettingCatalog"/>. Stored in config.json and in each checkpoint; a resumed run takes them from
/// the checkpoint. Defaults are the Cannistraci-Hebb training lineage's MLP settings.
/// </summary>
public sealed record TrainingSettings
{
    public string Dataset { get; init; } = "mnist";

    /// <summary>Own data's SHA-256 (<see cref="Data.OwnDataset.ContentSha256"/>); null for a catalogue data set.
    /// Written only when set.</summary>
    public string? DatasetSha256 { get; init; }
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

    /// <summary>How the sparse layers get their first links (<see cref="InitialTopologies"/>): er, csti or ws.
    /// Written only when not er.</summary>
    public string Init { get; init; } = InitialTopologies.ErdosRenyi;

    /// <summary>--init ws: the rewiring probability of the lattice's links; null otherwise.</summary>
    public double? WsBeta { get; init; }

    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 0.025;
    public string LrSchedule { get; init; } = LearningRateSchedule.Linear;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Inverted dropout's rate on the hidden units while training, in [0, 1) (0: off). Written only when
    /// on.</summary>
    public double Dropout { get; init; }

    public double Zeta { get; init; } = 0.3;
    public int UpdateInterval { get; init; } = 1;
    public string Regrowth { get; init; } = "rlr";
    public ulong Seed { get; init; } = 1;

    /// <summary>Train on the first N training images only (0: all).</summary>
    public int TrainLimit { get; init; }

    /// <summary>Links per sparse layer as ⌊fan-in · n_out⌋ (null: <see cref="Density"/> sets them). Written only when
    /// set (<see cref="TrainingSetting.DefaultEntersRunId"/>).</summary>
    public double? FanIn { get; init; }

    /// <summary>Images held out of the training set for validation: a count (1, 2, ...), a fraction in (0, 1), or 0
    /// (off). Which images: <see cref="Data.ValidationSplit"/>. Written only when on.</summary>
    public double Validation { get; init; }

    /// <summary>--method imp: the fraction of each sparse layer's remaining links pruned per round.</summary>
    public double ImpRate { get; init; } = 0.2;

    /// <summary>--method imp: what each round rewinds to, "init" or K (the weights after epoch K).</summary>
    public string ImpRewind { get; init; } = IterativeMagnitudePruning.RewindToInit;

    /// <summary>--method imp: the epochs of a retraining round's schedule (0: --epochs).</summary>
    public int ImpRoundEpochs { get; init; }

    /// <summary>--method set: the fraction of each sign's links an update removes (--set-zeta); null:
    /// <see cref="Zeta"/>.</summary>
    public double? SetZeta { get; init; }

    /// <summary>--method rigl: RigL's α, the fraction the first update replaces (--rigl-alpha); null:
    /// <see cref="Zeta"/>.</summary>
    public double? RiglAlpha { get; init; }

    /// <summary>--method rigl: RigL's ΔT, epochs between updates (--rigl-delta-t); null:
    /// <see cref="UpdateInterval"/>.</summary>
    public int? RiglDeltaT { get; init; }

    /// <summary>--method rigl: RigL's T_end, the epoch from which no update happens (--rigl-t-end); null: 3/4 of
    /// <see cref="Epochs"/>, rounded down.</summary>
    public int? RiglTEnd { get; init; }

    /// <summary>--method rigl: the training batches whose gradients an update sums (--rigl-batches); null: 1.</summary>
    public int? RiglBatches { get; init; }

    /// <summary>--method chts: the link predictor whose scores regrowth samples by (--predictor, a name of
    /// <see cref="LinkPrediction.LinkPredictionMethods"/>); null: <see cref="ChtsMethod.DefaultPredictor"/>.</summary>
    public string? Predictor { get; init; }

    /// <summary>After each topology update's removal, remove the links of hidden neurons left without inputs or
    /// outputs, until none is left (<see cref="ChainRemoval"/>); regrowth restores each layer's count.</summary>
    public bool ChainRemoval { get; init; }

    /// <summary>--method imp: the density its network starts at (1: dense).</summary>
    public double ImpStartDensity { get; init; } = 1;

    /// <summary>The epochs the run trains in all: <see cref="Epochs"/>, or an imp run's rounds together.</summary>
    [JsonIgnore]
    public int TotalEpochs => IterativeMagnitudePruning.For(this)?.TotalEpochs ?? Epochs;

    /// <summary>The network a new run starts from (an imp run: at its start density, else
    /// <see cref="Shape"/>).</summary>
    public NetworkShape InitialShape(int inputs, int classes) =>
        IterativeMagnitudePruning.For(this)?.InitialShape(inputs, classes) ?? Shape(inputs, classes);

    /// <summary>The sparse layers' link budget.</summary>
    [JsonIgnore]
    public LinkBudget Links =>
        FanIn is { } k
            ? LinkBudget.FromFanIn(k)
            : LinkBudget.FromDensity(
                Density ?? throw new InvalidSettingException("the settings give neither a density nor a fan-in")
            );

    /// <summary>These settings once <see cref="Validate"/> has passed.</summary>
    public TrainingSettings Validated()
    {
        Validate();
        return this;
    }

    /// <summary>Checks every value (<see cref="TrainingSettingCatalog"/>); the message names the option and lists
    /// valid values where there is a list.</summary>
    public void Validate()
    {
        foreach (TrainingSetting setting in TrainingSettingCatalog.All)
            setting.Check(this);
    }

    public NetworkShape Shape(int inputs, int classes) => new(inputs, Hidden, classes, Links);
}
