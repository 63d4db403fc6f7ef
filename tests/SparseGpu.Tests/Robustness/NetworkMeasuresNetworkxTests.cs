using System.Globalization;
using System.Text.Json;
using SparseGpu.Analysis;
using SparseGpu.Cli;
using SparseGpu.Export;
using SparseGpu.Jobs;
using SparseGpu.Model;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Tests.Analysis;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// Issue 27 §2, verified independently: networkx (Debian python3-networkx; CI fails rather than skips without it)
/// recomputes from `sparsegpu export` edge lists the removal order of the weight orders, the largest connected
/// component, the pixels that still reach an output and the weighted efficiency, level by level, against
/// robustness.csv.
/// </summary>
public sealed class NetworkMeasuresNetworkxTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static readonly double[] Levels = [0, 0.3, 0.6, 0.9, 1];

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Robustness", "network_measures_check.py");

    private static string RequirePython()
    {
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3");
        ExternalTool.RequireThat(Python.Has(python, "import numpy, networkx"), "python3 with numpy and networkx");
        return python;
    }

    [Fact]
    public void Removal_order_component_reachable_pixels_and_efficiency_match_networkx_level_by_level()
    {
        string python = RequirePython();
        string output = fixture.Scratch("networkx-sweep");
        RobustnessResult result = RobustnessJob.Run(
            new RobustnessRequest
            {
                Models = [fixture.Model],
                Perturbations = "random,weight-order,reverse-weight-order",
                Levels = string.Join(",", Levels.Select(l => l.ToString(CultureInfo.InvariantCulture))),
                Repeats = 2,
                Device = "cpu",
                DataDirectory = fixture.DataDirectory,
                AllowDownload = false,
                OutDirectory = output,
                Measures = NetworkMeasureSet.All,
            },
            SilentReporter.Instance,
            null,
            CancellationToken.None
        );
        List<RobustnessRecord> rows = RobustnessCsv.Read(result.RecordsFile);
        Assert.Equal(5 * (2 + 1 + 1), rows.Count);

        string trainedEdges = Path.Combine(output, "trained.csv");
        CliRunner.Result exported = CliRunner.Run(
            "export",
            "--model",
            fixture.Model,
            "--format",
            "edgelist",
            "--out",
            trainedEdges
        );
        Assert.Equal(CliApp.Success, exported.ExitCode);

        // Every perturbed network the sweep evaluated is exported. The script recomputes the weight orders' removal
        // from the trained weights and requires the program's network to be exactly that set; random removal cannot
        // be redrawn outside the program, so its networks are checked to be nested subsets of the right size.
        Checkpoint checkpoint = CheckpointFile.Read(fixture.Model);
        Network trained = checkpoint.State.Network;
        var cases = new List<Dictionary<string, object>>();
        foreach (RobustnessRecord r in rows)
        {
            string key = $"{r.Perturbation}/{r.Level.ToString(CultureInfo.InvariantCulture)}/{r.Repeat}";
            var c = new Dictionary<string, object>
            {
                ["key"] = key,
                ["perturbation"] = r.Perturbation,
                ["level"] = r.Level,
                ["repeat"] = r.Repeat,
                // networkx's Dijkstra is slow: the efficiency on the trained network and at one damaged level each.
                ["efficiency"] = r.Repeat == 0 && (r.Level == 0.6 || (r.Level == 0 && r.Perturbation == "random")),
            };
            var plan = new PerturbationPlan(
                trained,
                Perturbations.Get(r.Perturbation),
                PerturbationScope.Sparse,
                checkpoint.Settings.Seed,
                r.Repeat
            );
            string file = Path.Combine(output, $"{r.Perturbation}-{r.Level}-{r.Repeat}.csv");
            ModelExport.Write(plan.Apply(Array.IndexOf(Levels, r.Level), r.Level), ExportFormats.EdgeList, file);
            c["file"] = file;
            cases.Add(c);
        }
        string casesFile = Path.Combine(output, "cases.json");
        File.WriteAllText(casesFile, JsonSerializer.Serialize(cases));
        string sizes = string.Join(",", new[] { trained.Inputs }.Concat(trained.Layers.Select(l => l.Outputs)));
        using JsonDocument answer = JsonDocument.Parse(
            Python.Run(
                python,
                Script,
                trainedEdges,
                sizes,
                casesFile,
                NetworkGraphMeasures.ExactSources.ToString(CultureInfo.InvariantCulture)
            )
        );
        int nodes = answer.RootElement.GetProperty("nodes").GetInt32();
        Assert.Equal(NetworkGraphMeasures.Nodes(trained), nodes);
        int efficiencies = 0;
        foreach (RobustnessRecord r in rows)
        {
            string key = $"{r.Perturbation}/{r.Level.ToString(CultureInfo.InvariantCulture)}/{r.Repeat}";
            JsonElement expected = answer.RootElement.GetProperty("cases").GetProperty(key);
            Assert.Equal(expected.GetProperty("sparse_links").GetInt64(), r.LinksRemaining);
            Assert.Equal(
                (double)expected.GetProperty("largest_component").GetInt32() / nodes,
                r.LargestComponentFraction
            );
            Assert.Equal(
                (double)expected.GetProperty("pixels_reaching_output").GetInt32() / trained.Inputs,
                r.PixelsConnectedFraction
            );
            if (expected.TryGetProperty("weighted_efficiency", out JsonElement efficiency))
            {
                efficiencies++;
                Assert.Equal(efficiency.GetDouble(), r.WeightedEfficiency, 1e-12 * efficiency.GetDouble());
            }
        }
        Assert.Equal(4, efficiencies);
        // The sweep must reach the interesting range: a component that breaks up and pixels that lose the output.
        Assert.Contains(rows, r => r.LargestComponentFraction < 0.9);
        Assert.Contains(rows, r => r.PixelsConnectedFraction is > 0 and < 1);
    }

    [Fact]
    public void The_weighted_efficiency_of_a_small_network_is_networkx_s_over_every_pair()
    {
        string python = RequirePython();
        using var temp = new TempDirectory();
        var hand = HandBuiltNetworks.Random([16, 9, 7, 4], 0.3, 5).ToList();
        // A link of weight 0 joins the component but carries nothing (infinite length).
        HandLink first = hand[0].Links[0];
        hand[0] = hand[0] with { Links = [first with { Weight = 0 }, .. hand[0].Links.Skip(1)] };
        Network network = HandBuiltNetworks.Build(hand);
        Assert.True(NetworkGraphMeasures.Nodes(network) <= NetworkGraphMeasures.ExactSources);
        string edges = temp.File("small.csv"),
            casesFile = temp.File("cases.json");
        ModelExport.Write(network, ExportFormats.EdgeList, edges);
        File.WriteAllText(
            casesFile,
            """[{"key": "all", "perturbation": "weight-order", "level": 0, "repeat": 0, "efficiency": true}]"""
        );
        using JsonDocument answer = JsonDocument.Parse(Python.Run(python, Script, edges, "16,9,7,4", casesFile, "512"));
        JsonElement expected = answer.RootElement.GetProperty("cases").GetProperty("all");
        double efficiency = expected.GetProperty("weighted_efficiency").GetDouble();
        Assert.Equal(efficiency, NetworkGraphMeasures.WeightedEfficiency(network), 1e-12 * efficiency);
        Assert.Equal(
            expected.GetProperty("largest_component").GetInt32() / 36.0,
            NetworkGraphMeasures.LargestComponentFraction(network)
        );
    }
}
