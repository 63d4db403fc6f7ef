using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb(
    "kernels",
    HelpText = "Compile every kernel without a device: PTX per CUDA architecture or OpenCL C per vendor, one file "
        + "per kernel."
)]
[Example("sparsegpu kernels --target ptx --arch sm_80,sm_90 --out ptx/", "PTX of every kernel for Ampere and Hopper.")]
[Example(
    "sparsegpu kernels --target opencl --vendor nvidia,amd --out cl/",
    "OpenCL C of every kernel for two vendors."
)]
public sealed class KernelsOptions
{
    [Option("target", MetaValue = "NAME", Required = true, HelpText = "ptx | opencl.")]
    public string Target { get; set; } = "";

    [Option("arch", MetaValue = "SM,...", HelpText = "ptx: CUDA architectures, comma-separated.")]
    [DefaultText("sm_80,sm_90")]
    public string? Architectures { get; set; }

    [Option(
        "vendor",
        MetaValue = "NAME,...",
        HelpText = "opencl: vendors, comma-separated: nvidia, amd, intel, other."
    )]
    [DefaultText("nvidia,amd,intel")]
    public string? Vendors { get; set; }

    [SharedOption(
        "out",
        HelpText = "Directory for the files (<kernel>.<arch>.ptx or <kernel>.<vendor>.cl).",
        Required = true
    )]
    public string Out { get; set; } = "";
}
