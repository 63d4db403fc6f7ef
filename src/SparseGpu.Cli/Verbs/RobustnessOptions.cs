using CommandLine;
using SparseGpu.Cli.Arguments;
using SparseGpu.Robustness;
using SparseGpu.Robustness.Compensation;

namespace SparseGpu.Cli.Verbs;

[Verb(
    "robustness",
    HelpText = "Damage trained checkpoints at growing levels (link and neuron removal, weight shuffling, noise, "
        + "FGSM); write CSVs and figures."
)]
[Example(
    "sparsegpu robustness --model runs/a/model.ckpt --model runs/b/model.ckpt --out damage/",
    "Two trained models under the default perturbations; CSVs and figures in damage/."
)]
[Example(
    "sparsegpu robustness --model model.ckpt --perturbations reverse-weight-order,fgsm --levels 0:1:0.1 --repeats 5",
    "Two perturbations on a coarser grid."
)]
[Example(
    "sparsegpu robustness --model model.ckpt --perturbations random --prune-dead --rescale fan-in --finetune-epochs 1",
    "Random removal compensated: dead neurons pruned, weights rescaled, one epoch of fine-tuning per level."
)]
public sealed class RobustnessOptions : FigureSizeOptions
{
    [Option("model", MetaValue = "FILE", Required = true, HelpText = "Trained checkpoint(s).")]
    public IEnumerable<string> Models { get; set; } = [];

    [Option(
        "dataset",
        MetaValue = "NAME|PATH",
        HelpText = "Data set to test on (all models must agree): a catalogue name, or own data (a folder or .npz)."
    )]
    [DefaultText("the one the models were trained on")]
    public string? Dataset { get; set; }

    [Option("perturbations", MetaValue = "NAME,...", HelpText = "Comma list of {perturbations}.")]
    [DefaultText("{default-perturbations}")]
    public string? Perturbations { get; set; }

    [Option(
        "levels",
        MetaValue = "GRID",
        Default = "0:1:0.05",
        HelpText = "Levels for link removal and shuffling (fraction of links), neuron attacks (fraction of hidden "
            + "neurons) and noise (std / layer weight std): start:stop:step or a comma list."
    )]
    public string Levels { get; set; } = "0:1:0.05";

    [Option(
        "epsilons",
        MetaValue = "GRID",
        Default = "0:0.2:0.01",
        HelpText = "FGSM levels: epsilon on the [0,1] pixel scale."
    )]
    public string Epsilons { get; set; } = "0:0.2:0.01";

    [Option(
        "repeats",
        MetaValue = "N",
        Default = 10,
        HelpText = "Repetitions of the stochastic perturbations (random, shuffle, noise)."
    )]
    public int Repeats { get; set; }

    [Option(
        "scope",
        MetaValue = "SCOPE",
        Default = "sparse",
        HelpText = "sparse (each sparse layer) | all (also the dense read-out). Link and weight perturbations only: "
            + "neuron attacks remove hidden neurons and fgsm perturbs the inputs, so all with only those is an error."
    )]
    public string Scope { get; set; } = "sparse";

    [Option(
        "layers",
        MetaValue = "K,K,...",
        HelpText = "Perturb only these sparse layers (1-based comma list, e.g. 1 or 2,3) to find the weak layer: link "
            + "and weight perturbations and neuron attacks (fgsm perturbs the inputs; with only fgsm, an error)."
    )]
    [DefaultText("all sparse layers")]
    public string? Layers { get; set; }

    [Option(
        "neuron-scope",
        MetaValue = "SCOPE",
        Default = "per-layer",
        HelpText = "Neuron attacks: a level is a fraction of each hidden layer's neurons (per-layer) or of all hidden "
            + "neurons, ranked together (global)."
    )]
    public string NeuronScope { get; set; } = "per-layer";

    [Option(
        "order",
        MetaValue = "ORDER",
        Default = "per-layer",
        HelpText = "weight-order, reverse-weight-order: rank |w| within each perturbed layer (per-layer) or over all "
            + "of them at once (global; a level is then a fraction of all their links)."
    )]
    public string Order { get; set; } = "per-layer";

    [Option(
        "relative",
        HelpText = "Link removals (random, weight orders) step from level to level on the network as the previous "
            + "level left it, removing from the links that remain (re-ranked for the weight orders); the level stays "
            + "the fraction of the original links, fraction_of_remaining gives the step's share of the remaining."
    )]
    public bool Relative { get; set; }

    [Option("seed", MetaValue = "N", HelpText = "Seed of the repetitions.")]
    [DefaultText("each model's training seed")]
    public ulong? Seed { get; set; }

    [Option(
        "prune-dead",
        HelpText = "After each level, remove the hidden neurons left without inputs or outputs and their links "
            + "(until none is left); first of the compensation steps."
    )]
    public bool PruneDead { get; set; }

    [Option(
        "rescale",
        MetaValue = "MODE",
        Default = "none",
        HelpText = "After each level: none | fan-in (each neuron's surviving input weights times trained / "
            + "remaining fan-in) | variance (each hidden neuron's pre-activation mean and variance on training "
            + "images matched to the trained network's, layer by layer)."
    )]
    public string Rescale { get; set; } = "none";

    [Option(
        "calibration-images",
        MetaValue = "N",
        Default = CompensationSettings.DefaultCalibrationImages,
        HelpText = "Training images of --rescale variance's calibration batch (the same images at every level)."
    )]
    public int CalibrationImages { get; set; } = CompensationSettings.DefaultCalibrationImages;

    [Option(
        "finetune-steps",
        MetaValue = "N",
        HelpText = "After each level, N SGD steps on the model's training images with its batch size, momentum, "
            + "weight decay and final learning rate; removed links stay removed. Level 0 is fine-tuned too, so each "
            + "row compares with the tuned undamaged network; 0 changes nothing."
    )]
    [DefaultText("no fine-tuning")]
    public int? FinetuneSteps { get; set; }

    [Option(
        "finetune-epochs",
        MetaValue = "E",
        HelpText = "As --finetune-steps, E passes over the training images instead (not with --finetune-steps)."
    )]
    [DefaultText("no fine-tuning")]
    public int? FinetuneEpochs { get; set; }

    [Option(
        "measures",
        MetaValue = "LIST",
        Default = NetworkMeasureSets.DefaultName,
        HelpText = "Network measures added to each row: all | none | a comma list of largest-component, efficiency "
            + "(the weighted efficiency: one Dijkstra search per sampled node, several times the cost of the "
            + "evaluation), density. The pixels reaching the read-out, log10 paths and neurons without inputs are "
            + "always written; a measure left out is a blank column. Leaving out density with a dense model is an "
            + "error: summary.csv tells the dense model by it."
    )]
    public string Measures { get; set; } = NetworkMeasureSets.DefaultName;

    [SharedOption("out")]
    [DefaultText("runs/robustness-DATASET-TIME")]
    public string? Out { get; set; }

    [Option("no-plots", HelpText = "Write the CSV files only.")]
    public bool NoPlots { get; set; }

    [SharedOption("device")]
    public string Device { get; set; } = "auto";

    [SharedOption("threads")]
    public int Threads { get; set; }

    [SharedOption("data-dir")]
    public string? DataDir { get; set; }

    [SharedOption("no-download")]
    public bool NoDownload { get; set; }

    [SharedOption("quiet")]
    public bool Quiet { get; set; }

    [SharedOption("progress-every")]
    public double? ProgressEvery { get; set; }
}
