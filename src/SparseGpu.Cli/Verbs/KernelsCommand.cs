using SparseGpu.Engines.Ilgpu.Compilation;

namespace SparseGpu.Cli.Verbs;

public sealed class KernelsCommand(KernelsOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        IReadOnlyList<CompiledKernelFile> files = options.Target.Trim().ToLowerInvariant() switch
        {
            "ptx" => Ptx(),
            "opencl" => OpenCl(),
            _ => throw new SparseGpuException($"--target '{options.Target}' is not valid; valid: ptx, opencl"),
        };
        foreach (CompiledKernelFile file in files)
            context.Output.WriteLine($"{file.Kernel, -28} {file.Target, -8} {file.Bytes, 8} bytes  {file.Path}");
        return CliApp.Success;
    }

    private IReadOnlyList<CompiledKernelFile> Ptx()
    {
        if (options.Vendors is not null)
            throw new SparseGpuException("--vendor applies to --target opencl, not ptx");
        return KernelCompiler.WritePtx(KernelTargets.Architectures(options.Architectures), options.Out);
    }

    private IReadOnlyList<CompiledKernelFile> OpenCl()
    {
        if (options.Architectures is not null)
            throw new SparseGpuException("--arch applies to --target ptx, not opencl");
        return KernelCompiler.WriteOpenCl(KernelTargets.Vendors(options.Vendors), options.Out);
    }
}
