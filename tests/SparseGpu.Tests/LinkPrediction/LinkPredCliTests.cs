using SparseGpu.Cli;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.LinkPrediction;

/// <summary>`sparsegpu linkpred` against golden files, and each bad-input case.</summary>
public sealed class LinkPredCliTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Golden(string name) =>
        Path.Combine(AppContext.BaseDirectory, "LinkPrediction", "Golden", name);

    [Theory]
    [InlineData("cpu", new string[0], "worked-example.scores.csv")]
    [InlineData("cpu", new[] { "--top", "2" }, "worked-example.top2.csv")]
    [InlineData("cpu", new[] { "--inputs", "5", "--outputs", "4", "--all" }, "worked-example.padded-all.csv")]
    [InlineData("ilgpu-cpu", new string[0], "worked-example.scores.csv")]
    [InlineData("ilgpu-cpu", new[] { "--top", "2" }, "worked-example.top2.csv")]
    public void Output_matches_the_golden_file(string device, string[] extra, string expected)
    {
        string output = _temp.File("scores.csv");
        CliRunner.Result result = CliRunner.Run([
            "linkpred",
            "--edges",
            Golden("worked-example.csv"),
            "--out",
            output,
            "--device",
            device,
            .. extra,
        ]);
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.Equal(File.ReadAllText(Golden(expected)), File.ReadAllText(output));
        Assert.Contains("warning: ", result.Error);
        Assert.Contains("1 duplicate link(s) counted once (first on line 10)", result.Error);
    }

    [Fact]
    public void Without_out_the_rows_go_to_standard_output()
    {
        CliRunner.Result result = CliRunner.Run("linkpred", "--edges", Golden("worked-example.csv"));
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.Equal(File.ReadAllText(Golden("worked-example.scores.csv")), result.Output);
    }

    [Theory]
    [InlineData("", "{0}: empty file (expected a header 'input,output' and links)")]
    [InlineData("source,target\n0,1\n", "{0}:1: the header must start with 'input,output', got 'source,target'")]
    [InlineData("input,output\n", "{0}: no links after the header")]
    [InlineData("input,output\n0,1\n2,x\n", "{0}:3: output id 'x' is not an integer")]
    [InlineData("input,output\n0,1\n-2,1\n", "{0}:3: input id -2 is negative")]
    [InlineData("input,output\n0,1\n1.5,1\n", "{0}:3: input id '1.5' is not an integer")]
    [InlineData("input,output\n0,1\n7\n", "{0}:3: expected 'input,output', got '7'")]
    public void Bad_edge_files_are_one_line_errors_with_the_line_number(string content, string expected)
    {
        string path = _temp.File("edges.csv");
        File.WriteAllText(path, content);
        CliRunner.Result result = CliRunner.Run("linkpred", "--edges", path);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Equal("error: " + string.Format(expected, path), Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void Ids_beyond_the_given_counts_are_refused_with_their_line()
    {
        CliRunner.Result result = CliRunner.Run("linkpred", "--edges", Golden("worked-example.csv"), "--inputs", "3");
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Equal(
            $"error: {Golden("worked-example.csv")}:9: input id 3 is not below --inputs 3",
            Assert.Single(result.ErrorLines)
        );
    }

    [Theory]
    [InlineData(
        new[] { "--method", "adamic-adar" },
        "error: --method 'adamic-adar' is not valid; valid: ch3l3; see sparsegpu linkpred --help"
    )]
    [InlineData(new[] { "--top", "0" }, "error: --top must be positive, got 0; see sparsegpu linkpred --help")]
    [InlineData(
        new[] { "--top", "3", "--all" },
        "error: --top and --all exclude each other; see sparsegpu linkpred --help"
    )]
    public void Bad_options_are_one_line_usage_errors(string[] extra, string expected)
    {
        CliRunner.Result result = CliRunner.Run(["linkpred", "--edges", Golden("worked-example.csv"), .. extra]);
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal(expected, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void A_missing_edge_file_is_named()
    {
        string path = _temp.File("none.csv");
        CliRunner.Result result = CliRunner.Run("linkpred", "--edges", path);
        Assert.Equal($"error: {path}: file not found", Assert.Single(result.ErrorLines));
    }
}
