using SparseGpu.Engines;
using SparseGpu.Engines.Cpu;
using SparseGpu.Engines.Ilgpu;
using SparseGpu.Kernels;

namespace SparseGpu.Tests.Engines;

/// <summary>The fast CPU path on one thread.</summary>
public sealed class CpuEngineConformanceTests : EngineConformanceTests
{
    protected override INetworkEngine CreateEngine() => new CpuEngine(threads: 1);
}

/// <summary>The fast CPU path split over three threads: results must not depend on the split.</summary>
public sealed class ThreadedCpuEngineConformanceTests : EngineConformanceTests
{
    protected override INetworkEngine CreateEngine() => new CpuEngine(threads: 3);
}

/// <summary>The ILGPU kernels on the ILGPU CPU accelerator (simulated GPU threads; present everywhere).</summary>
public sealed class IlgpuCpuAcceleratorConformanceTests : EngineConformanceTests
{
    protected override INetworkEngine CreateEngine() => EngineFactory.Create("ilgpu-cpu");
}

/// <summary>
/// The ILGPU kernels on the CPU accelerator with the SGD update's shared-memory reduction, the form that OpenCL
/// devices other than Intel's run (their ILGPU backend has no warp shuffles).
/// </summary>
public sealed class IlgpuCpuAcceleratorGroupReductionConformanceTests : EngineConformanceTests
{
    protected override INetworkEngine CreateEngine() =>
        IlgpuDevices.TryOpen("ilgpu-cpu", SgdReduction.GroupSharedMemory)
        ?? throw new InvalidOperationException("no ILGPU CPU accelerator");
}
