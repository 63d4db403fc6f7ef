using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb("plot", HelpText = "Redraw figures from the CSV files of runs and robustness sweeps, without recomputing anything.")]
[SubVerb("training", "Training curves (test accuracy and loss against epoch), runs grouped by method, mean ± std band.",
    Needs = "runs")]
[SubVerb("robustness", "The robustness figures (accuracy against perturbation level) from a robustness.csv.",
    Needs = "input")]
[Example("sparsegpu plot training --runs runs/rlr-s1 --runs runs/ch3l3-s1 --out training.png --threshold 0.97",
    "Training curves of two runs; mark where each method's mean first reaches 97%.")]
[Example("sparsegpu plot training --runs runs/rlr-s1 runs/rlr-s2 --svg", "Two runs of one method, with an SVG copy.")]
[Example("sparsegpu plot robustness --input sweep/robustness.csv --out figures/", "Every robustness figure into figures/.")]
[Example("sparsegpu plot robustness --input sweep/robustness.csv --dpi 192", "At twice the resolution, beside the CSV.")]
public sealed class PlotOptions : FigureSizeOptions
{
    [Value(0, MetaName = "sub-verb", HelpText = "training | robustness.")]
    public string Kind { get; set; } = "";

    [Option("runs", MetaValue = "DIR", HelpText = "Run directories (each with config.json and metrics.csv).")]
    [AppliesTo("training")]
    public IEnumerable<string> Runs { get; set; } = [];

    [Option("input", MetaValue = "FILE", HelpText = "A robustness.csv written by `sparsegpu robustness`.")]
    [AppliesTo("robustness")]
    public string? Input { get; set; }

    [Option("out", MetaValue = "PATH", HelpText = "training: the PNG to write; robustness: the directory for the figures.")]
    [DefaultText("training: training.png; robustness: the CSV's directory")]
    public string? Out { get; set; }

    [Option("threshold", MetaValue = "X", HelpText = "Mark the first epoch at which each method's mean test accuracy reaches this value (e.g. 0.97).")]
    [AppliesTo("training")]
    public double? Threshold { get; set; }
}
