using System.Diagnostics;
using System.Globalization;

namespace SparseGpu;

/// <summary>
/// Finds the temporary files that killed <see cref="AtomicFile"/> writes left beside a file (`.NAME.PID.GUID.tmp`)
/// and deletes them. One is stale when the process that wrote it is no longer running on this machine, or when it
/// has not been written to for an hour (its PID may have been reused). A file touched in the last
/// <see cref="MinimumAge"/> is always kept: on a shared file system it may be another machine's write in progress.
/// </summary>
internal static class StaleTemporaryFiles
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaximumAge = TimeSpan.FromHours(1);

    public static void DeleteFor(string fullPath)
    {
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string name = Path.GetFileName(fullPath);
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, $".{name}.*.tmp").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string candidate in candidates)
            if (IsStale(candidate, name))
                AtomicFile.TryDelete(candidate);
    }

    private static bool IsStale(string temporary, string targetName)
    {
        // .NAME.PID.GUID.tmp: the PID is the second-to-last dotted part before "tmp".
        string[] parts = Path.GetFileName(temporary)[(targetName.Length + 2)..].Split('.');
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            return false;
        if (pid == Environment.ProcessId)
            return false;
        TimeSpan age = DateTime.UtcNow - File.GetLastWriteTimeUtc(temporary);
        if (age < MinimumAge)
            return false;
        return age > MaximumAge || !IsRunning(pid);
    }

    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
            return Directory.Exists($"/proc/{pid}");
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
