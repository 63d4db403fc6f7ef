using SparseGpu.Engines.Ilgpu.Compilation;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Kernels;

/// <summary>
/// Every kernel the program launches on an OpenCL device, generated as OpenCL C for each vendor and compiled by
/// clang (-cl-std=CL2.0, syntax and types; .ci/setup.d/clang.sh). The SGD update uses warp shuffles only where
/// ILGPU emits them (Intel), a shared-memory reduction elsewhere; clang does not know Intel's subgroup shuffle, so
/// it is declared for it, as the Intel driver's compiler does.
/// </summary>
public sealed class OpenClSyntaxTests : IDisposable
{
    /// <summary>cl_intel_subgroups' shuffle-down overloads for the types ILGPU may shuffle.</summary>
    private const string IntelSubgroupDeclarations = """
        #define SG_SHUFFLE_DOWN(T) \
            T __attribute__((overloadable)) intel_sub_group_shuffle_down(T current, T next, uint delta);
        SG_SHUFFLE_DOWN(float) SG_SHUFFLE_DOWN(double) SG_SHUFFLE_DOWN(int) SG_SHUFFLE_DOWN(uint)
        SG_SHUFFLE_DOWN(long) SG_SHUFFLE_DOWN(ulong)
        """;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableTheory]
    [InlineData("nvidia")]
    [InlineData("amd")]
    [InlineData("intel")]
    [InlineData("other")]
    public void Every_kernel_compiles_as_OpenCL_C_2_0(string vendor)
    {
        string clang = ExternalTool.Require(
            "clang (.ci/setup.d/clang.sh)",
            new[] { Environment.GetEnvironmentVariable("SPARSEGPU_CLANG"), "clang" }
                .OfType<string>()
                .Where(c => c.Length > 0)
                .ToArray()
        );
        string declarations = _temp.File("intel-subgroups.h");
        File.WriteAllText(
            declarations,
            "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n" + IntelSubgroupDeclarations + "\n"
        );

        IReadOnlyList<CompiledKernelFile> files = KernelCompiler.WriteOpenCl([vendor], _temp.Path);
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (CompiledKernelFile file in files)
        {
            ToolRun.Result run = ToolRun.Run(
                clang,
                "-x",
                "cl",
                "-cl-std=CL2.0",
                "-fsyntax-only",
                "-include",
                declarations,
                file.Path
            );
            if (run.ExitCode != 0 || run.Output.Contains("error", StringComparison.OrdinalIgnoreCase))
                failures.Add($"{file.Kernel} ({vendor}): clang exit {run.ExitCode}: {run.Output}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("nvidia", false)]
    [InlineData("amd", false)]
    [InlineData("other", false)]
    [InlineData("intel", true)]
    public void Only_Intel_gets_warp_shuffles(string vendor, bool shuffles)
    {
        IReadOnlyList<CompiledKernelFile> files = KernelCompiler.WriteOpenCl([vendor], _temp.Path);
        string update = File.ReadAllText(
            Assert.Single(files, f => f.Kernel.StartsWith("sgd-update", StringComparison.Ordinal)).Path
        );
        Assert.Equal(shuffles, update.Contains("sub_group_shuffle", StringComparison.Ordinal));
        Assert.Equal(!shuffles, update.Contains("work_group_barrier", StringComparison.Ordinal));
    }
}
