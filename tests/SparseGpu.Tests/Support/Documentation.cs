namespace SparseGpu.Tests.Support;

/// <summary>The Markdown documentation of the checkout: the front-door README and the guides beside the code that
/// it links to, which together hold what one README used to.</summary>
public static class Documentation
{
    /// <summary>The guides, relative to the repository root: the tests that check what the documentation says
    /// (option tables, commands, table names) read all of them.</summary>
    public static IReadOnlyList<string> Guides { get; } =
    [
        "README.md",
        "src/SparseGpu.Cli/README.md",
        "src/SparseGpu.Cli/REFERENCE.md",
        "src/FORMATS.md",
        "src/README.md",
        "tests/README.md",
        "kernels/README.md",
        "experiments/README.md",
    ];

    /// <summary>Folders that hold build outputs, run outputs or tools' state, never documentation.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        "bin",
        "obj",
        "results",
        "runs",
        "TestResults",
        "node_modules",
        "shared",
    };

    public static string PathOf(string relative) => Path.Combine(Repository.Root, relative);

    /// <summary>Every *.md file of the checkout outside build and result folders and hidden folders, relative to
    /// the root with '/' separators.</summary>
    public static IReadOnlyList<string> AllMarkdownFiles()
    {
        var found = new List<string>();
        Walk(new DirectoryInfo(Repository.Root), found);
        return found
            .Select(path => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static void Walk(DirectoryInfo folder, List<string> found)
    {
        found.AddRange(folder.EnumerateFiles("*.md").Select(f => f.FullName));
        foreach (DirectoryInfo child in folder.EnumerateDirectories())
            if (!child.Name.StartsWith('.') && !SkippedFolders.Contains(child.Name))
                Walk(child, found);
    }
}
