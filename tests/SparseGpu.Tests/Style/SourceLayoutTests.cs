using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Style;

/// <summary>The layout rules the formatter (CSharpier, .csharpierrc.json) cannot enforce on its own.</summary>
public sealed class SourceLayoutTests
{
    private const int MaxColumns = 120;

    [Fact]
    public void Every_source_line_fits_in_120_columns()
    {
        string root = Repository.Root;
        var tooLong = new List<string>();
        foreach (string folder in new[] { "src", "kernels", "tests" })
        foreach (
            string file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
        )
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                continue;
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (lines[i].Length > MaxColumns)
                    tooLong.Add($"{Path.GetRelativePath(root, file)}:{i + 1} ({lines[i].Length} columns)");
        }
        Assert.True(
            tooLong.Count == 0,
            $"{tooLong.Count} lines over {MaxColumns} columns: {string.Join(", ", tooLong.Take(10))}"
        );
    }
}
