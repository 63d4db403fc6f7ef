using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("linkpred", HelpText = "Score the absent links of a bipartite graph (an edge list or a trained layer) with CH3-L3 and write input,output,score rows, best first.")]
public sealed class LinkPredOptions
{
    [Option("edges", HelpText = "CSV with a header whose first two columns are input,output (0-based ids).")]
    public string? Edges { get; set; }

    [Option("model", HelpText = "A trained checkpoint instead of --edges: score the absent links of its sparse layer --layer.")]
    public string? Model { get; set; }

    [Option("layer", HelpText = "With --model: the sparse layer (1-based) whose absent links to score.")]
    public int? Layer { get; set; }

    [Option("inputs", HelpText = "Number of input nodes (default: largest input id + 1).")]
    public int? Inputs { get; set; }

    [Option("outputs", HelpText = "Number of output nodes (default: largest output id + 1).")]
    public int? Outputs { get; set; }

    [Option("method", Default = "ch3l3", HelpText = "ch3l3 (exact, path-based CH3-L3).")]
    public string Method { get; set; } = "ch3l3";

    [Option("top", HelpText = "Only the K best absent links.")]
    public int? Top { get; set; }

    [Option("all", HelpText = "Every absent link, those without a path scored 0 (default: only positive scores).")]
    public bool All { get; set; }

    [Option("out", HelpText = "Output CSV (default: standard output).")]
    public string? Out { get; set; }

    [Option("device", Default = "cpu", HelpText = "auto | cuda | opencl | cpu | ilgpu-cpu.")]
    public string Device { get; set; } = "cpu";
}
