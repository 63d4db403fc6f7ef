using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

/// <summary>Options of `sparsegpu train`: the training settings (from their catalog), then how and where to
/// run.</summary>
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
    "sparsegpu train --seeds 1,2,3 --device cuda --out runs/seeds",
    "Three runs, seeds 1-3, trained in the same kernel launches into runs/seeds/seed-1 ... seed-3."
)]
[Example(
    "sparsegpu train --resume runs/fashion-s3/model.ckpt --epochs 40",
    "Continue a run (interrupted or finished) to 40 epochs in total."
)]
public sealed class TrainOptions
{
    /// <summary>One option per training setting (--dataset ... --train-limit), declared by
    /// <see cref="Training.TrainingSettingCatalog"/>; null values mean "not given", so a resumed run can tell a
    /// conflicting option from a default.</summary>
    public TrainingSettingArguments Settings { get; } = new();

    [SharedOption("out", HelpText = "Run directory; with --resume, the checkpoint's directory.")]
    [DefaultText("runs/DATASET-METHOD-seedN-TIME-XXXXXX")]
    public string? Out { get; set; }

    [Option(
        "seeds",
        MetaValue = "N,N,...",
        HelpText = "Train one run per seed (instead of --seed), each into its own run directory (--out DIR: "
            + "DIR/seed-N); on an ILGPU device (cuda, opencl, ilgpu-cpu) the runs train packed into the same kernel "
            + "launches, bit for bit as alone; on the fast CPU path one after another."
    )]
    public string? Seeds { get; set; }

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

    [SharedOption("device")]
    public string Device { get; set; } = "auto";

    [SharedOption("threads")]
    public int Threads { get; set; }

    [SharedOption("data-dir")]
    public string? DataDir { get; set; }

    [SharedOption("no-download", HelpText = "Never download; use only files present (or the bundled MNIST subset).")]
    public bool NoDownload { get; set; }

    [SharedOption("quiet", HelpText = "Print only errors and the final result.")]
    public bool Quiet { get; set; }

    [SharedOption("progress-every")]
    public double? ProgressEvery { get; set; }
}
