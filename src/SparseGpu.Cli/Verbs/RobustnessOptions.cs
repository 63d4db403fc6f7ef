using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("robustness", HelpText = "Sweep trained checkpoints through link removal, weight shuffling, noise and FGSM; write CSVs and figures.")]
public sealed class RobustnessOptions : FigureSizeOptions
{
    [Option("model", Required = true, HelpText = "Checkpoint(s): --model A.ckpt --model B.ckpt (or --model A.ckpt B.ckpt).")]
    public IEnumerable<string> Models { get; set; } = [];

    [Option("dataset", HelpText = "Data set to test on (default: the one the models were trained on; all must agree).")]
    public string? Dataset { get; set; }

    [Option("perturbations", HelpText = "Comma list of random, weight-order, reverse-weight-order, shuffle, noise, fgsm (default: all).")]
    public string? Perturbations { get; set; }

    [Option("levels", Default = "0:1:0.05", HelpText = "Levels for removal and shuffling (fraction) and noise (std / layer weight std): start:stop:step or a comma list.")]
    public string Levels { get; set; } = "0:1:0.05";

    [Option("epsilons", Default = "0:0.2:0.01", HelpText = "FGSM levels: epsilon on the [0,1] pixel scale.")]
    public string Epsilons { get; set; } = "0:0.2:0.01";

    [Option("repeats", Default = 10, HelpText = "Repetitions of the stochastic perturbations (random, shuffle, noise).")]
    public int Repeats { get; set; }

    [Option("scope", Default = "sparse", HelpText = "sparse (each sparse layer) | all (also the dense read-out).")]
    public string Scope { get; set; } = "sparse";

    [Option("layers", HelpText = "Perturb only these sparse layers (1-based comma list, e.g. 1 or 2,3; default: all) to find the weak layer.")]
    public string? Layers { get; set; }

    [Option("seed", HelpText = "Seed of the repetitions (default: each model's training seed).")]
    public ulong? Seed { get; set; }

    [Option("out", HelpText = "Output directory (default runs/robustness-DATASET-TIME).")]
    public string? Out { get; set; }

    [Option("no-plots", HelpText = "Write the CSV files only.")]
    public bool NoPlots { get; set; }

    [Option("device", Default = "auto", HelpText = "auto | cuda | opencl | cpu | ilgpu-cpu.")]
    public string Device { get; set; } = "auto";

    [Option("threads", Default = 0, HelpText = "Threads of the fast CPU path (0: all cores).")]
    public int Threads { get; set; }

    [Option("data-dir", HelpText = "Data directory (default: $SPARSEGPU_DATA, else the per-user cache).")]
    public string? DataDir { get; set; }

    [Option("no-download", HelpText = "Never download.")]
    public bool NoDownload { get; set; }

    [Option("quiet", HelpText = "Print only errors and the summary.")]
    public bool Quiet { get; set; }
}
