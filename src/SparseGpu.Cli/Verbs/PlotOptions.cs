using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("plot", HelpText = "Redraw figures from CSV files: `plot training --runs DIR... --out FILE.png`, `plot robustness --input robustness.csv --out DIR`.")]
public sealed class PlotOptions : FigureSizeOptions
{
    [Value(0, MetaName = "kind", Required = true, HelpText = "training | robustness.")]
    public string Kind { get; set; } = "";

    [Option("runs", HelpText = "training: run directories (each with config.json and metrics.csv).")]
    public IEnumerable<string> Runs { get; set; } = [];

    [Option("input", HelpText = "robustness: a robustness.csv written by `sparsegpu robustness`.")]
    public string? Input { get; set; }

    [Option("out", HelpText = "training: the PNG to write; robustness: the directory for the PNGs.")]
    public string? Out { get; set; }

    [Option("threshold", HelpText = "training: mark the first epoch at which each method's mean test accuracy reaches this value (e.g. 0.97).")]
    public double? Threshold { get; set; }
}
