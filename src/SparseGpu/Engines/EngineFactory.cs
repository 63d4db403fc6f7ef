using SparseGpu.Engines.Cpu;
using SparseGpu.Engines.Ilgpu;

namespace SparseGpu.Engines;

/// <summary>Turns a --device value into an engine.</summary>
public static class EngineFactory
{
    public static readonly IReadOnlyList<string> DeviceNames = ["auto", "cuda", "opencl", "cpu", "ilgpu-cpu"];

    /// <summary>Every device: the fast CPU path and what ILGPU sees.</summary>
    public static IReadOnlyList<DeviceDescription> ListDevices()
    {
        var devices = new List<DeviceDescription> { new("cpu", 0, "fast CPU path", null, true, CpuEngine.Hardware(0)) };
        devices.AddRange(IlgpuDevices.List());
        return devices;
    }

    /// <summary>Fails early, before any data is loaded, on a --device value that is not a device name.</summary>
    public static void RequireKnownName(string device)
    {
        if (!DeviceNames.Contains(device.ToLowerInvariant()))
            throw new InvalidSettingException(
                "device",
                $" '{device}' is not valid; valid: {string.Join(", ", DeviceNames)}"
            );
    }

    /// <param name="threads">CPU threads for the fast CPU path (0: all cores).</param>
    /// <param name="log">Receives one line saying what `auto` chose.</param>
    public static INetworkEngine Create(string device, int threads = 0, Action<string>? log = null)
    {
        switch (device.ToLowerInvariant())
        {
            case "auto":
                foreach (string kind in new[] { "cuda", "opencl" })
                {
                    IlgpuEngine? gpu = TryOpen(kind);
                    if (gpu is not null)
                    {
                        log?.Invoke($"device auto: chose {kind}: {gpu.Description}");
                        return gpu;
                    }
                }
                var cpu = new CpuEngine(threads);
                log?.Invoke($"device auto: no CUDA or compatible OpenCL device; chose cpu: {cpu.Description}");
                return cpu;
            case "cpu":
                return new CpuEngine(threads);
            case "cuda" or "opencl" or "ilgpu-cpu":
                return TryOpen(device.ToLowerInvariant()) ?? throw NoSuchDevice(device);
            default:
                RequireKnownName(device);
                throw new InvalidOperationException($"device {device} has no engine");
        }
    }

    internal static SparseGpuException NoSuchDevice(string device) =>
        new($"--device {device}: no such device here; available: {string.Join(", ", Available())}");

    private static IlgpuEngine? TryOpen(string kind) => WhenAvailable(() => IlgpuDevices.TryOpen(kind));

    /// <summary>An ILGPU device of the kind for work that needs no training engine, or null.</summary>
    internal static IlgpuDevice? TryOpenDevice(string kind) => WhenAvailable(() => IlgpuDevices.TryOpenDevice(kind));

    // A missing driver or runtime shows up as one of these: the device is simply not there.
    private static T? WhenAvailable<T>(Func<T?> open)
        where T : class
    {
        try
        {
            return open();
        }
        catch (Exception e)
            when (e
                    is DllNotFoundException
                        or TypeInitializationException
                        or InvalidOperationException
                        or NotSupportedException
            )
        {
            return null;
        }
    }

    private static IEnumerable<string> Available() =>
        ListDevices().Where(d => d.Usable).Select(d => $"{d.Kind} ({d.Name})").Distinct();
}
