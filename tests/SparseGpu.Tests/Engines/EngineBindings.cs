using SparseGpu.Engines;
using SparseGpu.Engines.Cpu;

namespace SparseGpu.Tests.Engines;

/// <summary>The fast CPU path on one thread.</summary>
public sealed class CpuEngineConformanceTests : EngineConformanceTests
{
    protected override ITrainingEngine CreateEngine() => new CpuEngine(threads: 1);
}

/// <summary>The fast CPU path split over three threads: results must not depend on the split.</summary>
public sealed class ThreadedCpuEngineConformanceTests : EngineConformanceTests
{
    protected override ITrainingEngine CreateEngine() => new CpuEngine(threads: 3);
}

/// <summary>The ILGPU kernels on the ILGPU CPU accelerator (simulated GPU threads; present everywhere).</summary>
public sealed class IlgpuCpuAcceleratorConformanceTests : EngineConformanceTests
{
    protected override ITrainingEngine CreateEngine() => EngineFactory.Create("ilgpu-cpu");
}
