namespace SparseGpu;

/// <summary>
/// The one check every writer makes before it replaces a file: the name must be free or a regular file. A write
/// renames a complete temporary file over its target, and a rename over a named pipe, a device (`--out /dev/full`,
/// run as root) or a symbolic link would silently destroy that thing and report success; a directory cannot be
/// replaced at all. <see cref="AtomicFile"/> calls it for every write; commands call it again up front so that a
/// bad `--out` is refused before any work is done.
/// </summary>
public static class OutputPath
{
    /// <param name="what">How the message names the output ("--out", "model.ckpt").</param>
    public static void RequireReplaceable(string path, string what = "output")
    {
        FileKind kind = FileKinds.Of(path);
        switch (kind)
        {
            case FileKind.Missing:
            case FileKind.Regular:
                return;
            case FileKind.SymbolicLink:
                throw new SparseGpuException(
                    $"{path}: the {what} is a symbolic link ({LinkDescription(path)}); give the path of a regular "
                        + "file, or remove the link"
                );
            default:
                throw new SparseGpuException(
                    $"{path}: the {what} is {FileKinds.Describe(kind)}, not a regular file; give a file's path"
                );
        }
    }

    private static string LinkDescription(string path)
    {
        string target = new FileInfo(path).LinkTarget ?? "?";
        return FileKinds.OfTarget(path) switch
        {
            FileKind.LinkLoop => $"to {target}, a chain of links that loops",
            FileKind.Missing => $"to {target}, which does not exist",
            FileKind kind => $"to {FileKinds.Describe(kind)}, {target}",
        };
    }
}
