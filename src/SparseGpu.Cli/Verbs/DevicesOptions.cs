using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("devices", HelpText = "List every device: the fast CPU path and what ILGPU sees (CUDA, OpenCL, CPU accelerator).")]
public sealed class DevicesOptions;
