using SparseGpu.Cli;
using SparseGpu.Kernels;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Kernels;

/// <summary>`sparsegpu kernels`: one file per kernel and target; bad targets, architectures and vendors
/// rejected.</summary>
public sealed class KernelsCliTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Ptx_is_written_per_kernel_and_architecture()
    {
        string dir = _temp.File("ptx");
        CliRunner.Result result = CliRunner.Run("kernels", "--target", "ptx", "--arch", "sm_80,sm_90", "--out", dir);
        Assert.Equal(CliApp.Success, result.ExitCode);
        foreach (string arch in new[] { "sm_80", "sm_90" })
        foreach (KernelEntry kernel in KernelCatalog.Launched(SgdReduction.WarpShuffle))
        {
            string ptx = File.ReadAllText(Path.Combine(dir, $"{kernel.Name}.{arch}.ptx"));
            // ILGPU 1.5.3 writes ".target sm_80" when asked for a newer architecture (8.6 to 9.0); ptxas assembles
            // that for the architecture given with -arch, as the driver does on the device.
            Assert.Contains(arch == "sm_80" ? ".target sm_80" : ".target sm_", ptx);
            Assert.Contains(".version 7.8", ptx);
            Assert.Contains(".entry", ptx);
        }
        Assert.Equal(2 * KernelCatalog.Launched(SgdReduction.WarpShuffle).Count, Directory.GetFiles(dir).Length);
    }

    [Fact]
    public void OpenCl_defaults_to_nvidia_amd_and_intel()
    {
        string dir = _temp.File("cl");
        CliRunner.Result result = CliRunner.Run("kernels", "--target", "opencl", "--out", dir);
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(dir, "sgd-update-group-reduction.nvidia.cl")));
        Assert.True(File.Exists(Path.Combine(dir, "sgd-update-group-reduction.amd.cl")));
        Assert.True(File.Exists(Path.Combine(dir, "sgd-update.intel.cl")));
        Assert.Contains("kernel void", File.ReadAllText(Path.Combine(dir, "sparse-forward.amd.cl")));
        Assert.Equal(3 * KernelCatalog.Launched(SgdReduction.WarpShuffle).Count, Directory.GetFiles(dir).Length);
    }

    [Theory]
    [InlineData(new[] { "--target", "spirv" }, "error: --target 'spirv' is not valid; valid: ptx, opencl")]
    [InlineData(
        new[] { "--target", "ptx", "--arch", "sm_95" },
        "error: --arch 'sm_95' is not valid; valid: sm_60, sm_61, sm_70, sm_75, sm_80, sm_86, sm_89, sm_90"
    )]
    [InlineData(
        new[] { "--target", "ptx", "--arch", "sm_80,,sm_90" },
        "error: --arch 'sm_80,,sm_90' has an empty entry; give a comma-separated list"
    )]
    [InlineData(new[] { "--target", "ptx", "--arch", "sm_80,SM_80" }, "error: --arch names 'sm_80' twice")]
    [InlineData(new[] { "--target", "ptx", "--vendor", "amd" }, "error: --vendor applies to --target opencl, not ptx")]
    [InlineData(new[] { "--target", "opencl", "--arch", "sm_80" }, "error: --arch applies to --target ptx, not opencl")]
    [InlineData(
        new[] { "--target", "opencl", "--vendor", "nvidia,apple" },
        "error: --vendor 'apple' is not valid; valid: nvidia, amd, intel, other"
    )]
    public void Bad_targets_are_one_line_errors_and_write_nothing(string[] args, string expected)
    {
        string dir = _temp.File("out");
        CliRunner.Result result = CliRunner.Run(["kernels", .. args, "--out", dir]);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Equal(expected, Assert.Single(result.ErrorLines));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_refused()
    {
        string file = _temp.File("taken");
        File.WriteAllText(file, "x");
        CliRunner.Result result = CliRunner.Run("kernels", "--target", "ptx", "--out", file);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Equal($"error: --out '{file}' is a file, not a directory", Assert.Single(result.ErrorLines));
    }
}
