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
        Require(kind);
        return EngineFactory.Create(kind);
    }

    /// <summary>Skips the test where no usable device of the kind is present.</summary>
    public static void Require(string kind)
    {
        IReadOnlyList<DeviceDescription> devices = EngineFactory.ListDevices();
        bool present = devices.Any(d => d.Kind == kind && d.Usable);
        // The driver's row says why there is none (not installed, not loadable, no device).
        string why = string.Concat(devices.Where(d => d.Kind == kind).Select(d => $"; {d.Name}: {d.Note}"));
        Skip.IfNot(present, $"no usable {kind} device on this machine{why}");
    }
}

/// <summary>Packed training against lone runs on the first OpenCL device (CI: PoCL); skipped where there is
/// none.</summary>
public sealed class OpenClPackedTrainingTests : PackedTrainingTests
{
    protected override string Device => "opencl";

    protected override void RequireDevice() => GpuDevice.Require(Device);
}

/// <summary>Packed training against lone runs on the first CUDA device; skipped where there is none.</summary>
public sealed class CudaPackedTrainingTests : PackedTrainingTests
{
    protected override string Device => "cuda";

    protected override void RequireDevice() => GpuDevice.Require(Device);
}
