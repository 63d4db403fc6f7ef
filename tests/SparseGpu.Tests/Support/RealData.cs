using SparseGpu.Data;

namespace SparseGpu.Tests.Support;

/// <summary>
/// The original data files in ../shared/datasets (found through SPARSEGPU_DATA or by walking up from the test
/// binaries). Tests that need them skip where they are absent; nothing is ever downloaded.
/// </summary>
public static class RealData
{
    public static string? Directory { get; } = Find();

    public static bool Has(DatasetInfo info) =>
        Directory is not null && DatasetLoader.MissingFiles(Directory, info).Count == 0;

    public static string Require(DatasetInfo info)
    {
        Skip.If(
            !Has(info),
            $"{info.Name} files not found (set {DataDirectory.EnvironmentVariable} to ../shared/datasets)"
        );
        return Directory!;
    }

    private static string? Find()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        if (
            !string.IsNullOrWhiteSpace(fromEnvironment)
            && System.IO.Directory.Exists(Path.Combine(fromEnvironment, "mnist"))
        )
            return Path.GetFullPath(fromEnvironment);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "mnist")))
                return candidate;
        }
        return null;
    }
}
