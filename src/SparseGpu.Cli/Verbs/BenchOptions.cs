using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb(
    "bench",
    HelpText = "Measure training speed: samples/s, seconds per epoch and per topology update, per-operation times, "
        + "width scaling."
)]
[Example("sparsegpu bench --device cuda --batch-size 256", "Training speed on the GPU at batch 256.")]
[Example(
    "sparsegpu bench --suite linkpred --sizes 1000,10000",
    "CH3-L3 scoring of square layers of 1,000 and 10,000 neurons."
)]
[Example(
    "sparsegpu bench --pack 1,4,16,32 --device cuda",
    "1, 4, 16 and 32 default networks trained in the same kernel launches: samples/s per network and in all."
)]
[Example(
    "sparsegpu bench --suite linkpred --sizes 1000 --predictors ch3l3,ch3l3n,ch2l3,ch2l3n",
    "Every Cannistraci-Hebb predictor on a 1000 x 1000 layer at 1% density."
)]
[Example(
    "sparsegpu bench --suite rigl --rounds 9",
    "RigL's gradient pass of the default network over one batch against training that batch, 9 rounds."
)]
[Example(
    "sparsegpu bench --widths 1000,10000,100000,333333 --fan-in 10 --epoch-samples 2000",
    "Throughput per link, memory and topology-update time up to a million hidden neurons, each pass against this "
        + "machine's bound."
)]
public sealed class BenchOptions
{
    [Option(
        "suite",
        MetaValue = "NAME",
        Default = "training",
        HelpText = "training | linkpred (link-predictor scoring of square layers of growing size) | rigl (RigL's "
            + "gradient pass against training the same batch window, and one RigL, RLR and CH3-L3 update)."
    )]
    public string Suite { get; set; } = "training";

    [Option(
        "predictors",
        MetaValue = "NAME,NAME,...",
        Default = "ch3l3",
        HelpText = "linkpred: the predictors to time, each over every size: ch3l3, ch3l3n, ch2l3, ch2l3n "
            + "(linkpred --method)."
    )]
    public string Predictors { get; set; } = "ch3l3";

    [Option(
        "sizes",
        MetaValue = "N,N,...",
        Default = "1000,3000,10000,30000,100000",
        HelpText = "linkpred: layer sizes (inputs = outputs), 10 links per neuron."
    )]
    public string Sizes { get; set; } = "1000,3000,10000,30000,100000";

    [Option("rigl-batches", MetaValue = "N", HelpText = "rigl: the batches of the window, as train --rigl-batches.")]
    [DefaultText("1")]
    public int? RiglBatches { get; set; }

    [Option(
        "rounds",
        MetaValue = "N",
        HelpText = "rigl: rounds, each a window trained and then its gradients summed; the medians count."
    )]
    [DefaultText("5")]
    public int? Rounds { get; set; }

    [SharedOption("device")]
    public string Device { get; set; } = "auto";

    [Option("batch-size", MetaValue = "N", Default = 32, HelpText = "Mini-batch size.")]
    [DeprecatedAlias("batch")]
    public int BatchSize { get; set; }

    [Option(
        "widths",
        MetaValue = "N,N,...",
        Default = "1000,2000,4000,8000",
        HelpText = "Hidden widths for the scaling table (links per neuron fixed)."
    )]
    public string Widths { get; set; } = "1000,2000,4000,8000";

    [Option(
        "fan-in",
        MetaValue = "K",
        Default = 10.0,
        HelpText = "Links per neuron of every sparse layer in the scaling table."
    )]
    public double FanIn { get; set; } = 10;

    [Option("no-ch3l3", HelpText = "Skip timing a CH3-L3 topology update per width in the scaling table.")]
    public bool NoCh3L3 { get; set; }

    [Option(
        "figure",
        MetaValue = "FILE",
        HelpText = "Also draw the width scaling (throughput per link, bound, memory against width) to this .png or "
            + ".svg, with its numbers in a .csv beside it."
    )]
    public string? Figure { get; set; }

    [Option(
        "scaling-samples",
        MetaValue = "N",
        Default = 60000,
        HelpText = "Scaling table: at most this many samples per timing window (three windows per width, the best "
            + "one counts; a window also ends after a second)."
    )]
    public int ScalingSamples { get; set; }

    [Option(
        "pack",
        MetaValue = "K,K,...",
        HelpText = "Instead of the single-network measurements: for each K, K networks of the timed shape (seeds "
            + "1..K) each train --epoch-samples samples, packed into the same kernel launches on an ILGPU device "
            + "(one after another on the fast CPU path, as a packed sweep runs there); samples/s per network and in "
            + "all."
    )]
    public string? Pack { get; set; }

    [Option("hidden", MetaValue = "N,N,...", HelpText = "Hidden widths of the timed network, comma-separated.")]
    [DefaultText("the default network's")]
    public string? Hidden { get; set; }

    [Option(
        "epoch-samples",
        MetaValue = "N",
        Default = 0,
        HelpText = "Samples in the timed epoch (0: the whole training set)."
    )]
    public int EpochSamples { get; set; }

    [SharedOption("threads")]
    public int Threads { get; set; }

    [SharedOption("data-dir", HelpText = "Data directory holding mnist/ (random images are used when it is absent).")]
    public string? DataDir { get; set; }
}
