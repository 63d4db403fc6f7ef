using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb(
    "plot",
    HelpText = "Redraw figures from the CSV files of runs and robustness sweeps, without recomputing anything."
)]
[SubVerb(
    "training",
    "Training curves (test accuracy and loss against epoch), one file per data set, a series per method and "
        + "differing setting, mean ± std band.",
    Needs = "runs"
)]
[SubVerb(
    "robustness",
    "The robustness figures (accuracy against perturbation level) from one or more robustness.csv files.",
    Needs = "input"
)]
[Example(
    "sparsegpu plot training --runs runs/rlr-s1 --runs runs/ch3l3-s1 --out training.png --threshold 0.97",
    "Training curves of two runs; mark where each method's mean first reaches 97%."
)]
[Example(
    "sparsegpu plot training --runs runs/rlr-s1 runs/rlr-s2 --out training.svg",
    "Two runs of one method, as SVG."
)]
[Example(
    "sparsegpu plot robustness --input a/robustness.csv --input b/robustness.csv --out figures/",
    "Two sweeps drawn together, into figures/."
)]
[Example(
    "sparsegpu plot robustness --input sparse/robustness.csv --input dense/robustness.csv --out compare/ "
        + "--relative-to dense",
    "Every method's accuracy as a ratio to the dense models' at each level."
)]
[Example(
    "sparsegpu plot robustness --input sweep/robustness.csv --dpi 192",
    "At twice the resolution, beside the CSV."
)]
public sealed class PlotOptions : FigureSizeOptions
{
    [Value(0, MetaName = "sub-verb", HelpText = "training | robustness.")]
    public string Kind { get; set; } = "";

    [Option("runs", MetaValue = "DIR", HelpText = "Run directories (each with config.json and metrics.csv).")]
    [AppliesTo("training")]
    public IEnumerable<string> Runs { get; set; } = [];

    [Option(
        "input",
        MetaValue = "FILE",
        HelpText = "robustness.csv files written by `sparsegpu robustness` (--input A --input B draws both)."
    )]
    [AppliesTo("robustness")]
    public IEnumerable<string> Input { get; set; } = [];

    [Option(
        "relative-to",
        MetaValue = "METHOD",
        HelpText = "Divide each curve level by level by this baseline's mean accuracy (over its models "
            + "and repeats): a method of the inputs, or dense (the models whose sparse_density is 1 at level 0). "
            + "Writes robustness-PERTURBATION-relative-to-METHOD.png and its grid instead of the accuracy figures. "
            + "The baseline's models on a data set must share their settings but the seeds (robustness.json's)."
    )]
    [AppliesTo("robustness")]
    public string? RelativeTo { get; set; }

    [SharedOption(
        "out",
        HelpText = "training: the .png or .svg to write (a directory: DIR/training.png); robustness: the directory "
            + "for the figures.",
        MetaValue = "PATH"
    )]
    [DefaultText("training: training.png; robustness: the CSV's directory")]
    public string? Out { get; set; }

    [Option(
        "threshold",
        MetaValue = "X",
        HelpText = "Mark the first epoch at which each method's mean test accuracy reaches this value (e.g. 0.97)."
    )]
    [AppliesTo("training")]
    public double? Threshold { get; set; }
}
