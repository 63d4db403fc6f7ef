using System.Globalization;
using SparseGpu.Cli;
using SparseGpu.LinkPrediction;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.LinkPrediction;

/// <summary>
/// `linkpred --method` on the worked example of src/SparseGpu.Cli/README.md (linkpred): each predictor's output
/// against a golden file worked out by hand, on the fast CPU path and the ILGPU kernels, and the README's table of
/// the four predictors' scores against what the program prints, so the documented numbers cannot drift.
/// </summary>
public sealed class LinkPredWorkedExampleTests : IDisposable
{
    private const string TableHeader = "| candidate (input, output) | community (inputs; outputs) |";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Golden(string name) =>
        Path.Combine(AppContext.BaseDirectory, "LinkPrediction", "Golden", name);

    private static string GoldenScores(string method) =>
        Golden(method == LinkPredictionMethods.Ch3L3 ? "worked-example.scores.csv" : $"worked-example.{method}.csv");

    public static TheoryData<string, string> MethodsAndDevices()
    {
        var data = new TheoryData<string, string>();
        foreach (string method in LinkPredictionMethods.Names)
        foreach (string device in new[] { "cpu", "ilgpu-cpu" })
            data.Add(method, device);
        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndDevices))]
    public void Each_predictor_gives_the_hand_worked_scores(string method, string device)
    {
        string output = _temp.File($"{method}-{device}.csv");
        CliRunner.Result result = CliRunner.Run(
            "linkpred",
            "--edges",
            Golden("worked-example.csv"),
            "--method",
            method,
            "--device",
            device,
            "--out",
            output
        );
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.Equal(File.ReadAllText(GoldenScores(method)), File.ReadAllText(output));
        string expectedSummary =
            $"4x3 layer, 7 links: 5 absent links with a positive {LinkPredictionMethods.DisplayName(method)} score";
        Assert.Contains(expectedSummary, result.Error);
    }

    [Fact]
    public void The_readme_table_of_the_four_predictors_is_what_linkpred_prints()
    {
        string[] lines = File.ReadAllLines(Documentation.PathOf("src/SparseGpu.Cli/README.md"));
        int header = Array.FindIndex(lines, l => l.StartsWith(TableHeader, StringComparison.Ordinal));
        Assert.True(header >= 0, $"no table starting '{TableHeader}' in the linkpred section");
        string[] columns = Cells(lines[header]);
        var rows = lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).Select(Cells).ToList();
        Assert.NotEmpty(rows);

        var documentedMethods = new List<string>();
        for (int column = 2; column < columns.Length; column++)
        {
            string method = LinkPredictionMethods.Names.Single(m =>
                LinkPredictionMethods.DisplayName(m) == columns[column]
            );
            documentedMethods.Add(method);
            Dictionary<string, double> printed = Printed(method);
            Assert.Equal(printed.Keys.Order(), rows.Select(r => r[0]).Order());
            foreach (string[] row in rows)
            {
                string text = row[column];
                double documented = double.Parse(text, CultureInfo.InvariantCulture);
                int decimals = text.Contains('.') ? text.Length - text.IndexOf('.') - 1 : 0;
                double actual = printed[row[0]];
                Assert.True(
                    Math.Abs(documented - actual) <= 0.5 * Math.Pow(10, -decimals) * (1 + 1e-9),
                    $"README: {columns[column]} {row[0]} = {text}, linkpred prints {actual}"
                );
            }
        }
        Assert.Equal(LinkPredictionMethods.Names.Order(), documentedMethods.Order());
    }

    /// <summary>The "(input,output)" of every row linkpred writes, with its score.</summary>
    private Dictionary<string, double> Printed(string method)
    {
        CliRunner.Result result = CliRunner.Run(
            "linkpred",
            "--edges",
            Golden("worked-example.csv"),
            "--method",
            method,
            "--device",
            "cpu"
        );
        Assert.Equal(CliApp.Success, result.ExitCode);
        return result
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(f => $"({f[0]},{f[1]})", f => double.Parse(f[2], CultureInfo.InvariantCulture));
    }

    private static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
}
