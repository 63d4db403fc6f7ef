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
    [InlineData(
        "source,target\n0,1\n",
        "{0}:1: the header must start with 'input,output' (or 'layer,input,output', as export writes it), "
            + "got 'source,target'"
    )]
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
        "error: --method 'adamic-adar' is not valid; valid: ch3l3, ch3l3n, ch2l3, ch2l3n; see sparsegpu linkpred --help"
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

    [Fact]
    public void An_export_edge_list_is_read_one_layer_at_a_time_as_the_model_itself()
    {
        // Issue 26 §2: linkpred --edges did not read export's own edge list (layer,input,output,weight).
        string model = _temp.File("model.ckpt");
        var network = Analysis.HandBuiltNetworks.Build(Analysis.HandBuiltNetworks.Random([16, 9, 7, 4], 0.3, 21));
        SparseGpu.Runs.CheckpointFile.Write(
            model,
            new SparseGpu.Training.TrainingSettings { Hidden = [9, 7], Density = 0.3 },
            new SparseGpu.Training.TrainingState(network)
        );
        string edges = _temp.File("export.csv");
        Assert.Equal(
            CliApp.Success,
            CliRunner.Run("export", "--model", model, "--format", "edgelist", "--out", edges).ExitCode
        );
        // Neurons without links are not in an edge list: the layer's full size is given, as for any edge list.
        foreach (var (layer, inputs, outputs) in new[] { ("1", "16", "9"), ("2", "9", "7") })
        {
            CliRunner.Result fromModel = CliRunner.Run("linkpred", "--model", model, "--layer", layer, "--all");
            CliRunner.Result fromEdges = CliRunner.Run(
                "linkpred",
                "--edges",
                edges,
                "--layer",
                layer,
                "--inputs",
                inputs,
                "--outputs",
                outputs,
                "--all"
            );
            Assert.True(fromEdges.ExitCode == CliApp.Success, fromEdges.Error);
            Assert.Equal(fromModel.Output, fromEdges.Output);
            Assert.True(fromModel.Output.Split('\n').Length > 10);
        }

        CliRunner.Result noLayer = CliRunner.Run("linkpred", "--edges", edges);
        Assert.Equal(
            $"error: {edges}: an edge list of several layers (layer,input,output); give --layer N to score one",
            Assert.Single(noLayer.ErrorLines)
        );
        CliRunner.Result absent = CliRunner.Run("linkpred", "--edges", edges, "--layer", "9");
        Assert.Equal(
            $"error: {edges}: no links of layer 9 (the file has layers 1, 2, 3)",
            Assert.Single(absent.ErrorLines)
        );
        CliRunner.Result plain = CliRunner.Run("linkpred", "--edges", Golden("worked-example.csv"), "--layer", "1");
        Assert.StartsWith("error: --layer 1: ", Assert.Single(plain.ErrorLines));
    }
}
