using System.Globalization;
using SparseGpu.Analysis;
using SparseGpu.Cli;
using SparseGpu.Export;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Robustness;

namespace SparseGpu.Tests.Analysis;

/// <summary>`sparsegpu analyze` and `linkpred --model --layer` on a trained checkpoint.</summary>
public sealed class AnalyzeCliTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Activity_counts_the_dead_units_on_the_test_set_and_needs_its_data()
    {
        string output = fixture.Scratch("analysis-activity");
        CliRunner.Result result = CliRunner.Run(
            "analyze",
            "--model",
            fixture.Model,
            "--activity",
            "--data-dir",
            fixture.DataDirectory,
            "--no-download",
            "--no-plots",
            "--out",
            output
        );
        Assert.True(result.ExitCode == CliApp.Success, result.Error);
        string[] rows = File.ReadAllLines(Path.Combine(output, "structure.csv"));
        int column = Array.IndexOf(rows[0].Split(','), "functionally_dead");
        Assert.All(rows.Skip(1), row => Assert.Matches("^[0-9]+$", row.Split(',')[column]));

        CliRunner.Result without = CliRunner.Run("analyze", "--model", fixture.Model, "--no-plots", "--out", output);
        Assert.Equal(CliApp.Success, without.ExitCode);
        Assert.All(File.ReadAllLines(Path.Combine(output, "structure.csv")).Skip(1), r => Assert.EndsWith(",", r));

        CliRunner.Result stray = CliRunner.Run("analyze", "--model", fixture.Model, "--data-dir", output);
        Assert.NotEqual(CliApp.Success, stray.ExitCode);
        Assert.Contains("--data-dir and --no-download are for --activity", stray.Error);
        CliRunner.Result noData = CliRunner.Run(
            "analyze",
            "--model",
            fixture.Model,
            "--activity",
            "--data-dir",
            fixture.Scratch("no-data-here"),
            "--no-download",
            "--out",
            output
        );
        Assert.NotEqual(CliApp.Success, noData.ExitCode);
        Assert.Single(noData.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Analyze_writes_the_tables_and_figures_of_two_models()
    {
        string copy = fixture.Scratch("analyze-copy.ckpt");
        File.Copy(fixture.Model, copy, overwrite: true);
        string output = fixture.Scratch("analysis");
        CliRunner.Result result = CliRunner.Run(
            "analyze",
            "--model",
            fixture.Model,
            "--model",
            copy,
            "--out",
            output,
            "--width",
            "500",
            "--height",
            "400"
        );
        Assert.Equal(CliApp.Success, result.ExitCode);
        foreach (
            string file in new[]
            {
                "structure.csv",
                "network.csv",
                "overlap.csv",
                "degree-ccdf.png",
                "input-maps.png",
                "weight-histograms.png",
                "hubs.png",
            }
        )
            Assert.True(File.Exists(Path.Combine(output, file)), file);

        string[] structure = File.ReadAllLines(Path.Combine(output, "structure.csv"));
        Assert.Equal(StructureCsv.StructureHeader, structure[0]);
        Assert.Equal(1 + 2 * 2, structure.Length); // two models x two sparse layers
        Network network = CheckpointFile.Read(fixture.Model).State.Network;
        LayerStructure first = LayerStructure.Of(network, 0);
        string[] row = structure[1].Split(',');
        Assert.Equal(fixture.Model, row[0]);
        Assert.Equal(("rlr", "1"), (row[1], row[4]));
        Assert.Equal(first.InDegreeGini, double.Parse(row[12], CultureInfo.InvariantCulture));
        Assert.Equal(first.DormantFraction, double.Parse(row[25], CultureInfo.InvariantCulture));

        string[] overlap = File.ReadAllLines(Path.Combine(output, "overlap.csv"));
        Assert.Equal(1 + 2, overlap.Length); // one pair, two layers; a copy is identical
        Assert.All(overlap.Skip(1), line => Assert.EndsWith(",1", line));
        string[] net = File.ReadAllLines(Path.Combine(output, "network.csv"));
        NetworkConnectivity c = NetworkConnectivity.Of(network);
        Assert.Equal(c.Log10Paths, double.Parse(net[1].Split(',')[7], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Analyze_refuses_what_it_cannot_read_in_one_line()
    {
        CliRunner.Result none = CliRunner.Run("analyze", "--no-plots");
        Assert.Equal(["error: give at least one --model checkpoint or --runs directory"], none.ErrorLines);
        CliRunner.Result twice = CliRunner.Run(
            "analyze",
            "--model",
            fixture.Model,
            "--model",
            fixture.Model,
            "--no-plots",
            "--out",
            fixture.Scratch("twice")
        );
        Assert.Equal([$"error: {fixture.Model} is given twice"], twice.ErrorLines);
        string bad = fixture.Scratch("not-a-model.ckpt");
        File.WriteAllText(bad, "hello");
        CliRunner.Result corrupt = CliRunner.Run(
            "analyze",
            "--model",
            bad,
            "--no-plots",
            "--out",
            fixture.Scratch("corrupt")
        );
        Assert.Equal(CliApp.Failure, corrupt.ExitCode);
        Assert.Equal([$"error: {bad}: not a SparseGpu checkpoint (wrong magic)"], corrupt.ErrorLines);
        CliRunner.Result noRun = CliRunner.Run("analyze", "--runs", fixture.Scratch("no-such-run"), "--no-plots");
        Assert.Equal([$"error: --runs {fixture.Scratch("no-such-run")}: no such directory"], noRun.ErrorLines);
    }

    [Fact]
    public void Linkpred_on_a_trained_layer_equals_linkpred_on_its_exported_edges()
    {
        Network network = CheckpointFile.Read(fixture.Model).State.Network;
        string edges = fixture.Scratch("layer2-edges.csv");
        Layer second = network.Layers[1];
        File.WriteAllLines(
            edges,
            new[] { "input,output" }.Concat(
                Enumerable
                    .Range(0, second.LinkCount)
                    .Select(l =>
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"{second.Topology.Columns[l]},{second.Topology.Rows[l]}"
                        )
                    )
            )
        );
        CliRunner.Result fromEdges = CliRunner.Run(
            "linkpred",
            "--edges",
            edges,
            "--inputs",
            second.Inputs.ToString(CultureInfo.InvariantCulture),
            "--outputs",
            second.Outputs.ToString(CultureInfo.InvariantCulture),
            "--top",
            "50"
        );
        CliRunner.Result fromModel = CliRunner.Run("linkpred", "--model", fixture.Model, "--layer", "2", "--top", "50");
        Assert.Equal(CliApp.Success, fromModel.ExitCode);
        Assert.Equal(51, fromModel.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(fromEdges.Output, fromModel.Output);

        Assert.Equal(
            [$"error: --layer 3: {fixture.Model} has sparse layers 1..2"],
            CliRunner.Run("linkpred", "--model", fixture.Model, "--layer", "3").ErrorLines
        );
        Assert.Equal(
            ["error: --model needs --layer K (the sparse layer to score, 1-based)"],
            CliRunner.Run("linkpred", "--model", fixture.Model).ErrorLines
        );
        Assert.Equal(
            ["error: give either --edges FILE or --model CHECKPOINT --layer K"],
            CliRunner.Run("linkpred").ErrorLines
        );
        Assert.Equal(
            ["error: give either --edges FILE or --model CHECKPOINT --layer K"],
            CliRunner.Run("linkpred", "--edges", edges, "--model", fixture.Model, "--layer", "1").ErrorLines
        );
    }
}
