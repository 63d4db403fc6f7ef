using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb("data", HelpText = "The data sets: what is present, download, verify against the published digests.")]
[SubVerb("list", "What is known, what is present, sizes and licences.")]
[SubVerb("download", "Fetch the missing files of a data set from the official source, checksum-verified.")]
[SubVerb("verify", "Check every present file (or one data set's) against the published digests.")]
[Example("sparsegpu data list", "Every data set and whether its files are present.")]
[Example("sparsegpu data list --data-dir /shared/datasets", "The same for another data directory.")]
[Example("sparsegpu data download kmnist", "Fetch KMNIST.")]
[Example(
    "sparsegpu data download emnist-letters --data-dir /shared/datasets",
    "Fetch EMNIST Letters into a shared folder."
)]
[Example("sparsegpu data verify", "Check every present file.")]
[Example("sparsegpu data verify mnist", "Check MNIST's files only.")]
public sealed class DataOptions
{
    [Value(0, MetaName = "sub-verb", HelpText = "list | download | verify.")]
    public string Action { get; set; } = "";

    [Value(
        1,
        MetaName = "name",
        HelpText = "Data set: mnist | fashion-mnist | kmnist | emnist-letters "
            + "(download: required; verify: default all)."
    )]
    public string? Name { get; set; }

    [SharedOption("data-dir")]
    public string? DataDir { get; set; }

    [SharedOption("progress-every")]
    [AppliesTo("download")]
    public double? ProgressEvery { get; set; }
}
