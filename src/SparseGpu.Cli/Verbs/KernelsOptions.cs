using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("kernels", HelpText = "Compile every kernel without a device: PTX per CUDA architecture or OpenCL C per vendor, one file per kernel.")]
public sealed class KernelsOptions
{
    [Option("target", Required = true, HelpText = "ptx | opencl.")]
    public string Target { get; set; } = "";

    [Option("arch", HelpText = "ptx: CUDA architectures, comma-separated (default sm_80,sm_90).")]
    public string? Architectures { get; set; }

    [Option("vendor", HelpText = "opencl: vendors, comma-separated: nvidia, amd, intel, other (default nvidia,amd,intel).")]
    public string? Vendors { get; set; }

    [Option("out", Required = true, HelpText = "Directory for the files (<kernel>.<arch>.ptx or <kernel>.<vendor>.cl).")]
    public string Out { get; set; } = "";
}
