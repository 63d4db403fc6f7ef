using SparseGpu.Analysis;
using SparseGpu.Cli;
using SparseGpu.Jobs;
using SparseGpu.Model;
using SparseGpu.Plotting;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;

namespace SparseGpu.Tests.Robustness;

/// <summary>Issue 9 §2: robustness's structural columns, `--layers`, and the percolation figure.</summary>
public sealed class StructureUnderDamageTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private Network Trained => CheckpointFile.Read(fixture.Model).State.Network;

    [Theory]
    [InlineData("random")]
    [InlineData("reverse-weight-order")]
    public void Only_the_named_layer_loses_links(string name)
    {
        Network trained = Trained;
        var plan = new PerturbationPlan(
            trained,
            Perturbations.Get(name),
            PerturbationScope.Sparse,
            seed: 2,
            repeat: 0,
            onlyLayers: [2]
        );
        Network perturbed = plan.Apply(2, 0.6);
        Assert.Equal(trained.Layers[0].Topology.Keys(), perturbed.Layers[0].Topology.Keys());
        Assert.Equal(trained.Layers[0].Weights, perturbed.Layers[0].Weights);
        Assert.Equal((int)Math.Ceiling(0.4 * trained.Layers[1].LinkCount - 1e-9), perturbed.Layers[1].LinkCount);
        Assert.Equal(trained.Layers[2].Topology.Keys(), perturbed.Layers[2].Topology.Keys());
    }

    [Fact]
    public void Robustness_json_records_the_layers_and_a_sweep_continued_with_other_layers_is_refused()
    {
        RobustnessRequest Request(string output, IReadOnlyList<int>? layers) =>
            new()
            {
                Models = [fixture.Model],
                Perturbations = "random",
                Levels = "0,0.5",
                Repeats = 1,
                Layers = layers,
                Device = "cpu",
                DataDirectory = fixture.DataDirectory,
                AllowDownload = false,
                OutDirectory = fixture.Scratch(output),
            };
        RobustnessResult Run(RobustnessRequest request) =>
            RobustnessJob.Run(request, SilentReporter.Instance, null, CancellationToken.None);

        RobustnessResult one = Run(Request("layers-recorded", [1]));
        Assert.Equal([1], RobustnessManifest.Read(one.OutDirectory)!.Settings.Layers!);
        Run(Request("layers-recorded", [1])); // the same layers continue
        // plot robustness's Erdős–Rényi yardstick counts only the recorded layers as damaged.
        Assert.Equal([true, false], RobustnessInputs.Read([one.RecordsFile]).LayerShapes().Select(l => l.Perturbed));
        var other = Assert.Throws<SparseGpuException>(() => Run(Request("layers-recorded", [2])));
        Assert.Contains("other settings (layers differ)", other.Message);
        var all = Assert.Throws<SparseGpuException>(() => Run(Request("layers-recorded", null)));
        Assert.Contains("other settings (layers differ)", all.Message);

        RobustnessResult every = Run(Request("layers-all", null));
        Assert.Null(RobustnessManifest.Read(every.OutDirectory)!.Settings.Layers);
        Assert.Equal([true, true], RobustnessInputs.Read([every.RecordsFile]).LayerShapes().Select(l => l.Perturbed));
        Assert.DoesNotContain("\"layers\"", File.ReadAllText(Path.Combine(every.OutDirectory, "robustness.json")));
    }

    [Fact]
    public void Each_row_carries_the_connectivity_of_the_network_it_evaluated()
    {
        RobustnessResult result = RobustnessJob.Run(
            new RobustnessRequest
            {
                Models = [fixture.Model],
                Perturbations = "random,weight-order",
                Levels = "0,0.5,0.9,1",
                Repeats = 2,
                Layers = [1],
                Device = "cpu",
                DataDirectory = fixture.DataDirectory,
                AllowDownload = false,
                OutDirectory = fixture.Scratch("structural"),
            },
            SilentReporter.Instance,
            null,
            CancellationToken.None
        );
        Network trained = Trained;
        foreach (RobustnessRecord r in result.Records)
        {
            var plan = new PerturbationPlan(
                trained,
                Perturbations.Get(r.Perturbation),
                PerturbationScope.Sparse,
                CheckpointFile.Read(fixture.Model).Settings.Seed,
                r.Repeat,
                onlyLayers: [1]
            );
            NetworkConnectivity expected = NetworkConnectivity.Of(
                plan.Apply(Array.IndexOf([0, 0.5, 0.9, 1], r.Level), r.Level)
            );
            Assert.Equal(expected.PixelsConnectedFraction, r.PixelsConnectedFraction);
            Assert.Equal(expected.Log10Paths, r.Log10Paths);
            Assert.Equal(expected.HiddenWithoutInputsFraction, r.NoInputFraction);
        }
        Assert.All(result.Records.Where(r => r.Level == 1), r => Assert.Equal(0, r.PixelsConnectedFraction));
        Assert.Equal([true, false], result.SparseLayers.Select(l => l.Perturbed));
        RobustnessRecord reread = RobustnessCsv.Read(result.RecordsFile).Last();
        Assert.Equal(result.Records[^1], reread);
    }

    [Fact]
    public void The_erdos_renyi_yardstick_weighs_the_perturbed_layers_by_their_neurons()
    {
        SparseLayerShape[] layers = [new(100, 4, true), new(300, 2, true), new(50, 9, false)];
        Assert.Equal(
            (100 * Math.Exp(-2) + 300 * Math.Exp(-1)) / 400,
            PercolationFigure.ErdosRenyiNoInput(layers, 0.5),
            12
        );
        Assert.Equal(1, PercolationFigure.ErdosRenyiNoInput(layers, 1), 12);
    }

    [Fact]
    public void The_cli_perturbs_named_layers_draws_the_percolation_figure_and_rejects_unknown_layers()
    {
        string output = fixture.Scratch("cli-layers");
        CliRunner.Result ok = CliRunner.Run(
            "robustness",
            "--model",
            fixture.Model,
            "--perturbations",
            "random",
            "--levels",
            "0,0.5,1",
            "--repeats",
            "1",
            "--layers",
            "2",
            "--device",
            "cpu",
            "--data-dir",
            fixture.DataDirectory,
            "--no-download",
            "--out",
            output,
            "--width",
            "500",
            "--height",
            "400"
        );
        Assert.Equal(CliApp.Success, ok.ExitCode);
        Assert.True(File.Exists(Path.Combine(output, PercolationFigure.File)));
        Assert.StartsWith(RobustnessCsv.Header, File.ReadAllText(Path.Combine(output, "robustness.csv")));

        // A value that is not a layer list is a usage error (2); layers the model does not have are an error of the
        // model and option together (1).
        foreach (
            var (layers, message, code) in new[]
            {
                ("3", $"error: --layers 3: {fixture.Model} has sparse layers 1..2", CliApp.Failure),
                ("1,1", "error: --layers 1 is given twice", CliApp.Failure),
                ("x", "error: --layers: 'x' is not an integer; see sparsegpu robustness --help", CliApp.UsageError),
            }
        )
        {
            CliRunner.Result bad = CliRunner.Run(
                "robustness",
                "--model",
                fixture.Model,
                "--layers",
                layers,
                "--device",
                "cpu",
                "--data-dir",
                fixture.DataDirectory,
                "--no-download",
                "--out",
                fixture.Scratch("bad-layers")
            );
            Assert.Equal(code, bad.ExitCode);
            Assert.Equal([message], bad.ErrorLines);
        }
        CliRunner.Result all = CliRunner.Run(
            "robustness",
            "--model",
            fixture.Model,
            "--layers",
            "1",
            "--scope",
            "all",
            "--device",
            "cpu",
            "--data-dir",
            fixture.DataDirectory,
            "--no-download"
        );
        Assert.Equal(["error: --layers names sparse layers; it cannot be combined with --scope all"], all.ErrorLines);
    }
}
