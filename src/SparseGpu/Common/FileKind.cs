using System.Runtime.InteropServices;

namespace SparseGpu;

/// <summary>What a path names in the file system, as lstat(2) or stat(2) sees it.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    NamedPipe,
    CharacterDevice,
    BlockDevice,
    Socket,

    /// <summary>A symbolic link whose chain never ends (stat's ELOOP).</summary>
    LinkLoop,
}

/// <summary>
/// Tells a path's file type before it is opened or replaced: opening a named pipe for reading blocks until a writer
/// comes, and renaming a file over a pipe, a device or a symbolic link destroys it, so both must be decided first.
/// <para>.NET has no API for the file type (FileAttributes calls a pipe "Normal"), so on Unix this calls the
/// runtime's own stat wrappers in System.Native (SystemNative_LStat, SystemNative_Stat), whose FileStatus layout is
/// the same on every Unix and begins with two 32-bit fields, Flags and Mode; the mode's type bits are POSIX's. Where
/// those are missing (Windows, an unusual host) it falls back to what .NET can tell: directory, link or file.</para>
/// </summary>
public static class FileKinds
{
    private const int StatusBufferBytes = 512; // FileStatus is ~120 bytes; room for fields added later
    private const int ModeOffset = 4;
    private const int TypeMask = 0xF000;

    /// <summary>The kind of <paramref name="path"/> itself: a symbolic link is reported as one, not followed.</summary>
    public static FileKind Of(string path) => Probe(path, followLinks: false);

    /// <summary>The kind of what <paramref name="path"/> leads to, following symbolic links.</summary>
    public static FileKind OfTarget(string path) => Probe(path, followLinks: true);

    /// <summary>The kind as a message says it ("a named pipe").</summary>
    public static string Describe(FileKind kind) =>
        kind switch
        {
            FileKind.Missing => "missing",
            FileKind.Regular => "a regular file",
            FileKind.Directory => "a directory",
            FileKind.SymbolicLink => "a symbolic link",
            FileKind.NamedPipe => "a named pipe",
            FileKind.CharacterDevice => "a character device",
            FileKind.BlockDevice => "a block device",
            FileKind.Socket => "a socket",
            _ => "a symbolic link that loops",
        };

    private static FileKind Probe(string path, bool followLinks)
    {
        if (!OperatingSystem.IsWindows() && TryNative(path, followLinks) is { } native)
            return native;
        return Managed(path, followLinks);
    }

    private static FileKind? TryNative(string path, bool followLinks)
    {
        byte[] status = new byte[StatusBufferBytes];
        int result;
        try
        {
            result = followLinks ? Native.Stat(path, status) : Native.LStat(path, status);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        if (result != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            return error == Native.LoopErrno ? FileKind.LinkLoop : FileKind.Missing;
        }
        int mode = BitConverter.ToInt32(status, ModeOffset);
        return (mode & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.NamedPipe,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Regular, // unknown type bits: let the open decide
        };
    }

    private static FileKind Managed(string path, bool followLinks)
    {
        if (!followLinks && new FileInfo(path).LinkTarget is not null)
            return FileKind.SymbolicLink;
        if (Directory.Exists(path))
            return FileKind.Directory;
        return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    private static class Native
    {
        /// <summary>ELOOP: 40 on Linux, 62 on macOS and the BSDs.</summary>
        public static readonly int LoopErrno = OperatingSystem.IsLinux() ? 40 : 62;

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
        public static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
    }
}
