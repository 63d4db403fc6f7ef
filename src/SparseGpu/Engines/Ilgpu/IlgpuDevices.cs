using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using SparseGpu.Kernels;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>What ILGPU sees on this machine, and how to open an engine on one of its devices.</summary>
internal static class IlgpuDevices
{
    // Every context this class creates looks for the drivers under the names they install.
    static IlgpuDevices() => DriverLibraries.InstallResolver();

    /// <summary>ILGPU's devices, and for a driver that gives none a row that says why.</summary>
    public static IReadOnlyList<DeviceDescription> List()
    {
        var result = new List<DeviceDescription>();
        try
        {
            // All OpenCL devices, then the ones ILGPU accepts, to say which are usable.
            using Context all = Context.Create(b => b.Cuda().OpenCL(_ => true).CPU());
            using Context compatible = Context.Create(b => b.OpenCL());
            var compatibleNames = compatible.Devices.Select(d => d.Name).ToHashSet();
            int cuda = 0,
                opencl = 0,
                cpu = 0;
            foreach (Device device in all.Devices)
            {
                switch (device)
                {
                    case CudaDevice d:
                        result.Add(
                            new DeviceDescription(
                                "cuda",
                                cuda++,
                                d.Name,
                                d.MemorySize,
                                true,
                                $"compute capability {d.Architecture}, {d.NumMultiprocessors} multiprocessors, "
                                    + CudaVersions(d)
                            )
                        );
                        break;
                    case CLDevice d:
                        bool usable = compatibleNames.Contains(d.Name);
                        result.Add(
                            new DeviceDescription(
                                "opencl",
                                opencl++,
                                d.Name,
                                d.MemorySize,
                                usable,
                                usable
                                    ? $"{d.VendorName}, OpenCL C {d.CVersion}"
                                    : $"{d.VendorName}: not supported by ILGPU (OpenCL C {d.CVersion})"
                            )
                        );
                        break;
                    case CPUDevice d when cpu++ == 0:
                        result.Add(
                            new DeviceDescription(
                                "ilgpu-cpu",
                                0,
                                "ILGPU CPU accelerator",
                                null,
                                true,
                                "simulates GPU threads: for testing kernels, far too slow to train"
                            )
                        );
                        break;
                }
            }
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or InvalidOperationException)
        {
            result.Add(
                new DeviceDescription("ilgpu", 0, "ILGPU runtime", null, false, $"device discovery failed: {e.Message}")
            );
        }
        // A driver with no device in the list says why, in the place its devices would take.
        foreach (DriverLibrary driver in DriverLibraries.All.Reverse())
        {
            if (!result.Any(d => d.Kind == driver.Kind))
                result.Insert(
                    0,
                    new DeviceDescription(driver.Kind, 0, driver.Title, null, false, DriverDiagnosis.Explain(driver))
                );
        }
        return result;
    }

    /// <summary>The PTX ISA ILGPU compiles the kernels for on this device (the newest both ILGPU and the driver
    /// know) and the CUDA version of the driver: the first thing to record on a GPU machine.</summary>
    private static string CudaVersions(CudaDevice device) =>
        $"PTX ISA {device.InstructionSet?.ToString() ?? "none (the driver or ILGPU does not support this device)"}, "
        + $"driver CUDA {device.DriverVersion}";

    /// <summary>Opens an engine on the first usable device of the kind ("cuda", "opencl", "ilgpu-cpu"), or null if
    /// there is none.</summary>
    /// <param name="reduction">The SGD update's reduction; null: the one the device supports best.</param>
    public static IlgpuEngine? TryOpen(string kind, SgdReduction? reduction = null)
    {
        IlgpuDevice? device = TryOpenDevice(kind);
        return device is null ? null : new IlgpuEngine(device.Accelerator, kind, device, reduction);
    }

    /// <summary>The first usable device of the kind as an accelerator with its context, or null if there is
    /// none.</summary>
    public static IlgpuDevice? TryOpenDevice(string kind)
    {
        Context context = kind switch
        {
            "cuda" => Context.Create(b => b.Cuda().EnableAlgorithms()),
            "opencl" => Context.Create(b => b.OpenCL().EnableAlgorithms()),
            "ilgpu-cpu" => Context.Create(b => b.CPU().EnableAlgorithms()),
            _ => throw new ArgumentException($"not an ILGPU device kind: {kind}", nameof(kind)),
        };
        Device? device = context.Devices.FirstOrDefault(d =>
            d.AcceleratorType != AcceleratorType.CPU || kind == "ilgpu-cpu"
        );
        if (device is null)
        {
            context.Dispose();
            return null;
        }
        return new IlgpuDevice(device.CreateAccelerator(context), context);
    }
}

/// <summary>An opened ILGPU accelerator and the context it lives in, released together.</summary>
internal sealed class IlgpuDevice(Accelerator accelerator, Context context) : IDisposable
{
    public Accelerator Accelerator { get; } = accelerator;

    public string Description => IlgpuOperations.Describe(Accelerator);

    public void Dispose()
    {
        Accelerator.Dispose();
        context.Dispose();
    }
}
