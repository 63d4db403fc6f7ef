using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb(
    "devices",
    HelpText = "List every device: the fast CPU path and what ILGPU sees (CUDA, OpenCL, CPU accelerator)."
)]
[Example("sparsegpu devices", "What this machine offers, with memory and whether each device is usable.")]
[Example("sparsegpu train --device cpu --epochs 1", "Then pick one by its name in the first column.")]
public sealed class DevicesOptions;
