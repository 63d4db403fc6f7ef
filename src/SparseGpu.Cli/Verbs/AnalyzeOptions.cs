using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("analyze", HelpText = "Structure of trained networks: degrees, hubs, weights, paths to the read-out, overlap between models, topology evolution.")]
public sealed class AnalyzeOptions : FigureSizeOptions
{
    [Option("model", HelpText = "Checkpoint(s): --model A.ckpt --model B.ckpt.")]
    public IEnumerable<string> Models { get; set; } = [];

    [Option("runs", HelpText = "Run directories: each one's model.ckpt, and its snapshots/ for evolution.csv.")]
    public IEnumerable<string> Runs { get; set; } = [];

    [Option("out", HelpText = "Output directory (default runs/analysis-TIME).")]
    public string? Out { get; set; }

    [Option("no-plots", HelpText = "Write the CSV files only.")]
    public bool NoPlots { get; set; }
}
