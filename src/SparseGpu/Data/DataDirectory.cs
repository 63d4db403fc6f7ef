namespace SparseGpu.Data;

/// <summary>
/// Where data sets live: the --data-dir option, else the SPARSEGPU_DATA environment variable, else a per-user
/// cache directory. Each data set is a sub-directory named after it, holding the original file names.
/// </summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "SPARSEGPU_DATA";

    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return Path.GetFullPath(option);
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);
        return DefaultCacheDirectory();
    }

    /// <summary>
    /// <see cref="Resolve"/> for a job that reads data: a directory the user named (the option or the environment
    /// variable) must exist. A missing one used to fall back to the bundled MNIST subset and exit 0, so a typo in
    /// the path trained on 5,000 images without a word. Only the per-user cache may be missing (downloads create
    /// it); `data download` creates a named directory too, through <see cref="Resolve"/>.
    /// </summary>
    public static string ResolveExisting(string? option)
    {
        string directory = Resolve(option);
        if (Directory.Exists(directory))
            return directory;
        if (!string.IsNullOrWhiteSpace(option))
            throw new SparseGpuException(
                $"--data-dir {option}: no such directory (create it, or leave the option out to use "
                    + $"${EnvironmentVariable} or the per-user cache)"
            );
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable)))
            throw new SparseGpuException(
                $"${EnvironmentVariable}={directory}: no such directory (create it, or unset the variable to use "
                    + "the per-user cache)"
            );
        return directory;
    }

    public static string DefaultCacheDirectory()
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData),
                "SparseGpu",
                "datasets"
            );
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string cacheRoot = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheRoot, "sparsegpu", "datasets");
    }

    public static string FilePath(string dataDirectory, DatasetInfo info, DatasetFile file) =>
        Path.Combine(dataDirectory, info.Name, file.FileName);
}
