using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

/// <summary>Options of `sparsegpu train`. Training settings are nullable: null means "not given", so a resumed run
/// can tell a conflicting option from a default.</summary>
[Verb(
    "train",
    HelpText = "Train a sparse network with adaptive topology (default: MNIST, 784-1000-1000-1000-10 at 1% "
        + "density, RLR, 10 epochs)."
)]
[Example(
    "sparsegpu train --dataset fashion-mnist --epochs 30 --seed 3 --out runs/fashion-s3",
    "Train on Fashion-MNIST for 30 epochs with seed 3 into runs/fashion-s3/."
)]
[Example(
    "sparsegpu train --method ch3l3 --train-limit 10000 --epochs 2 --device cpu",
    "A quick run that regrows links where CH3-L3 predicts them, on the CPU path."
)]
[Example(
    "sparsegpu train --resume runs/fashion-s3/model.ckpt --epochs 40",
    "Continue a run (interrupted or finished) to 40 epochs in total."
)]
public sealed class TrainOptions
{
    [Option("dataset", MetaValue = "NAME", HelpText = "mnist | fashion-mnist | kmnist | emnist-letters.")]
    [DefaultText("mnist")]
    public string? Dataset { get; set; }

    [Option("hidden", MetaValue = "N,N,...", HelpText = "Hidden layer widths, comma-separated.")]
    [DefaultText("1000,1000,1000")]
    public string? Hidden { get; set; }

    [Option(
        "density",
        MetaValue = "X[,X...]",
        HelpText = "Fraction of possible links kept per sparse layer, in (0, 1]: one value for all, or one per layer."
    )]
    [DefaultText("0.01")]
    public string? Density { get; set; }

    [Option(
        "fan-in",
        MetaValue = "K",
        HelpText = "Instead of --density: each sparse layer keeps ⌊K·n_out⌋ links, K per neuron whatever the width."
    )]
    public double? FanIn { get; set; }

    [Option("epochs", MetaValue = "N", HelpText = "Total epochs; with --resume, the new total.")]
    [DefaultText("10")]
    public int? Epochs { get; set; }

    [Option("batch-size", MetaValue = "N", HelpText = "Mini-batch size.")]
    [DefaultText("32"), DeprecatedAlias("batch")]
    public int? BatchSize { get; set; }

    [Option(
        "learning-rate",
        MetaValue = "X",
        HelpText = "Initial learning rate, decaying linearly to 1% over the first 90% of epochs."
    )]
    [DefaultText("0.025"), DeprecatedAlias("lr")]
    public double? LearningRate { get; set; }

    [Option("momentum", MetaValue = "X", HelpText = "SGD momentum, in [0, 1).")]
    [DefaultText("0.9")]
    public double? Momentum { get; set; }

    [Option("weight-decay", MetaValue = "X", HelpText = "L2 weight decay.")]
    [DefaultText("5e-4")]
    public double? WeightDecay { get; set; }

    [Option("zeta", MetaValue = "X", HelpText = "Fraction of links removed and regrown per update, in [0, 1).")]
    [DefaultText("0.3")]
    public double? Zeta { get; set; }

    [Option("update-interval", MetaValue = "N", HelpText = "Epochs between topology updates.")]
    [DefaultText("1")]
    public int? UpdateInterval { get; set; }

    [Option(
        "method",
        MetaValue = "NAME",
        HelpText = "Regrowth method: rlr (random link regrowth) | ch3l3 (CH3-L3 link prediction) | none (static "
            + "topology). The spec's `methods`."
    )]
    [DefaultText("rlr"), DeprecatedAlias("regrowth")]
    public string? Method { get; set; }

    [Option("seed", MetaValue = "N", HelpText = "Seed of every random choice.")]
    [DefaultText("1")]
    public ulong? Seed { get; set; }

    [Option("train-limit", MetaValue = "N", HelpText = "Train on the first N training images only.")]
    [DefaultText("all")]
    public int? TrainLimit { get; set; }

    [Option("out", MetaValue = "DIR", HelpText = "Run directory; with --resume, the checkpoint's directory.")]
    [DefaultText("runs/DATASET-METHOD-seedN-TIME-XXXXXX")]
    public string? Out { get; set; }

    [Option("resume", MetaValue = "FILE", HelpText = "Continue the run saved in this checkpoint.")]
    public string? Resume { get; set; }

    [Option(
        "checkpoint-every",
        MetaValue = "N",
        Default = 0,
        HelpText = "Also keep checkpoint-epoch-NNNN.ckpt every N epochs (model.ckpt is rewritten every epoch; 0: off)."
    )]
    public int CheckpointEvery { get; set; }

    [Option(
        "snapshot-every",
        MetaValue = "N",
        Default = 0,
        HelpText = "Keep the topology as snapshots/epoch-NNNN.snap every N epochs (and before the first); for "
            + "analyze --runs."
    )]
    public int SnapshotEvery { get; set; }

    [Option("device", MetaValue = "NAME", Default = "auto", HelpText = "auto | cuda | opencl | cpu | ilgpu-cpu.")]
    public string Device { get; set; } = "auto";

    [Option("threads", MetaValue = "N", Default = 0, HelpText = "Threads of the fast CPU path (0: all cores).")]
    public int Threads { get; set; }

    [Option("data-dir", MetaValue = "DIR", HelpText = "Data directory.")]
    [DefaultText("$SPARSEGPU_DATA, else the per-user cache")]
    public string? DataDir { get; set; }

    [Option("no-download", HelpText = "Never download; use only files present (or the bundled MNIST subset).")]
    public bool NoDownload { get; set; }

    [Option("quiet", HelpText = "Print only errors and the final result.")]
    public bool Quiet { get; set; }

    [Option(
        "progress-every",
        MetaValue = "SECONDS",
        HelpText = "When stderr is not a terminal (a log), one progress line every SECONDS."
    )]
    [DefaultText("$SPARSEGPU_PROGRESS_SECONDS, else 30")]
    public double? ProgressEvery { get; set; }
}
