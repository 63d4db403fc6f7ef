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
