using System.Globalization;
using SparseGpu.Data;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Training;

/// <summary>
/// Every training setting, in the order help lists them. Overrides (<see cref="TrainingOverrides"/>), resume rules,
/// validation (<see cref="TrainingSettings.Validate"/>), the spec's `training` keys, the `train` command line,
/// checkpoint headers and config.json read this list; a new setting is one entry here, its property in
/// <see cref="TrainingSettings"/>, and the code that uses it. A setting added after the first release says
/// <c>DefaultEntersRunId = false</c>, so its default leaves existing run ids, sweep folders and checkpoints as they
/// were.
/// </summary>
public static class TrainingSettingCatalog
{
    public static readonly TrainingSetting<string> Dataset = new(
        "dataset",
        nameof(TrainingSettings.Dataset),
        "NAME|PATH",
        "mnist | fashion-mnist | kmnist | emnist-letters, or own data: a folder of IDX files or an .npz of x_train, "
            + "y_train, x_test, y_test.",
        s => s.Dataset,
        (s, v) => s with { Dataset = (string)v! }
    )
    {
        DefaultText = "mnist",
        SpecList = "datasets",
        // A path is kept as its full path (letter case and all): it is the run's record of where its data was.
        Normalizer = v => OwnDataset.IsPath(v) ? Path.GetFullPath(v) : v.ToLowerInvariant(),
        // A path is checked when its data is loaded: a checkpoint of own data stays readable after the data moved.
        Rule = v => OwnDataset.IsPath(v) ? null : Passes(() => DatasetCatalog.Get(v)),
    };

    public static readonly TrainingSetting<string> DatasetSha256 = new(
        "dataset-sha256",
        nameof(TrainingSettings.DatasetSha256),
        "HEX",
        "Own data only: the SHA-256 of its images and labels. Train records it; given, the data must match it.",
        s => s.DatasetSha256,
        (s, v) => s with { DatasetSha256 = (string?)v }
    )
    {
        Normalizer = v => v.ToLowerInvariant(),
        Rule = v => v.Length == 64 && v.All(char.IsAsciiHexDigit) ? null : $" must be 64 hexadecimal digits, got '{v}'",
        // Added after the first release; a checkpoint that stores it is of data an older program cannot load.
        DefaultEntersRunId = false,
        CheckpointVersion = 3,
    };

    public static readonly TrainingSetting<int[]> Hidden = new(
        "hidden",
        nameof(TrainingSettings.Hidden),
        "N,N,...",
        "Hidden layer widths, comma-separated.",
        s => s.Hidden,
        (s, v) => s with { Hidden = (int[])v! }
    )
    {
        DefaultText = "1000,1000,1000",
        Parser = text => IntList.Parse(text, "hidden"),
        // The widths and the links together make the shape: checked once both are known.
        WholeCheck = s => new NetworkShape(784, s.Hidden, 10, s.Links).Validate(),
    };

    public static readonly TrainingSetting<Densities> Density = new(
        "density",
        nameof(TrainingSettings.Density),
        "X[,X...]",
        "Fraction of possible links kept per sparse layer, in (0, 1]: one value for all, or one per layer.",
        s => s.Density,
        (s, v) => s with { Density = (Densities?)v }
    )
    {
        DefaultText = "0.01",
        Parser = text => Densities.Parse(text, "--density"),
        Excludes = "fan-in",
        AbsentText = "(none: the run sets links by --fan-in)",
    };

    public static readonly TrainingSetting<double> FanIn = new(
        "fan-in",
        nameof(TrainingSettings.FanIn),
        "K",
        "Instead of --density: each sparse layer keeps ⌊K·n_out⌋ links, K per neuron whatever the width.",
        s => s.FanIn,
        (s, v) => s with { FanIn = (double?)v }
    )
    {
        Excludes = "density",
        AbsentText = "(none: the run sets links by --density)",
        // Added after the first release: settings without it keep the hash they had before it existed.
        DefaultEntersRunId = false,
    };

    public static readonly TrainingSetting<string> Init = new(
        "init",
        nameof(TrainingSettings.Init),
        "NAME",
        "The sparse layers' first links, each layer at its exact --density or --fan-in: "
            + InitialTopologies.Help
            + ".",
        s => s.Init,
        (s, v) => s with { Init = (string)v! }
    )
    {
        DefaultText = InitialTopologies.ErdosRenyi,
        Normalizer = v => v.ToLowerInvariant(),
        Rule = InitialTopologies.Problem,
        WholeCheck = InitialTopologies.CheckBeta,
        // Added after the first release: er, run ids, sweep folders, config.json and checkpoints stay as they were.
        DefaultEntersRunId = false,
        CheckpointVersion = 6,
    };

    public static readonly TrainingSetting<double> WsBeta = new(
        "ws-beta",
        nameof(TrainingSettings.WsBeta),
        "B",
        "--init ws: the probability, in [0, 1], that each lattice link is rewired to a uniformly random absent link "
            + "(0: the ring lattice, 1: uniformly random links).",
        s => s.WsBeta,
        (s, v) => s with { WsBeta = (double?)v }
    )
    {
        AbsentText = "(none)",
        Rule = v =>
            v >= 0 && v <= 1 ? null : $" must be in [0, 1], got {v.ToString("R", CultureInfo.InvariantCulture)}",
        DefaultEntersRunId = false,
        CheckpointVersion = 6,
    };

    public static readonly TrainingSetting<int> Epochs = new(
        "epochs",
        nameof(TrainingSettings.Epochs),
        "N",
        "Total epochs; with --resume, the new total.",
        s => s.Epochs,
        (s, v) => s with { Epochs = (int)v! }
    )
    {
        DefaultText = "10",
        ResumeMayChange = true,
        Rule = v => v > 0 ? null : $" must be positive, got {v}",
    };

    public static readonly TrainingSetting<int> BatchSize = new(
        "batch-size",
        nameof(TrainingSettings.BatchSize),
        "N",
        "Mini-batch size.",
        s => s.BatchSize,
        (s, v) => s with { BatchSize = (int)v! }
    )
    {
        DefaultText = "32",
        DeprecatedAlias = "batch",
        Rule = v => v > 0 ? null : $" must be positive, got {v}",
    };

    public static readonly TrainingSetting<double> LearningRate = new(
        "learning-rate",
        nameof(TrainingSettings.LearningRate),
        "X",
        "Initial learning rate, decaying linearly to 1% over the first 90% of epochs.",
        s => s.LearningRate,
        (s, v) => s with { LearningRate = (double)v! }
    )
    {
        DefaultText = "0.025",
        DeprecatedAlias = "lr",
        Rule = v => v > 0 && !double.IsInfinity(v) ? null : $" must be positive, got {v}",
    };

    public static readonly TrainingSetting<string> LrSchedule = new(
        "lr-schedule",
        nameof(TrainingSettings.LrSchedule),
        "NAME",
        "The learning rate's decay: linear (to 1% over the first 90% of epochs) | cosine (annealing to the same 1% "
            + "over the same epochs) | constant (none).",
        s => s.LrSchedule,
        (s, v) => s with { LrSchedule = (string)v! }
    )
    {
        DefaultText = LearningRateSchedule.Linear,
        Normalizer = v => v.ToLowerInvariant(),
        Rule = LearningRateSchedule.Problem,
        DefaultEntersRunId = false,
        CheckpointVersion = 2,
    };

    public static readonly TrainingSetting<double> Momentum = new(
        "momentum",
        nameof(TrainingSettings.Momentum),
        "X",
        "SGD momentum, in [0, 1).",
        s => s.Momentum,
        (s, v) => s with { Momentum = (double)v! }
    )
    {
        DefaultText = "0.9",
        Rule = v => v >= 0 && v < 1 ? null : $" must be in [0, 1), got {v}",
    };

    public static readonly TrainingSetting<double> WeightDecay = new(
        "weight-decay",
        nameof(TrainingSettings.WeightDecay),
        "X",
        "L2 weight decay.",
        s => s.WeightDecay,
        (s, v) => s with { WeightDecay = (double)v! }
    )
    {
        DefaultText = "5e-4",
        Rule = v => v >= 0 && !double.IsInfinity(v) ? null : $" must be non-negative, got {v}",
    };

    public static readonly TrainingSetting<double> Dropout = new(
        "dropout",
        nameof(TrainingSettings.Dropout),
        "P",
        "Inverted dropout on the hidden units while training, in [0, 1): each unit of each sample is dropped with "
            + "probability P and a kept one scaled by 1/(1-P); evaluation, topology updates and robustness never "
            + "drop. The masks follow from the seed, epoch, position in the epoch, layer and neuron only. 0: off.",
        s => s.Dropout,
        (s, v) => s with { Dropout = (double)v! }
    )
    {
        DefaultText = "0",
        Rule = v => v >= 0 && v < 1 ? null : $" must be in [0, 1), got {v}",
        // Added after the first release: off, run ids, sweep folders, config.json and checkpoints stay as they were;
        // on, a checkpoint an older program would resume without dropout is one it refuses. Version 5: 4 is the
        // imp settings', which a program that knows them but not dropout would read.
        DefaultEntersRunId = false,
        CheckpointVersion = 5,
    };

    public static readonly TrainingSetting<double> Zeta = new(
        "zeta",
        nameof(TrainingSettings.Zeta),
        "X",
        "Fraction of links removed and regrown per update, in [0, 1).",
        s => s.Zeta,
        (s, v) => s with { Zeta = (double)v! }
    )
    {
        DefaultText = "0.3",
        Rule = v => Passes(() => TopologyEditor.RemovalCount(0, v)),
    };

    public static readonly TrainingSetting<int> UpdateInterval = new(
        "update-interval",
        nameof(TrainingSettings.UpdateInterval),
        "N",
        "Epochs between topology updates.",
        s => s.UpdateInterval,
        (s, v) => s with { UpdateInterval = (int)v! }
    )
    {
        DefaultText = "1",
        Rule = v => v > 0 ? null : $" must be positive, got {v}",
    };

    public static readonly TrainingSetting<string> Method = new(
        "method",
        nameof(TrainingSettings.Regrowth),
        "NAME",
        "Topology method: " + TopologyMethods.Help + ". The spec's `methods`.",
        s => s.Regrowth,
        (s, v) => s with { Regrowth = (string)v! }
    )
    {
        DefaultText = "rlr",
        DeprecatedAlias = "regrowth",
        SpecList = "methods",
        Normalizer = v => v.ToLowerInvariant(),
        Rule = v => Passes(() => TopologyMethods.Get(v)),
    };

    public static readonly TrainingSetting<double> SetZeta = new(
        "set-zeta",
        nameof(TrainingSettings.SetZeta),
        "X",
        "--method set: SET's ζ, in (0, 1): each update removes this fraction of a layer's non-negative weights (the "
            + "smallest) and, by a threshold of their own, this fraction of its negative weights (those nearest "
            + "zero); absent: --zeta.",
        s => s.SetZeta,
        (s, v) => s with { SetZeta = (double?)v }
    )
    {
        AbsentText = "(none: --zeta)",
        Rule = v => v > 0 && v < 1 ? null : $" must be in (0, 1), got {v.ToString("R", CultureInfo.InvariantCulture)}",
        WholeCheck = s =>
        {
            if (
                s.SetZeta is not null
                && !string.Equals(s.Regrowth, SetMethod.MethodName, StringComparison.OrdinalIgnoreCase)
            )
                throw new InvalidSettingException(
                    "set-zeta",
                    $" applies to --method set only; --method {s.Regrowth} removes by --zeta"
                );
        },
        DefaultEntersRunId = false,
        CheckpointVersion = 5,
    };

    /// <summary>RigL's ΔT, T_end and window are counted in epochs and batches: this trainer edits the topology
    /// between epochs, where the paper counts training steps.</summary>
    public static readonly TrainingSetting<double> RiglAlpha = new(
        "rigl-alpha",
        nameof(TrainingSettings.RiglAlpha),
        "X",
        "--method rigl: RigL's α, in (0, 1): the update before epoch t replaces α/2·(1 + cos(π·t/T_end)) of each "
            + "layer's links; absent: --zeta.",
        s => s.RiglAlpha,
        (s, v) => s with { RiglAlpha = (double?)v }
    )
    {
        AbsentText = "(none: --zeta)",
        Rule = v => v > 0 && v < 1 ? null : $" must be in (0, 1), got {v.ToString("R", CultureInfo.InvariantCulture)}",
        WholeCheck = s => RiglOnly(s, "rigl-alpha", s.RiglAlpha),
        DefaultEntersRunId = false,
        CheckpointVersion = 6,
    };

    public static readonly TrainingSetting<int> RiglDeltaT = new(
        "rigl-delta-t",
        nameof(TrainingSettings.RiglDeltaT),
        "N",
        "--method rigl: RigL's ΔT, the epochs between updates (the paper counts training steps; this trainer edits "
            + "the topology between epochs); absent: --update-interval.",
        s => s.RiglDeltaT,
        (s, v) => s with { RiglDeltaT = (int?)v }
    )
    {
        AbsentText = "(none: --update-interval)",
        Rule = v => v > 0 ? null : $" must be a positive number of epochs, got {v}",
        WholeCheck = s => RiglOnly(s, "rigl-delta-t", s.RiglDeltaT),
        DefaultEntersRunId = false,
        CheckpointVersion = 6,
    };

    public static readonly TrainingSetting<int> RiglTEnd = new(
        "rigl-t-end",
        nameof(TrainingSettings.RiglTEnd),
        "N",
        "--method rigl: RigL's T_end, in epochs: the update fraction decays to 0 there and no update precedes epoch "
            + "T_end or later; absent: 3/4 of --epochs rounded down, the paper's 75% (a run extended with --resume "
            + "then stretches its schedule; give it to keep one).",
        s => s.RiglTEnd,
        (s, v) => s with { RiglTEnd = (int?)v }
    )
    {
        AbsentText = "(none: 3/4 of --epochs)",
        Rule = v => v > 0 ? null : $" must be a positive epoch, got {v}",
        WholeCheck = s => RiglOnly(s, "rigl-t-end", s.RiglTEnd),
        DefaultEntersRunId = false,
        CheckpointVersion = 6,
    };

    public static readonly TrainingSetting<int> RiglBatches = new(
        "rigl-batches",
        nameof(TrainingSettings.RiglBatches),
        "N",
        "--method rigl: the training batches (of --batch-size, the first of the epoch the update precedes, without "
            + "dropout) whose gradients each update sums to rank the absent links; absent: 1, the paper's current "
            + "mini-batch.",
        s => s.RiglBatches,
        (s, v) => s with { RiglBatches = (int?)v }
    )
    {
        AbsentText = "(none: 1)",
        Rule = v => v > 0 ? null : $" must be a positive number of batches, got {v}",
        WholeCheck = s => RiglOnly(s, "rigl-batches", s.RiglBatches),
        DefaultEntersRunId = false,
        CheckpointVersion = 6,
    };

    public static readonly TrainingSetting<string> Predictor = new(
        "predictor",
        nameof(TrainingSettings.Predictor),
        "NAME",
        "--method chts: the link predictor whose scores regrowth samples in proportion to: "
            + string.Join(" | ", LinkPredictionMethods.Names)
            + " (as linkpred --method); absent: "
            + ChtsMethod.DefaultPredictor
            + ". A layer with fewer absent links of positive score than it regrows takes them all and draws the "
            + "rest uniformly at random (metrics.csv counts them in regrown_random_k).",
        s => s.Predictor,
        (s, v) => s with { Predictor = (string?)v }
    )
    {
        AbsentText = $"(none: {ChtsMethod.DefaultPredictor})",
        Normalizer = v => v.ToLowerInvariant(),
        Rule = v =>
            LinkPredictionMethods.Names.Contains(v)
                ? null
                : $" '{v}' is not valid; valid: {string.Join(", ", LinkPredictionMethods.Names)}",
        WholeCheck = s =>
        {
            if (
                s.Predictor is not null
                && !string.Equals(s.Regrowth, ChtsMethod.MethodName, StringComparison.OrdinalIgnoreCase)
            )
                throw new InvalidSettingException(
                    "predictor",
                    $" applies to --method chts only; --method {s.Regrowth} does not sample by a predictor's scores"
                );
        },
        DefaultEntersRunId = false,
        CheckpointVersion = 6,
    };

    public static readonly TrainingSetting<bool> ChainRemoval = new(
        "chain-removal",
        nameof(TrainingSettings.ChainRemoval),
        "",
        "After each update's removal, also remove the links of hidden neurons left without inputs or without "
            + "outputs, repeatedly until none is left (as the Cannistraci-Hebb training code does); regrowth then adds "
            + "as many links as each layer lost, so every layer stays at its density. Any method that evolves the "
            + "topology.",
        s => s.ChainRemoval,
        (s, v) => s with { ChainRemoval = (bool)v! }
    )
    {
        DefaultText = "off",
        WholeCheck = s =>
        {
            if (s.ChainRemoval && TopologyMethods.Find(s.Regrowth) is { EvolvesTopology: false } fixedTopology)
                throw new InvalidSettingException(
                    "chain-removal",
                    $" needs a method that evolves the topology; --method {fixedTopology.Name} does not"
                );
        },
        DefaultEntersRunId = false,
        CheckpointVersion = 5,
    };

    public static readonly TrainingSetting<double> ImpRate = new(
        "imp-rate",
        nameof(TrainingSettings.ImpRate),
        "X",
        "--method imp: each round prunes this fraction of the remaining links of every sparse layer (smallest |w|), "
            + "in (0, 1); the last round prunes exactly to --density.",
        s => s.ImpRate,
        (s, v) => s with { ImpRate = (double)v! }
    )
    {
        DefaultText = "0.2",
        Rule = v => v > 0 && v < 1 ? null : $" must be in (0, 1), got {v.ToString("R", CultureInfo.InvariantCulture)}",
        DefaultEntersRunId = false,
        CheckpointVersion = 4,
    };

    public static readonly TrainingSetting<string> ImpRewind = new(
        "imp-rewind",
        nameof(TrainingSettings.ImpRewind),
        "init|K",
        "--method imp: after each prune, rewind the surviving weights (and all biases) to the initial ones, or to "
            + "those after epoch K of the first training, which then goes on from its epoch K.",
        s => s.ImpRewind,
        (s, v) => s with { ImpRewind = (string)v! }
    )
    {
        DefaultText = IterativeMagnitudePruning.RewindToInit,
        // "0" is the initial network too; one spelling keeps one run id.
        Normalizer = v =>
        {
            string text = v.Trim().ToLowerInvariant();
            return text == "0" ? IterativeMagnitudePruning.RewindToInit : text;
        },
        Rule = v =>
            v == IterativeMagnitudePruning.RewindToInit
            || (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k > 0)
                ? null
                : $" must be init or a positive epoch, got '{v}'",
        DefaultEntersRunId = false,
        CheckpointVersion = 4,
    };

    public static readonly TrainingSetting<int> ImpRoundEpochs = new(
        "imp-round-epochs",
        nameof(TrainingSettings.ImpRoundEpochs),
        "N",
        "--method imp: the epochs of each retraining round (less K with --imp-rewind K); 0: --epochs.",
        s => s.ImpRoundEpochs,
        (s, v) => s with { ImpRoundEpochs = (int)v! }
    )
    {
        DefaultText = "0",
        Rule = v => v >= 0 ? null : $" must be 0 (--epochs) or positive, got {v}",
        DefaultEntersRunId = false,
        CheckpointVersion = 4,
    };

    public static readonly TrainingSetting<double> ImpStartDensity = new(
        "imp-start-density",
        nameof(TrainingSettings.ImpStartDensity),
        "X",
        "--method imp: the density of every sparse layer before the first prune, in (0, 1] (1: dense), above "
            + "--density.",
        s => s.ImpStartDensity,
        (s, v) => s with { ImpStartDensity = (double)v! }
    )
    {
        DefaultText = "1",
        Rule = v => v > 0 && v <= 1 ? null : $" must be in (0, 1], got {v.ToString("R", CultureInfo.InvariantCulture)}",
        WholeCheck = s => IterativeMagnitudePruning.Check(s, [ImpRate, ImpRewind, ImpRoundEpochs, ImpStartDensity!]),
        DefaultEntersRunId = false,
        CheckpointVersion = 4,
    };

    public static readonly TrainingSetting<ulong> Seed = new(
        "seed",
        nameof(TrainingSettings.Seed),
        "N",
        "Seed of every random choice.",
        s => s.Seed,
        (s, v) => s with { Seed = (ulong)v! }
    )
    {
        DefaultText = "1",
        SpecList = "seeds",
    };

    public static readonly TrainingSetting<int> TrainLimit = new(
        "train-limit",
        nameof(TrainingSettings.TrainLimit),
        "N",
        "Train on the first N training images only.",
        s => s.TrainLimit,
        (s, v) => s with { TrainLimit = (int)v! }
    )
    {
        DefaultText = "all",
        Rule = v => v >= 0 ? null : $" must be positive, got {v}",
    };

    public static readonly TrainingSetting<double> Validation = new(
        "validation",
        nameof(TrainingSettings.Validation),
        "N|X",
        "Hold out the last N images of the training set (after --train-limit), or that fraction of it for X in "
            + "(0, 1), as a validation set: evaluated every epoch, metrics.csv gains validation_loss and "
            + "validation_accuracy, and best.ckpt keeps the epoch with the best validation accuracy. 0: off.",
        s => s.Validation,
        (s, v) => s with { Validation = (double)v! }
    )
    {
        DefaultText = "0",
        Rule = Data.ValidationSplit.Problem,
        // Added after the first release: off, run ids, sweep folders, config.json and checkpoints stay as they were.
        DefaultEntersRunId = false,
        CheckpointVersion = 3,
    };

    /// <summary>Every setting, in help's order.</summary>
    public static IReadOnlyList<TrainingSetting> All { get; } =
    [
        Dataset,
        DatasetSha256,
        Hidden,
        Density,
        FanIn,
        Init,
        WsBeta,
        Epochs,
        BatchSize,
        LearningRate,
        LrSchedule,
        Momentum,
        WeightDecay,
        Dropout,
        Zeta,
        UpdateInterval,
        Method,
        SetZeta,
        RiglAlpha,
        RiglDeltaT,
        RiglTEnd,
        RiglBatches,
        Predictor,
        ChainRemoval,
        ImpRate,
        ImpRewind,
        ImpRoundEpochs,
        ImpStartDensity,
        Seed,
        TrainLimit,
        Validation,
    ];

    /// <summary>The setting with this option name (without dashes), or null.</summary>
    public static TrainingSetting? ByOption(string option) => All.FirstOrDefault(s => s.Option == option);

    /// <summary>The setting with this spec key ("update_interval"), or null.</summary>
    public static TrainingSetting? BySpecKey(string key) => All.FirstOrDefault(s => s.SpecKey == key);

    /// <summary>The setting held by this <see cref="TrainingSettings"/> property, or null.</summary>
    public static TrainingSetting? ByProperty(string property) => All.FirstOrDefault(s => s.Property == property);

    /// <summary>"--epochs" (or "--epochs, --x"): the options a resumed run may change.</summary>
    public static string ResumableOptions =>
        string.Join(", ", All.Where(s => s.ResumeMayChange).Select(s => "--" + s.Option));

    /// <summary>Refuses a RigL hyper-parameter given with another method, which would ignore it.</summary>
    private static void RiglOnly(TrainingSettings s, string option, object? value)
    {
        if (value is not null && !string.Equals(s.Regrowth, RiglMethod.MethodName, StringComparison.OrdinalIgnoreCase))
            throw new InvalidSettingException(option, $" applies to --method rigl only, not --method {s.Regrowth}");
    }

    /// <summary>A rule for a check that throws its own <see cref="InvalidSettingException"/>: null once it
    /// passes.</summary>
    private static string? Passes(Func<object> check)
    {
        check();
        return null;
    }
}
