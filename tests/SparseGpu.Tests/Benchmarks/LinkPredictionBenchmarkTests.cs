using System.Globalization;
using SparseGpu.Benchmarks;
using SparseGpu.Cli;
using SparseGpu.Tests.Cli;

namespace SparseGpu.Tests.Benchmarks;

/// <summary>`bench --suite linkpred --predictors`: one table per predictor, in the order asked, each with its
/// columns and one row per size; and the predictor lists it refuses, each in one line before any timing.</summary>
public sealed class LinkPredictionBenchmarkTests
{
    private static readonly string[] Columns =
    [
        "size",
        "links",
        "L3 paths",
        "selected",
        "time ms",
        "ns/path",
        "allocated MiB",
    ];

    private sealed record Table(string Predictor, string[] Header, List<double[]> Rows, string PeakLine);

    [Fact]
    public void Each_predictor_gets_a_table_of_every_size_in_the_order_asked()
    {
        CliRunner.Result result = CliRunner.Run(
            "bench",
            "--suite",
            "linkpred",
            "--sizes",
            "11,40",
            "--predictors",
            "ch2l3n, CH3L3,ch2l3",
            "--device",
            "cpu",
            "--threads",
            "1"
        );
        Assert.Equal(CliApp.Success, result.ExitCode);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("device        ", lines[0]);
        Assert.StartsWith("date          ", lines[1]);
        Assert.Single(lines, l => l.StartsWith("device", StringComparison.Ordinal));

        List<Table> tables = Tables(lines.Skip(2).ToArray());
        // Each table is headed by the predictor's display name, as linkpred and the papers write it.
        Assert.Equal(["CH2-L3n", "CH3-L3", "CH2-L3"], tables.Select(t => t.Predictor));
        foreach (Table table in tables)
        {
            Assert.Equal(Columns, table.Header);
            Assert.Equal([11.0, 40.0], table.Rows.Select(r => r[0]));
            foreach (double[] row in table.Rows)
            {
                double size = row[0],
                    links = row[1],
                    paths = row[2],
                    selected = row[3],
                    milliseconds = row[4],
                    nsPerPath = row[5];
                string what = $"{table.Predictor} size {size}";
                Assert.Equal(LinkPredictionBenchmark.LinksPerNeuron * size, links);
                Assert.True(paths > 0, what);
                Assert.InRange(selected, 1, Math.Floor(LinkPredictionBenchmark.Selected * links));
                Assert.True(milliseconds >= 0 && row[6] >= 0, what);
                // ns/path is the time over the paths; both printed with one decimal.
                Assert.True(Math.Abs(nsPerPath - milliseconds * 1e6 / paths) <= 0.05 + 0.05 * 1e6 / paths, what);
            }
            // 400 links of 1,600 positions: far more than 120 absent links close a path, so 30% are selected.
            Assert.Equal(120, table.Rows[1][3]);
            Assert.Matches(@"^peak working set \d+ MiB$", table.PeakLine);
        }
        // The same layers for every predictor: the same links and paths.
        Assert.All(tables, t => Assert.Equal(tables[0].Rows.Select(r => r[..3]), t.Rows.Select(r => r[..3])));
    }

    [Theory]
    [InlineData("ch4l3", "--predictors: 'ch4l3' is not valid; valid: ch3l3, ch3l3n, ch2l3, ch2l3n")]
    [InlineData("ch3l3,,ch2l3", "--predictors has an empty name")]
    [InlineData("ch3l3n,CH3L3N", "--predictors names a predictor twice: ch3l3n,CH3L3N")]
    public void A_bad_predictor_list_is_a_one_line_usage_error(string predictors, string message)
    {
        CliRunner.Result result = CliRunner.Run(
            "bench",
            "--suite",
            "linkpred",
            "--sizes",
            "11",
            "--predictors",
            predictors,
            "--device",
            "cpu"
        );
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal($"error: {message}; see sparsegpu bench --help", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Output);
    }

    /// <summary>The blocks after the device and date lines: "NAME of every absent link …:", the column header,
    /// a row per size, "peak working set N MiB".</summary>
    private static List<Table> Tables(string[] lines)
    {
        var tables = new List<Table>();
        for (int i = 0; i < lines.Length; )
        {
            Assert.Contains(" of every absent link of a square layer", lines[i]);
            string predictor = lines[i].Split(' ')[0];
            string[] header = SplitHeader(lines[i + 1]).ToArray();
            var rows = new List<double[]>();
            int j = i + 2;
            for (; j < lines.Length && lines[j].StartsWith("  ", StringComparison.Ordinal); j++)
                rows.Add(
                    lines[j]
                        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                        .Select(cell => double.Parse(cell, CultureInfo.InvariantCulture))
                        .ToArray()
                );
            tables.Add(new Table(predictor, header, rows, lines[j]));
            i = j + 1;
        }
        return tables;
    }

    /// <summary>The header is right-aligned columns separated by single spaces; its two-word names are known.</summary>
    private static IEnumerable<string> SplitHeader(string text)
    {
        string[] words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int k = 0; k < words.Length; k++)
            if (k + 1 < words.Length && Columns.Contains(words[k] + " " + words[k + 1]))
                yield return words[k] + " " + words[++k];
            else
                yield return words[k];
    }
}
