using System.Diagnostics;
using SparseGpu.Tests.Kernels;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// Driver libraries as drivers install them: only the versioned name (libcuda.so.1, libOpenCL.so.1), as on a
/// driver-only machine or with Debian's OpenCL ICD loader. A real `sparsegpu devices` process runs with
/// LD_LIBRARY_PATH on a folder that holds a fake driver built here: ILGPU must call into it (each fake entry point
/// writes a line to a log), and `devices` must say why it gives no device instead of leaving the row out.
/// </summary>
public sealed class DriverLibraryTests : IDisposable
{
    // cuInit says "no device" (CUDA_ERROR_NO_DEVICE), clGetPlatformIDs "no platform" (CL_PLATFORM_NOT_FOUND_KHR):
    // what a machine without the hardware, or an ICD loader with no driver registered, answers.
    // Declared by hand, not included, so that any C compiler that can link a shared object builds it. 01|0100|02000:
    // O_WRONLY | O_CREAT | O_APPEND on Linux.
    private const string FakeDriver = """
        extern char *getenv(const char *name);
        extern int open(const char *path, int flags, ...);
        extern long write(int fd, const void *bytes, unsigned long count);
        extern int close(int fd);
        static void note(const char *line, unsigned long length) {
          const char *log = getenv("FAKE_DRIVER_CALLS");
          int fd = log ? open(log, 01 | 0100 | 02000, 0644) : -1;
          if (fd >= 0) { write(fd, line, length); close(fd); }
        }
        int cuInit(unsigned flags) { note("cuInit\n", 7); return 100; }
        int clGetPlatformIDs(unsigned count, void **platforms, unsigned *found) {
          note("clGetPlatformIDs\n", 17);
          if (found) *found = 0;
          return -1001;
        }
        """;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void Drivers_installed_only_under_their_versioned_names_are_loaded_and_say_why_they_give_no_device()
    {
        string libraries = FakeDriverFolder("libcuda.so.1", "libOpenCL.so.1");
        string calls = _temp.File("calls.log");

        string[] rows = Devices(libraries, calls);

        Assert.Contains(
            "cuda           no          -  CUDA driver: libcuda.so.1 loaded, but cuInit failed with CUDA error 100 "
                + "(CUDA_ERROR_NO_DEVICE: no CUDA-capable device is visible)",
            rows
        );
        Assert.Contains(
            "opencl         no          -  OpenCL ICD loader: libOpenCL.so.1 loaded, but it found no OpenCL platform "
                + "(no driver registered in /etc/OpenCL/vendors)",
            rows
        );
        // `devices` itself calls each entry point once to find the reason; any further call is ILGPU's, which
        // without the resolver looks only for libcuda.so and libOpenCL.so and never reaches these files.
        string[] logged = File.ReadAllLines(calls);
        Assert.True(
            logged.Count(c => c == "cuInit") >= 2,
            $"ILGPU did not call the fake cuInit: {string.Join(", ", logged)}"
        );
        Assert.True(
            logged.Count(c => c == "clGetPlatformIDs") >= 2,
            $"ILGPU did not call the fake clGetPlatformIDs: {string.Join(", ", logged)}"
        );
    }

    [SkippableFact]
    public void A_driver_library_that_is_there_but_does_not_load_is_reported_with_the_loader_reason()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux library names");
        string libraries = _temp.File("broken");
        Directory.CreateDirectory(libraries);
        // Longer than an ELF header, so the loader reads one and rejects it.
        File.WriteAllText(Path.Combine(libraries, "libOpenCL.so.1"), string.Concat(Enumerable.Repeat("not ELF\n", 16)));

        string[] rows = Devices(libraries, _temp.File("calls.log"));

        string opencl = Assert.Single(rows, r => r.StartsWith("opencl ", StringComparison.Ordinal));
        Assert.Equal(
            "opencl         no          -  OpenCL ICD loader: found but could not be loaded: "
                + $"{libraries}/libOpenCL.so.1: invalid ELF header",
            opencl
        );
    }

    private string FakeDriverFolder(params string[] names)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux library names");
        string compiler = ExternalTool.Require("a C compiler", "cc", "gcc", "clang");
        string source = _temp.File("fake-driver.c");
        File.WriteAllText(source, FakeDriver);
        string folder = _temp.File("lib");
        Directory.CreateDirectory(folder);
        string first = Path.Combine(folder, names[0]);
        ToolRun.Result built = ToolRun.Run(compiler, "-shared", "-fPIC", "-o", first, source);
        Assert.True(built.ExitCode == 0, built.Output);
        foreach (string name in names.Skip(1))
            File.Copy(first, Path.Combine(folder, name));
        return folder;
    }

    // The rows of `sparsegpu devices`, run as its own process: the library search path is fixed at process start.
    private static string[] Devices(string libraries, string callLog)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "sparsegpu"), ["devices"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["LD_LIBRARY_PATH"] = libraries;
        start.Environment["FAKE_DRIVER_CALLS"] = callLog;
        using Process devices = Process.Start(start)!;
        Task<string> error = devices.StandardError.ReadToEndAsync();
        string output = devices.StandardOutput.ReadToEnd();
        devices.WaitForExit();
        Assert.True(devices.ExitCode == 0, output + error.Result);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
