using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("export", HelpText = "Write a trained network as an edge list (CSV), GraphML (networkx, igraph, Gephi) or npz (numpy, scipy CSR).")]
public sealed class ExportOptions
{
    [Option("model", Required = true, HelpText = "Checkpoint file (model.ckpt of a run).")]
    public string Model { get; set; } = "";

    [Option("format", Required = true, HelpText = "edgelist | graphml | npz.")]
    public string Format { get; set; } = "";

    [Option("out", Required = true, HelpText = "Output file.")]
    public string Out { get; set; } = "";
}
