using System.Text.RegularExpressions;

namespace SparseGpu.Tests.Docs;

/// <summary>The relative links of a Markdown file and the anchors its headings make, as GitHub renders
/// them.</summary>
public static partial class MarkdownLinks
{
    /// <summary>(line number, target) of every link and image outside code, web and mail links left out.</summary>
    public static IEnumerable<(int Line, string Target)> RelativeLinks(string markdown)
    {
        int number = 0;
        foreach (string line in ProseLines(markdown))
        {
            number++;
            if (line.Length == 0)
                continue;
            foreach (Match link in Link().Matches(InlineCode().Replace(line, "")))
            {
                string target = link.Groups[1].Value;
                if (!Scheme().IsMatch(target))
                    yield return (number, target);
            }
        }
    }

    /// <summary>The anchors of the file's headings: GitHub's slugs (lower case, punctuation dropped, each space a
    /// hyphen, "-1", "-2" on repeats).</summary>
    public static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string line in ProseLines(markdown))
        {
            Match heading = Heading().Match(line);
            if (!heading.Success)
                continue;
            string text = Link().Replace(heading.Groups[1].Value.Trim(), m => LinkText(m.Value));
            string slug = Punctuation().Replace(text.ToLowerInvariant(), "").Replace(' ', '-');
            int repeats = seen.GetValueOrDefault(slug);
            seen[slug] = repeats + 1;
            anchors.Add(repeats == 0 ? slug : $"{slug}-{repeats}");
        }
        return anchors;
    }

    /// <summary>Each line, with the lines of fenced code blocks blanked (numbering kept).</summary>
    private static IEnumerable<string> ProseLines(string markdown)
    {
        bool inCode = false;
        foreach (string line in markdown.Split('\n'))
        {
            bool fence = line.TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (fence)
                inCode = !inCode;
            yield return fence || inCode ? "" : line.TrimEnd('\r');
        }
    }

    private static string LinkText(string link) => link[(link.IndexOf('[') + 1)..link.IndexOf("](")];

    [GeneratedRegex(@"!?\[[^\]]*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N}\p{M}\p{Pc} -]")]
    private static partial Regex Punctuation();
}
