using SparseGpu.Sweeps;

namespace SparseGpu.Tests.Sweeps;

/// <summary>The claims section of a study as the HTML report shows it.</summary>
public sealed class MarkdownHtmlTests
{
    [Fact]
    public void Table_cells_keep_bold_code_escaped_pipes_and_links()
    {
        string html = MarkdownHtml.ToHtml(
            """
            | claim | verdict | numbers |
            |---|---|---|
            | largest-\|w\| first | **holds** | [the study](../p/RESULTS.md#c), [CHT](https://x.org/?b=1&c=2) |
            | | | `--seeds 5` |
            """
        );

        Assert.Contains("<td>largest-|w| first</td>", html);
        Assert.Contains("<td><strong>holds</strong></td>", html);
        Assert.Contains("<td>the study (<code>../p/RESULTS.md#c</code>), ", html);
        Assert.Contains("<a href=\"https://x.org/?b=1&amp;c=2\">CHT</a>", html);
        Assert.Contains("<code>--seeds 5</code>", html);
        Assert.DoesNotContain("](", html);
    }

    [Fact]
    public void Markup_in_the_text_stays_text() =>
        Assert.Contains("&lt;script&gt;", MarkdownHtml.ToHtml("a [<script>](javascript:alert) b <script>"));
}
