using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("evaluate", HelpText = "Test loss and accuracy of a checkpoint.")]
public sealed class EvaluateOptions
{
    [Option("model", Required = true, HelpText = "Checkpoint file (model.ckpt of a run).")]
    public string Model { get; set; } = "";

    [Option("dataset", HelpText = "Data set to test on (default: the one the model was trained on).")]
    public string? Dataset { get; set; }

    [Option("device", Default = "auto", HelpText = "auto | cuda | opencl | cpu | ilgpu-cpu.")]
    public string Device { get; set; } = "auto";

    [Option("data-dir", HelpText = "Data directory (default: $SPARSEGPU_DATA, else the per-user cache).")]
    public string? DataDir { get; set; }

    [Option("no-download", HelpText = "Never download.")]
    public bool NoDownload { get; set; }

    [Option("json", HelpText = "Print the result as JSON.")]
    public bool Json { get; set; }
}
