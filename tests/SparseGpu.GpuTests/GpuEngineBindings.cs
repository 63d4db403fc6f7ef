using SparseGpu.Engines;
using SparseGpu.Tests.Engines;

namespace SparseGpu.GpuTests;

/// <summary>The engine conformance tests on the first CUDA device; skipped where there is none.</summary>
public sealed class CudaConformanceTests : EngineConformanceTests
{
    protected override INetworkEngine CreateEngine() => GpuDevice.Open("cuda");
}

/// <summary>The engine conformance tests on the first OpenCL device ILGPU supports; skipped where there is
/// none.</summary>
public sealed class OpenClConformanceTests : EngineConformanceTests
{
    protected override INetworkEngine CreateEngine() => GpuDevice.Open("opencl");
}

internal static class GpuDevice
{
    public static INetworkEngine Open(string kind)
    {
        bool present = EngineFactory.ListDevices().Any(d => d.Kind == kind && d.Usable);
        Skip.IfNot(present, $"no usable {kind} device on this machine");
        return EngineFactory.Create(kind);
    }
}
