using System.Runtime.InteropServices;

namespace SparseGpu;

public enum HardLinkResult
{
    Created,

    /// <summary>The new name exists: link(2) refuses it atomically, whoever created it.</summary>
    NameTaken,

    /// <summary>The file system (or platform) has no hard links; the caller needs another way.</summary>
    Unsupported,
}

/// <summary>
/// link(2): gives an existing, complete file a second name, failing if that name exists, in one step. It is how a
/// file can appear under a name with all its content at once and only if the name is free (rename replaces, and
/// .NET's File.Move without overwrite checks and then renames where the kernel lacks RENAME_NOREPLACE, which lets
/// two racing callers both win).
/// </summary>
public static class HardLink
{
    private const int ENOENT = 2;
    private const int EEXIST = 17; // the same on Linux and macOS

    /// <exception cref="IOException">Any other failure (a missing directory, no permission), with the
    /// reason.</exception>
    public static HardLinkResult TryCreate(string existing, string newName)
    {
        if (OperatingSystem.IsWindows())
            return HardLinkResult.Unsupported;
        int result;
        try
        {
            result = Native.Link(existing, newName);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return HardLinkResult.Unsupported;
        }
        if (result == 0)
            return HardLinkResult.Created;
        int error = Marshal.GetLastPInvokeError();
        if (error == EEXIST)
            return HardLinkResult.NameTaken;
        if (error == ENOENT)
            throw new DirectoryNotFoundException($"{newName}: its directory does not exist");
        if (IsUnsupported(error))
            return HardLinkResult.Unsupported;
        throw new IOException($"{newName}: cannot link ({Marshal.GetPInvokeErrorMessage(error)})");
    }

    /// <summary>EPERM, EXDEV, EMLINK, ENOSYS, ENOTSUP/EOPNOTSUPP: file systems without hard links (FAT, some FUSE
    /// and network mounts) answer with one of these.</summary>
    private static bool IsUnsupported(int error) =>
        OperatingSystem.IsLinux() ? error is 1 or 18 or 31 or 38 or 95 : error is 1 or 18 or 31 or 78 or 45 or 102;

    private static class Native
    {
        [DllImport("libc", EntryPoint = "link", SetLastError = true)]
        public static extern int Link(
            [MarshalAs(UnmanagedType.LPUTF8Str)] string existing,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string newName
        );
    }
}
