namespace SparseGpu.Tests.Support;

/// <summary>The checkout the tests run from: scripts and experiments they check live there.</summary>
public static class Repository
{
    /// <summary>The directory holding SparseGpu.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SparseGpu.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no SparseGpu.sln above {AppContext.BaseDirectory}");
    }
}
