namespace SparseGpu.Plotting;

/// <summary>Where a figure goes: the extension decides the format (.png or .svg); a directory gets a default
/// name.</summary>
public static class FigureOutput
{
    public static bool IsSvg(string path) => Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase);

    public static void RequireImageExtension(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
            throw new SparseGpuException(
                $"--out {path}: the extension decides the format; give a .png or .svg file (or a directory ending in /)"
            );
    }

    /// <summary>
    /// The file for a one-file figure: <paramref name="requested"/> itself when it names a .png or .svg file, or
    /// <paramref name="defaultName"/> inside it when it is an existing directory or ends with a separator.
    /// </summary>
    public static string File(string? requested, string defaultName)
    {
        if (requested is null)
            return defaultName;
        if (requested.Trim().Length == 0)
            throw new SparseGpuException("--out is empty");
        bool directory =
            requested.EndsWith('/') || requested.EndsWith(Path.DirectorySeparatorChar) || Directory.Exists(requested);
        string path = directory ? Path.Combine(requested, defaultName) : requested;
        RequireImageExtension(path);
        return path;
    }

    /// <summary>The path with "-<paramref name="suffix"/>" before its extension (one file per data set).</summary>
    public static string WithSuffix(string path, string suffix) =>
        suffix.Length == 0
            ? path
            : Path.Combine(
                Path.GetDirectoryName(path) ?? "",
                Path.GetFileNameWithoutExtension(path) + "-" + suffix + Path.GetExtension(path)
            );

    /// <summary>Creates the directory that will hold figures; a path that is a file is a one-line error.</summary>
    public static void CreateDirectory(string directory)
    {
        if (System.IO.File.Exists(directory))
            throw new SparseGpuException($"--out {directory} is a file; give a directory for the figures");
        Directory.CreateDirectory(directory);
    }
}
