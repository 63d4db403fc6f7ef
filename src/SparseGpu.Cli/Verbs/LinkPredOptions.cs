using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb(
    "linkpred",
    HelpText = "Score the absent links of a bipartite graph (an edge list or a trained layer) with CH3-L3 or "
        + "another Cannistraci-Hebb predictor (--method) and write input,output,score rows, best first."
)]
[Example(
    "sparsegpu linkpred --edges layer.csv --top 3000 --out predicted.csv",
    "The 3,000 absent links with the highest CH3-L3 scores, into predicted.csv."
)]
[Example(
    "sparsegpu linkpred --edges layer.csv --inputs 784 --outputs 1000 --all",
    "Every absent link of a 784x1000 layer, those without a length-3 path scored 0, to standard output."
)]
[Example(
    "sparsegpu linkpred --model runs/a/model.ckpt --layer 2 --top 100",
    "The 100 best new links of a trained network's second sparse layer."
)]
public sealed class LinkPredOptions
{
    [Option(
        "edges",
        MetaValue = "FILE",
        HelpText = "CSV with a header whose first two columns are input,output (0-based ids); or give --model."
    )]
    public string? Edges { get; set; }

    [Option(
        "model",
        MetaValue = "FILE",
        HelpText = "A trained checkpoint instead of --edges: score the absent links of its sparse layer --layer."
    )]
    public string? Model { get; set; }

    [Option(
        "layer",
        MetaValue = "K",
        HelpText = "With --model: the sparse layer (1-based) whose absent links to score."
    )]
    public int? Layer { get; set; }

    [Option("inputs", MetaValue = "N", HelpText = "Number of input nodes.")]
    [DefaultText("largest input id + 1")]
    public int? Inputs { get; set; }

    [Option("outputs", MetaValue = "N", HelpText = "Number of output nodes.")]
    [DefaultText("largest output id + 1")]
    public int? Outputs { get; set; }

    [Option(
        "method",
        MetaValue = "NAME",
        Default = "ch3l3",
        HelpText = "ch3l3 (path-based CH3-L3), ch3l3n (node-based CH3-L3n), ch2l3 (path-based CH2-L3) or ch2l3n "
            + "(node-based CH2-L3n), as the Cannistraci-Hebb training code defines them."
    )]
    public string Method { get; set; } = "ch3l3";

    [Option("top", MetaValue = "K", HelpText = "Only the K best absent links.")]
    public int? Top { get; set; }

    [Option("all", HelpText = "Every absent link, those without a path scored 0 (without it: only positive scores).")]
    public bool All { get; set; }

    [SharedOption("out", HelpText = "Output CSV.", MetaValue = "FILE")]
    [DefaultText("standard output")]
    public string? Out { get; set; }

    [SharedOption("device"), DefaultText("cpu")]
    public string Device { get; set; } = "cpu";
}
