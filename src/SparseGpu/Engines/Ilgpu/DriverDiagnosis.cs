using System.Runtime.InteropServices;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// Why ILGPU lists no device of a kind, for `sparsegpu devices`: the driver library is not installed, is there but
/// does not load (the loader's reason), or loads and its first call fails (the driver's error code, named). Asked only
/// where ILGPU found no such device, so it never touches a working driver.
/// </summary>
internal static unsafe class DriverDiagnosis
{
    private const int ClPlatformNotFoundKhr = -1001;

    public static string Explain(DriverLibrary driver)
    {
        DriverLoad load = driver.Load();
        if (load.Absent)
            return $"not installed (no {string.Join(" or ", driver.FileNames)} on the library search path)";
        if (!load.Loaded)
            return $"found but could not be loaded: {string.Join("; ", load.LoadErrors)}";
        string file = load.FileName!;
        return driver == DriverLibraries.Cuda ? ExplainCuda(file, load.Handle) : ExplainOpenCl(file, load.Handle);
    }

    private static string ExplainCuda(string file, IntPtr handle)
    {
        if (!NativeLibrary.TryGetExport(handle, "cuInit", out IntPtr cuInit))
            return $"{file} loaded but has no cuInit: not a CUDA driver";
        int error = ((delegate* unmanaged<uint, int>)cuInit)(0);
        return error == 0
            ? $"{file} loaded and cuInit succeeded, but ILGPU found no CUDA device"
            : $"{file} loaded, but cuInit failed with CUDA error {error}{CudaErrorName(error)}";
    }

    private static string ExplainOpenCl(string file, IntPtr handle)
    {
        if (!NativeLibrary.TryGetExport(handle, "clGetPlatformIDs", out IntPtr getPlatforms))
            return $"{file} loaded but has no clGetPlatformIDs: not an OpenCL library";
        uint platforms = 0;
        int error = ((delegate* unmanaged<uint, IntPtr*, uint*, int>)getPlatforms)(0, null, &platforms);
        if (error == ClPlatformNotFoundKhr || (error == 0 && platforms == 0))
            return $"{file} loaded, but it found no OpenCL platform (no driver registered in /etc/OpenCL/vendors)";
        return error == 0
            ? $"{file} loaded and found {platforms} OpenCL platform(s), but ILGPU found no OpenCL device"
            : $"{file} loaded, but clGetPlatformIDs failed with OpenCL error {error}";
    }

    // The codes a machine without a usable GPU gives (cuda.h's CUresult).
    private static string CudaErrorName(int error) =>
        error switch
        {
            34 => " (CUDA_ERROR_STUB_LIBRARY: the CUDA toolkit's stub, not the driver)",
            35 => " (CUDA_ERROR_INSUFFICIENT_DRIVER: the kernel driver is older than this library)",
            100 => " (CUDA_ERROR_NO_DEVICE: no CUDA-capable device is visible)",
            101 => " (CUDA_ERROR_INVALID_DEVICE)",
            304 => " (CUDA_ERROR_OPERATING_SYSTEM)",
            999 => " (CUDA_ERROR_UNKNOWN: often the kernel module is not loaded)",
            _ => "",
        };
}
