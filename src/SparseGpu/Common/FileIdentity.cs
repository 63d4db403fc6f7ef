using System.Runtime.InteropServices;

namespace SparseGpu;

/// <summary>
/// Whether two paths name the same file: by device and inode where the C library's stat() is at hand (Linux on
/// x86-64 and ARM64, where both lead the stat structure as two 64-bit fields), so hard links and symbolic links
/// count as one file; elsewhere by the full path with every symbolic link resolved.
/// </summary>
public static partial class FileIdentity
{
    public static bool Same(string a, string b)
    {
        if (DeviceAndInode(a) is { } first && DeviceAndInode(b) is { } second)
            return first == second;
        return string.Equals(
            Resolved(a),
            Resolved(b),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal
        );
    }

    /// <summary>A key equal for paths of the same file (device:inode, or the resolved path).</summary>
    public static string Key(string path) =>
        DeviceAndInode(path) is { } id ? $"{id.Device}:{id.Inode}" : Resolved(path);

    private static (ulong Device, ulong Inode)? DeviceAndInode(string path)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        if (RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
            return null;
        byte[] buffer = new byte[256]; // larger than struct stat on both
        try
        {
            if (Stat(path, buffer) != 0)
                return null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        return (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
    }

    /// <summary>The full path with symbolic links resolved in every component that exists.</summary>
    private static string Resolved(string path)
    {
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        string resolvedDirectory = directory is null ? "" : Resolved(directory);
        string combined = directory is null ? full : Path.Combine(resolvedDirectory, Path.GetFileName(full));
        FileSystemInfo? target = null;
        try
        {
            target = File.ResolveLinkTarget(combined, returnFinalTarget: true);
        }
        catch (IOException) { }
        return target is null ? combined : Resolved(target.FullName);
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, byte[] buffer);
}
