using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb(
    "export",
    HelpText = "Write a trained network as an edge list (CSV), GraphML (networkx, igraph, Gephi) or npz (numpy, "
        + "scipy CSR)."
)]
[Example(
    "sparsegpu export --model runs/a/model.ckpt --format graphml --out a.graphml",
    "For networkx, igraph or Gephi."
)]
[Example("sparsegpu export --model runs/a/model.ckpt --format npz --out a.npz", "For numpy: np.load(\"a.npz\").")]
public sealed class ExportOptions
{
    [Option("model", MetaValue = "FILE", Required = true, HelpText = "Checkpoint file (model.ckpt of a run).")]
    public string Model { get; set; } = "";

    [Option("format", MetaValue = "NAME", Required = true, HelpText = "edgelist | graphml | npz.")]
    public string Format { get; set; } = "";

    [SharedOption("out", HelpText = "Output file.", MetaValue = "FILE", Required = true)]
    public string Out { get; set; } = "";
}
