using SparseGpu.Tests.Kernels;

namespace SparseGpu.Tests.Reliability;

/// <summary>Named pipes and device nodes for the hostile-input tests, made with the system's own tools.</summary>
internal static class SpecialFiles
{
    public static bool OnUnix => !OperatingSystem.IsWindows();

    public static void MakeFifo(string path) => Run("mkfifo", path);

    /// <summary>A character device like /dev/full (1, 7), made in a test folder (needs root).</summary>
    public static bool TryMakeFullDevice(string path)
    {
        try
        {
            Run("mknod", path, "c", "1", "7");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static bool IsFifo(string path) => FileKinds.Of(path) == FileKind.NamedPipe;

    /// <summary>
    /// Runs <paramref name="action"/> and fails the test if it has not finished within <paramref name="limit"/>,
    /// instead of hanging the suite: a reader blocked in open(2) on <paramref name="fifo"/> is then released by
    /// opening the pipe's other end.
    /// </summary>
    public static T WithinTime<T>(Func<T> action, string fifo, TimeSpan limit)
    {
        Task<T> task = Task.Run(action);
        if (task.Wait(limit))
            return task.Result;
        using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { } // unblocks the reader
        task.Wait(limit);
        throw new Xunit.Sdk.XunitException($"still blocked after {limit.TotalSeconds:0} s on the named pipe {fifo}");
    }

    private static void Run(string tool, params string[] arguments)
    {
        ToolRun.Result result = ToolRun.Run(tool, arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed: {result.Output}");
    }
}
