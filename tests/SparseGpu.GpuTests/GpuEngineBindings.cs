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
        IReadOnlyList<DeviceDescription> devices = EngineFactory.ListDevices();
        bool present = devices.Any(d => d.Kind == kind && d.Usable);
        // The driver's row says why there is none (not installed, not loadable, no device).
        string why = string.Concat(devices.Where(d => d.Kind == kind).Select(d => $"; {d.Name}: {d.Note}"));
        Skip.IfNot(present, $"no usable {kind} device on this machine{why}");
        return EngineFactory.Create(kind);
    }
}
