using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("data", HelpText = "Data sets: `data list`, `data download NAME`, `data verify [NAME]`.")]
public sealed class DataOptions
{
    [Value(0, MetaName = "action", Required = true, HelpText = "list | download | verify.")]
    public string Action { get; set; } = "";

    [Value(1, MetaName = "name", HelpText = "Data set: mnist | fashion-mnist | kmnist | emnist-letters (download: required; verify: default all).")]
    public string? Name { get; set; }

    [Option("data-dir", HelpText = "Data directory (default: $SPARSEGPU_DATA, else the per-user cache).")]
    public string? DataDir { get; set; }
}
