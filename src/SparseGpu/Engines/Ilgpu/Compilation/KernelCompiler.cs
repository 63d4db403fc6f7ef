using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using SparseGpu.Kernels;

namespace SparseGpu.Engines.Ilgpu.Compilation;

/// <summary>One file written by <see cref="KernelCompiler"/>: which kernel, for which target, where.</summary>
public sealed record CompiledKernelFile(string Kernel, string Target, string Path, long Bytes);

/// <summary>
/// Compiles every kernel of <see cref="KernelCatalog"/> the way an accelerator would, but with no device: ILGPU's PTX
/// backend for a CUDA architecture (PTX ISA 7.8, what CUDA 11.8's ptxas accepts) and its OpenCL C backend for a
/// vendor (OpenCL C 2.0). The context is configured like the engine's (algorithms enabled, default optimisation), so
/// the text is what a device would be given. Checked by ptxas and clang in the tests; `sparsegpu kernels` writes it.
/// </summary>
public static class KernelCompiler
{
    /// <summary>The PTX instruction set generated: 7.8 is the newest that CUDA 11.8 (Debian's ptxas) accepts.</summary>
    public static readonly CudaInstructionSet PtxInstructionSet = new(7, 8);

    /// <summary>OpenCL C 2.0, as on the OpenCL devices ILGPU supports.</summary>
    public static readonly CLCVersion OpenClVersion = new(2, 0);

    /// <summary>The kernels launched on a CUDA device, as PTX for the architecture.</summary>
    public static IReadOnlyList<(KernelEntry Kernel, string Ptx)> Ptx(CudaArchitecture architecture)
    {
        using Context context = CreateContext();
        using var backend = new PTXBackend(
            context,
            new CudaCapabilityContext(architecture),
            architecture,
            PtxInstructionSet,
            null
        );
        return KernelCatalog
            .Launched(SgdReduction.WarpShuffle)
            .Select(k => (k, ((PTXCompiledKernel)Compile(backend, k)).PTXAssembly))
            .ToList();
    }

    /// <summary>
    /// The kernels launched on an OpenCL device of the vendor, as OpenCL C. Capabilities: 64-bit floats (CH3-L3
    /// scores in double precision), and subgroups where the backend uses them (Intel's shuffles).
    /// </summary>
    public static IReadOnlyList<(KernelEntry Kernel, string Source)> OpenCl(CLDeviceVendor vendor)
    {
        SgdReduction reduction = KernelCatalog.ReductionFor(vendor);
        using Context context = CreateContext();
        // Arguments in order: float16, float64, generic address space, int64 atomics, subgroups.
        var capabilities = new CLCapabilityContext(false, true, false, false, reduction == SgdReduction.WarpShuffle);
        using var backend = new CLBackend(context, capabilities, vendor, OpenClVersion);
        return KernelCatalog
            .Launched(reduction)
            .Select(k => (k, ((CLCompiledKernel)Compile(backend, k)).Source))
            .ToList();
    }

    /// <summary>Writes &lt;kernel&gt;.&lt;arch&gt;.ptx for every kernel and architecture into the directory.</summary>
    public static IReadOnlyList<CompiledKernelFile> WritePtx(IReadOnlyList<string> architectures, string directory)
    {
        var plan = architectures.Select(a => (Name: a, Architecture: KernelTargets.Architecture(a))).ToList();
        PrepareDirectory(directory);
        var files = new List<CompiledKernelFile>();
        foreach (var (name, architecture) in plan)
        foreach (var (kernel, ptx) in Ptx(architecture))
            files.Add(Write(directory, kernel.Name, name, "ptx", ptx));
        return files;
    }

    /// <summary>Writes &lt;kernel&gt;.&lt;vendor&gt;.cl for every kernel and vendor into the directory.</summary>
    public static IReadOnlyList<CompiledKernelFile> WriteOpenCl(IReadOnlyList<string> vendors, string directory)
    {
        var plan = vendors.Select(v => (Name: v, Vendor: KernelTargets.Vendor(v))).ToList();
        PrepareDirectory(directory);
        var files = new List<CompiledKernelFile>();
        foreach (var (name, vendor) in plan)
        foreach (var (kernel, source) in OpenCl(vendor))
            files.Add(Write(directory, kernel.Name, name, "cl", source));
        return files;
    }

    private static Context CreateContext() => Context.Create(builder => builder.EnableAlgorithms());

    /// <summary>Explicitly grouped, as the launch factories load them (LoadStreamKernel with a KernelConfig).</summary>
    private static CompiledKernel Compile(Backend backend, KernelEntry kernel)
    {
        var entry = EntryPointDescription.FromExplicitlyGroupedKernel(kernel.Method);
        return backend.Compile(entry, KernelSpecialization.Empty);
    }

    private static void PrepareDirectory(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new SparseGpuException("--out must name a directory");
        if (File.Exists(directory))
            throw new SparseGpuException($"--out '{directory}' is a file, not a directory");
        Directory.CreateDirectory(directory);
    }

    private static CompiledKernelFile Write(
        string directory,
        string kernel,
        string target,
        string extension,
        string text
    )
    {
        string path = Path.Combine(directory, $"{kernel}.{target}.{extension}");
        AtomicFile.WriteAllText(path, text);
        return new CompiledKernelFile(kernel, target, path, new FileInfo(path).Length);
    }
}
