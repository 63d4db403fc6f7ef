using System.Reflection;
using System.Runtime.InteropServices;
using ILGPU;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// The native driver libraries ILGPU binds to, found under the names drivers install. ILGPU imports "cuda" and
/// "OpenCL", which .NET looks up as libcuda.so and libOpenCL.so: development links that a driver-only machine or
/// container, and Debian's OpenCL ICD loader (ocl-icd-libopencl1), do not install, so ILGPU saw no device there. The
/// resolver loads the versioned name (the driver's ABI name) first, then the plain one; a plain libcuda.so can also be
/// the CUDA toolkit's stub, which has no device.
/// </summary>
internal static class DriverLibraries
{
    public static readonly DriverLibrary Cuda = new("cuda", "CUDA driver", "cuda", ["libcuda.so.1", "libcuda.so"]);

    public static readonly DriverLibrary OpenCl = new(
        "opencl",
        "OpenCL ICD loader",
        "OpenCL",
        ["libOpenCL.so.1", "libOpenCL.so"]
    );

    public static readonly IReadOnlyList<DriverLibrary> All = [Cuda, OpenCl];

    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>Makes ILGPU's imports go through <see cref="Resolve"/>; call before ILGPU first touches a driver.
    /// Idempotent.</summary>
    public static void InstallResolver()
    {
        lock (Gate)
        {
            if (_installed)
                return;
            _installed = true;
        }
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Context).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // ILGPU or its host already set one: theirs decides.
        }
    }

    // Zero hands the import back to .NET's own lookup, which is also where a failure is reported to ILGPU.
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        DriverLibrary? driver = All.FirstOrDefault(d => d.ImportName == name);
        return driver?.Load().Handle ?? IntPtr.Zero;
    }
}

/// <summary>One driver library: the device kind it serves, ILGPU's import name and the file names to try.</summary>
internal sealed class DriverLibrary(string kind, string title, string importName, IReadOnlyList<string> fileNames)
{
    private readonly Lazy<DriverLoad> _load = new(() => DriverLoad.Attempt(fileNames));

    public string Kind { get; } = kind;
    public string Title { get; } = title;
    public string ImportName { get; } = importName;
    public IReadOnlyList<string> FileNames { get; } = fileNames;

    /// <summary>Loads the library once per process and keeps it loaded: ILGPU calls into the same handle.</summary>
    public DriverLoad Load() => _load.Value;
}

/// <summary>How loading a driver library went: the handle and the file name that gave it, or why each name
/// failed (the dynamic loader's own messages).</summary>
internal sealed record DriverLoad(
    IReadOnlyList<string> FileNames,
    IntPtr Handle,
    string? FileName,
    IReadOnlyList<string> Failures
)
{
    private const string NotFound = ": cannot open shared object file: No such file or directory";

    public bool Loaded => Handle != IntPtr.Zero;

    /// <summary>No file by any of the names is on the search path, as opposed to one that is there but fails to
    /// load (a missing dependency names the dependency, not the library; a wrong architecture says so).</summary>
    public bool Absent => !Loaded && Failures.All(IsAbsence);

    /// <summary>Why the library is there but did not load, without the lines that say a name is not there.</summary>
    public IEnumerable<string> LoadErrors => Failures.Where(f => !IsAbsence(f));

    private bool IsAbsence(string failure) =>
        failure.EndsWith(NotFound, StringComparison.Ordinal)
        && FileNames.Contains(Path.GetFileName(failure[..^NotFound.Length]));

    public static DriverLoad Attempt(IReadOnlyList<string> fileNames)
    {
        var failures = new List<string>();
        foreach (string fileName in fileNames)
        {
            try
            {
                return new DriverLoad(fileNames, NativeLibrary.Load(fileName), fileName, failures);
            }
            catch (DllNotFoundException e)
            {
                failures.AddRange(LoaderMessages(fileName, e.Message));
            }
        }
        return new DriverLoad(fileNames, IntPtr.Zero, null, failures);
    }

    // .NET's message is a fixed first line followed by the dlerror() line of each path it tried.
    private static IEnumerable<string> LoaderMessages(string fileName, string message)
    {
        string[] lines = message
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1)
            .ToArray();
        return lines.Length > 0 ? lines : [$"{fileName}: {message.ReplaceLineEndings(" ").Trim()}"];
    }
}
