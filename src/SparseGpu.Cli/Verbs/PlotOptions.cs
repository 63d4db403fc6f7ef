using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("plot", HelpText = "Redraw figures from CSV files: `plot training --runs DIR... --out FILE.png|.svg`, `plot robustness --input A.csv --input B.csv --out DIR`.")]
public sealed class PlotOptions : FigureSizeOptions
{
    [Value(0, MetaName = "kind", Required = true, HelpText = "training | robustness.")]
    public string Kind { get; set; } = "";

    [Option("runs", HelpText = "training: run directories (each with config.json and metrics.csv).")]
    public IEnumerable<string> Runs { get; set; } = [];

    [Option("input", HelpText = "robustness: robustness.csv files written by `sparsegpu robustness` (--input A --input B draws both).")]
    public IEnumerable<string> Input { get; set; } = [];

    [Option("out", HelpText = "training: the .png or .svg to write (a directory: DIR/training.png); robustness: the directory for the figures.")]
    public string? Out { get; set; }

    [Option("threshold", HelpText = "training: mark the first epoch at which each method's mean test accuracy reaches this value (e.g. 0.97).")]
    public double? Threshold { get; set; }
}
