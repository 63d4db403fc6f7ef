using SparseGpu.Engines.Ilgpu.Compilation;
using SparseGpu.Tests.Support;
using Xunit.Abstractions;

namespace SparseGpu.Tests.Kernels;

/// <summary>
/// Every kernel the program launches, compiled to PTX without a GPU and assembled by NVIDIA's ptxas (CUDA 11.8, from
/// Debian's nvidia-cuda-toolkit; .ci/setup.d/ptxas.sh) for Ampere and Hopper. A kernel that simulates correctly on
/// the CPU accelerator can still be rejected by the assembler, spill registers or fall back to local memory; this
/// catches all three, and prints each kernel's registers and shared memory (the README's resource table).
/// </summary>
public sealed class PtxAssemblyTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>At most 64 registers per thread keeps at least half the threads of an SM resident (65,536 registers,
    /// 2,048 threads on sm_80/sm_90): a kernel above it has lost the latency hiding its memory-bound loops
    /// need.</summary>
    private const int RegisterLimit = 64;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableTheory]
    [InlineData("sm_80")]
    [InlineData("sm_90")]
    public void Every_kernel_assembles_without_errors_spills_or_local_memory(string architecture)
    {
        string ptxas = Ptxas();
        IReadOnlyList<CompiledKernelFile> files = KernelCompiler.WritePtx([architecture], _temp.Path);
        Assert.Equal(KernelCatalogNames(), files.Select(f => f.Kernel).ToList());

        var failures = new List<string>();
        output.WriteLine($"{"kernel", -26} {"arch", -6} {"registers", 9} {"smem B", 7}");
        foreach (CompiledKernelFile file in files)
        {
            ToolRun.Result run = ToolRun.Run(
                ptxas,
                $"-arch={architecture}",
                "-v",
                file.Path,
                "-o",
                file.Path + ".cubin"
            );
            if (run.ExitCode != 0 || run.Output.Contains("error", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{file.Kernel}: ptxas exit {run.ExitCode}: {run.Output}");
                continue;
            }
            PtxasReport report = PtxasReport.Parse(run.Output);
            output.WriteLine($"{file.Kernel, -26} {architecture, -6} {report.Registers, 9} {report.SharedBytes, 7}");
            if (report.SpillStoreBytes + report.SpillLoadBytes > 0)
                failures.Add(
                    $"{file.Kernel}: spills {report.SpillStoreBytes} bytes stored, {report.SpillLoadBytes} loaded"
                );
            if (report.LocalBytes > 0 || report.StackFrameBytes > 0)
                failures.Add(
                    $"{file.Kernel}: uses local memory ({report.LocalBytes} bytes lmem, {report.StackFrameBytes} "
                        + "bytes stack frame)"
                );
            if (report.Registers > RegisterLimit)
                failures.Add($"{file.Kernel}: {report.Registers} registers per thread, above {RegisterLimit}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_report_parser_reads_registers_shared_memory_and_spills()
    {
        const string sample = """
            ptxas info    : 0 bytes gmem
            ptxas info    : Compiling entry function 'Kernel_Run' for 'sm_80'
            ptxas info    : Function properties for Kernel_Run
                16 bytes stack frame, 8 bytes spill stores, 4 bytes spill loads
            ptxas info    : Used 30 registers, 1024 bytes smem, 576 bytes cmem[0], 12 bytes lmem
            """;
        Assert.Equal(new PtxasReport(30, 1024, 12, 16, 8, 4), PtxasReport.Parse(sample));
    }

    internal static string Ptxas()
    {
        string[] candidates = new[] { Environment.GetEnvironmentVariable("SPARSEGPU_PTXAS") }
            .Concat([Path.Combine(CiCache(), "cuda-toolkit/usr/bin/ptxas"), "ptxas"])
            .OfType<string>()
            .Where(c => c.Length > 0)
            .ToArray();
        return ExternalTool.Require("ptxas (CUDA 11.8, .ci/setup.d/ptxas.sh)", candidates);
    }

    private static string CiCache() =>
        Environment.GetEnvironmentVariable("SPARSEGPU_CI_CACHE") is { Length: > 0 } cache
            ? cache
            : "/var/cache/sparsegpu-ci";

    private static List<string> KernelCatalogNames() =>
        SparseGpu
            .Kernels.KernelCatalog.Launched(SparseGpu.Kernels.SgdReduction.WarpShuffle)
            .Select(k => k.Name)
            .ToList();
}
