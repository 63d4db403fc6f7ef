using CommandLine;

namespace SparseGpu.Cli.Verbs;

/// <summary>Options of `sparsegpu train`. Training settings are nullable: null means "not given", so a resumed run
/// can tell a conflicting option from a default.</summary>
[Verb("train", HelpText = "Train a sparse network with adaptive topology (default: MNIST, 784-1000-1000-1000-10 at 1% density, RLR, 10 epochs).")]
public sealed class TrainOptions
{
    [Option("dataset", HelpText = "mnist | fashion-mnist | kmnist | emnist-letters (default mnist).")]
    public string? Dataset { get; set; }

    [Option("hidden", HelpText = "Hidden layer widths, comma-separated (default 1000,1000,1000).")]
    public string? Hidden { get; set; }

    [Option("density", HelpText = "Fraction of possible links kept per sparse layer, in (0, 1] (default 0.01).")]
    public double? Density { get; set; }

    [Option("epochs", HelpText = "Total epochs; with --resume, the new total (default 10).")]
    public int? Epochs { get; set; }

    [Option("batch", HelpText = "Mini-batch size (default 32).")]
    public int? Batch { get; set; }

    [Option("lr", HelpText = "Initial learning rate, decaying linearly to 1% over the first 90% of epochs (default 0.025).")]
    public double? LearningRate { get; set; }

    [Option("momentum", HelpText = "SGD momentum (default 0.9).")]
    public double? Momentum { get; set; }

    [Option("weight-decay", HelpText = "L2 weight decay (default 5e-4).")]
    public double? WeightDecay { get; set; }

    [Option("zeta", HelpText = "Fraction of links removed and regrown per update, in [0, 1) (default 0.3).")]
    public double? Zeta { get; set; }

    [Option("update-interval", HelpText = "Epochs between topology updates (default 1).")]
    public int? UpdateInterval { get; set; }

    [Option("regrowth", HelpText = "rlr (random link regrowth) | ch3l3 (CH3-L3 link prediction) | none (static topology) (default rlr).")]
    public string? Regrowth { get; set; }

    [Option("seed", HelpText = "Seed of every random choice (default 1).")]
    public ulong? Seed { get; set; }

    [Option("train-limit", HelpText = "Train on the first N training images only.")]
    public int? TrainLimit { get; set; }

    [Option("out", HelpText = "Run directory (default runs/DATASET-METHOD-seedN-TIME; with --resume, the checkpoint's directory).")]
    public string? Out { get; set; }

    [Option("resume", HelpText = "Continue the run saved in this checkpoint.")]
    public string? Resume { get; set; }

    [Option("checkpoint-every", Default = 0, HelpText = "Also keep checkpoint-epoch-NNNN.ckpt every N epochs (model.ckpt is rewritten every epoch).")]
    public int CheckpointEvery { get; set; }

    [Option("snapshot-every", Default = 0, HelpText = "Keep the topology as snapshots/epoch-NNNN.snap every N epochs (and before the first); for analyze --runs.")]
    public int SnapshotEvery { get; set; }

    [Option("device", Default = "auto", HelpText = "auto | cuda | opencl | cpu | ilgpu-cpu.")]
    public string Device { get; set; } = "auto";

    [Option("threads", Default = 0, HelpText = "Threads of the fast CPU path (0: all cores).")]
    public int Threads { get; set; }

    [Option("data-dir", HelpText = "Data directory (default: $SPARSEGPU_DATA, else the per-user cache).")]
    public string? DataDir { get; set; }

    [Option("no-download", HelpText = "Never download; use only files present (or the bundled MNIST subset).")]
    public bool NoDownload { get; set; }

    [Option("quiet", HelpText = "Print only errors and the final result.")]
    public bool Quiet { get; set; }
}
