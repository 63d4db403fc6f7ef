using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SparseGpu.Sweeps;

/// <summary>
/// The little Markdown a study's claims section uses, as HTML: paragraphs, pipe tables, **bold**, `code`, escaped
/// pipes (\|) and links. A link to a web address becomes a link; a relative one is shown as its text with the path
/// after it, since the report is read away from the file it came from. Everything else is shown as text, escaped.
/// </summary>
public static partial class MarkdownHtml
{
    /// <summary>
    /// The section of <paramref name="markdown"/> under the first heading that mentions claims, up to the next heading
    /// of the same or a higher level; the whole text when no heading does.
    /// </summary>
    public static string ClaimsSection(string markdown)
    {
        string[] lines = markdown.ReplaceLineEndings("\n").Split('\n');
        int start = Array.FindIndex(
            lines,
            l => l.StartsWith('#') && l.Contains("claim", StringComparison.OrdinalIgnoreCase)
        );
        if (start < 0)
            return markdown;
        int level = lines[start].TakeWhile(c => c == '#').Count();
        int end = Array.FindIndex(
            lines,
            start + 1,
            l => l.StartsWith('#') && l.TakeWhile(c => c == '#').Count() <= level
        );
        return string.Join("\n", lines[(start + 1)..(end < 0 ? lines.Length : end)]);
    }

    public static string ToHtml(string markdown)
    {
        var html = new StringBuilder();
        var paragraph = new List<string>();
        var table = new List<string>();
        void Flush()
        {
            if (paragraph.Count > 0)
                html.Append("<p>").Append(Inline(string.Join(" ", paragraph))).Append("</p>\n");
            paragraph.Clear();
            if (table.Count > 0)
                html.Append(Table(table));
            table.Clear();
        }
        foreach (string raw in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith('|'))
            {
                if (paragraph.Count > 0)
                    Flush();
                table.Add(line);
            }
            else if (line.Length == 0)
                Flush();
            else
            {
                if (table.Count > 0)
                    Flush();
                paragraph.Add(line.TrimStart('#', ' '));
            }
        }
        Flush();
        return html.ToString();
    }

    private static string Table(List<string> rows)
    {
        // Cells are separated by pipes with space on both sides, so a pipe inside text (such as |w|) stays text.
        static List<string> Cells(string row) =>
            CellSeparator().Split(" " + row.Trim().Trim('|') + " ").Select(c => c.Trim()).ToList();
        var html = new StringBuilder("<table>\n");
        bool separator = rows.Count > 1 && SeparatorRow().IsMatch(rows[1]);
        for (int i = 0; i < rows.Count; i++)
        {
            if (separator && i == 1)
                continue;
            string tag = separator && i == 0 ? "th" : "td";
            html.Append("<tr>")
                .Append(string.Concat(Cells(rows[i]).Select(c => $"<{tag}>{Inline(c)}</{tag}>")))
                .Append("</tr>\n");
        }
        return html.Append("</table>\n").ToString();
    }

    private static string Inline(string text)
    {
        string escaped = WebUtility.HtmlEncode(text.Replace(@"\|", "|"));
        escaped = Bold().Replace(escaped, "<strong>$1</strong>");
        escaped = Link()
            .Replace(
                escaped,
                m =>
                    m.Groups[2].Value.StartsWith("https://", StringComparison.Ordinal)
                    || m.Groups[2].Value.StartsWith("http://", StringComparison.Ordinal)
                        ? $"<a href=\"{m.Groups[2].Value}\">{m.Groups[1].Value}</a>"
                        : $"{m.Groups[1].Value} (<code>{m.Groups[2].Value}</code>)"
            );
        return Code().Replace(escaped, "<code>$1</code>");
    }

    [GeneratedRegex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")]
    private static partial Regex SeparatorRow();

    [GeneratedRegex(@"\s\|\s")]
    private static partial Regex CellSeparator();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();
}
