using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb(
    "analyze",
    HelpText = "Structure of trained networks: degrees, hubs, weights, paths to the read-out, overlap between "
        + "models, topology evolution."
)]
[Example(
    "sparsegpu analyze --model runs/rlr/model.ckpt --model runs/ch3l3/model.ckpt --out structure/",
    "Structure tables and figures of two trained networks."
)]
[Example(
    "sparsegpu analyze --runs runs/rlr-s1 --runs runs/ch3l3-s1 --no-plots",
    "The runs' models and, from their snapshots, evolution.csv; tables only."
)]
public sealed class AnalyzeOptions : FigureSizeOptions
{
    [Option("model", MetaValue = "FILE", HelpText = "Checkpoint(s): --model A.ckpt --model B.ckpt.")]
    public IEnumerable<string> Models { get; set; } = [];

    [Option(
        "runs",
        MetaValue = "DIR",
        HelpText = "Run directories: each one's model.ckpt, and its snapshots/ for evolution.csv."
    )]
    public IEnumerable<string> Runs { get; set; } = [];

    [SharedOption("out")]
    [DefaultText("runs/analysis-TIME")]
    public string? Out { get; set; }

    [Option(
        "activity",
        HelpText = "Also run each model over its data set's test images and count the functionally dead units "
            + "(hidden neurons never active) per layer; needs the data set."
    )]
    public bool Activity { get; set; }

    [SharedOption("data-dir")]
    public string? DataDir { get; set; }

    [SharedOption("no-download")]
    public bool NoDownload { get; set; }

    [Option("no-plots", HelpText = "Write the CSV files only.")]
    public bool NoPlots { get; set; }
}
