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
    public static INetworkEngine Create(string device, int threads = 0, Action<string>? log = null) =>
        Open<INetworkEngine>(
            device,
            (kind, opened) => new IlgpuEngine(opened.Accelerator, kind, opened),
            () => new CpuEngine(threads),
            engine => engine.Description,
            log
        );

    /// <summary>
    /// A pack of <paramref name="networks"/> same-shape networks trained in the same launches on an ILGPU device,
    /// or null where the device is the fast CPU path (which gains nothing from fewer launches: its runs go one after
    /// another).
    /// </summary>
    /// <param name="cancel">Stops every network of the pack after the same training step.</param>
    public static NetworkPack? OpenPack(
        string device,
        int networks,
        CancellationToken cancel,
        Action<string>? log = null
    ) =>
        Open<NetworkPack?>(
            device,
            (kind, opened) => new NetworkPack(opened.Accelerator, kind, networks, opened, cancel: cancel),
            () => null,
            pack => pack?.Describe(0) ?? CpuEngine.Describe(0),
            log
        );

    /// <summary>
    /// Whatever runs on a --device (an engine, a link scorer): on an ILGPU device of the named kind, on the fast CPU
    /// path, or for `auto` on the first CUDA or OpenCL device present, else the CPU, saying which in one line.
    /// </summary>
    internal static T Open<T>(
        string device,
        Func<string, IlgpuDevice, T> onIlgpu,
        Func<T> onCpu,
        Func<T, string> describe,
        Action<string>? log
    )
    {
        RequireKnownName(device);
        string kind = device.ToLowerInvariant();
        if (kind == "cpu")
            return onCpu();
        foreach (string candidate in kind == "auto" ? ["cuda", "opencl"] : new[] { kind })
        {
            if (TryOpenDevice(candidate) is not { } opened)
                continue;
            T onDevice = onIlgpu(candidate, opened);
            if (kind == "auto")
                log?.Invoke($"device auto: chose {candidate}: {describe(onDevice)}");
            return onDevice;
        }
        if (kind != "auto")
            throw NoSuchDevice(device);
        T cpu = onCpu();
        log?.Invoke($"device auto: no CUDA or compatible OpenCL device; chose cpu: {describe(cpu)}");
        return cpu;
    }

    private static SparseGpuException NoSuchDevice(string device)
    {
        List<DeviceDescription> devices = ListDevices().ToList();
        string available = string.Join(
            ", ",
            devices.Where(d => d.Usable).Select(d => $"{d.Kind} ({d.Name})").Distinct()
        );
        // Where the driver is the reason (not installed, not loadable, no device), its row says so.
        string why = string.Concat(
            devices.Where(d => d.Kind == device.ToLowerInvariant() && !d.Usable).Select(d => $"; {d.Name}: {d.Note}")
        );
        return new($"--device {device}: no such device here; available: {available}{why}");
    }

    private static IlgpuDevice? TryOpenDevice(string kind) => WhenAvailable(() => IlgpuDevices.TryOpenDevice(kind));

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
}
