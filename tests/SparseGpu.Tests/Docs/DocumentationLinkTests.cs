using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Docs;

/// <summary>Every relative link in the checkout's Markdown leads somewhere: the file or folder exists, and an anchor
/// names a heading of the file it points into.</summary>
public sealed class DocumentationLinkTests
{
    [Fact]
    public void Every_relative_link_and_anchor_in_the_markdown_files_resolves()
    {
        var broken = new List<string>();
        var anchorsOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        IReadOnlyList<string> files = Documentation.AllMarkdownFiles();
        foreach (string file in files)
        {
            string folder = Path.GetDirectoryName(Documentation.PathOf(file))!;
            foreach (
                (int line, string target) in MarkdownLinks.RelativeLinks(File.ReadAllText(Documentation.PathOf(file)))
            )
            {
                string[] parts = Uri.UnescapeDataString(target).Split('#', 2);
                string linked = parts[0].Length == 0 ? Documentation.PathOf(file) : Path.Combine(folder, parts[0]);
                if (!File.Exists(linked) && !Directory.Exists(linked))
                    broken.Add($"{file}:{line}: {target} (no such file)");
                else if (parts.Length == 2 && linked.EndsWith(".md", StringComparison.Ordinal))
                {
                    string full = Path.GetFullPath(linked);
                    if (!anchorsOf.TryGetValue(full, out HashSet<string>? anchors))
                        anchorsOf[full] = anchors = MarkdownLinks.Anchors(File.ReadAllText(full));
                    if (!anchors.Contains(parts[1]))
                        broken.Add($"{file}:{line}: {target} (no heading makes #{parts[1]})");
                }
            }
        }
        Assert.Contains("README.md", files);
        Assert.Contains("src/SparseGpu.Cli/README.md", files);
        Assert.True(broken.Count == 0, "broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void The_link_check_finds_links_and_makes_github_anchors()
    {
        const string markdown =
            "# A `train` title\n## How to add …\n## Twice\n## Twice\n"
            + "See [the guide](src/README.md#part) and ![fig](a.png \"title\"), not `[code](x.md)`,\n"
            + "nor [web](https://example.org).\n```\n[in code](y.md)\n```\n[`plot`](#plot)\n";
        Assert.Equal(
            [(5, "src/README.md#part"), (5, "a.png"), (10, "#plot")],
            MarkdownLinks.RelativeLinks(markdown).ToList()
        );
        Assert.Equal(
            ["a-train-title", "how-to-add-", "twice", "twice-1"],
            MarkdownLinks.Anchors(markdown).Order(StringComparer.Ordinal).ToList()
        );
    }

    [Fact]
    public void The_readme_is_a_front_door_with_the_two_commands()
    {
        string readme = File.ReadAllText(Documentation.PathOf("README.md"));
        Assert.True(readme.Length <= 16_000, $"README.md is {readme.Length} characters; keep it under 16,000");
        Assert.Contains("dotnet run -c Release --project src/SparseGpu.Cli -- train\n", readme);
        Assert.Contains("dotnet test SparseGpu.sln -c Release\n", readme);
        foreach (string guide in Documentation.Guides.Where(g => g != "README.md"))
            Assert.Contains($"]({guide})", readme);
    }
}
