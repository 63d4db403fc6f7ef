using SparseGpu.Cli;
using SparseGpu.Robustness;
using SparseGpu.Tests.Cli;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// Bad values of the perturbation list, the level grids and the protocol switches are one-line usage errors, found
/// before anything is written: a sweep already in the output folder is left exactly as it was.
/// </summary>
public sealed class RobustnessSwitchErrorTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static string NeuronAttacks =>
        string.Join(", ", Perturbations.All.Where(p => p.Kind == LevelKind.NeuronFraction).Select(p => p.Name));

    private static string LinkRemovals =>
        string.Join(", ", Perturbations.All.Where(p => p.Switches.Contains("relative")));

    /// <summary>The per-layer link and weight perturbations: what --scope reaches (neuron attacks remove hidden
    /// neurons, FGSM perturbs the inputs).</summary>
    private static string PerLayer => string.Join(", ", Perturbations.All.Where(p => p is LayerPerturbation));

    private static string PerLayerAndNeuronAttacks =>
        string.Join(", ", Perturbations.All.Where(p => p is LayerPerturbation || p.Kind == LevelKind.NeuronFraction));

    public static TheoryData<string[], string> BadValues() =>
        new()
        {
            { ["--perturbations", "neuron-random", "--levels", "0:1.5:0.5"], "--levels: level 1.5 is outside [0, 1]" },
            { ["--perturbations", "neuron-paths", "--levels=-0.1,0.5"], "--levels: level -0.1 is outside [0, 1]" },
            // Noise takes levels beyond 1; a neuron attack in the same sweep does not.
            {
                ["--perturbations", "noise,neuron-in-degree", "--levels", "0,2"],
                "--levels: level 2 is outside [0, 1]"
            },
            {
                ["--perturbations", "random,shake"],
                $"unknown perturbation 'shake'; valid: {string.Join(", ", Perturbations.Names)}"
            },
            {
                ["--perturbations", ","],
                $"--perturbations ',' names no perturbation; valid: {string.Join(", ", Perturbations.Names)}"
            },
            { ["--neuron-scope", "layer"], "--neuron-scope 'layer' is not valid; valid: per-layer, global" },
            { ["--order", "random"], "--order 'random' is not valid; valid: per-layer, global" },
            {
                ["--perturbations", "random,fgsm", "--neuron-scope", "global"],
                $"--neuron-scope changes only {NeuronAttacks}, and the sweep runs none of them"
            },
            {
                ["--perturbations", "random", "--order", "global"],
                "--order changes only weight-order, reverse-weight-order, and the sweep runs none of them"
            },
            {
                ["--perturbations", "noise,neuron-random", "--relative"],
                $"--relative changes only {LinkRemovals}, and the sweep runs none of them"
            },
            // Issue 27: --scope all and --layers were accepted where nothing they change ran.
            {
                ["--perturbations", "neuron-random,neuron-in-degree,fgsm", "--scope", "all"],
                $"--scope changes only {PerLayer}, and the sweep runs none of them"
            },
            {
                ["--perturbations", "fgsm", "--layers", "1"],
                $"--layers changes only {PerLayerAndNeuronAttacks}, and the sweep runs none of them"
            },
        };

    [Fact]
    public void A_spec_whose_scope_reaches_none_of_its_perturbations_names_its_key()
    {
        using var temp = new Support.TempDirectory();
        string path = temp.File("spec.json");
        File.WriteAllText(
            path,
            """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustness": """
                + """{"perturbations": ["neuron-random", "fgsm"], "scope": "all"}}"""
        );
        Assert.Equal(
            $"{path}: robustness.scope changes only {PerLayer}, and the sweep runs none of them",
            Assert.Throws<SparseGpuException>(() => SparseGpu.Sweeps.SweepSpec.Read(path)).Message
        );
    }

    [Theory]
    [InlineData("neuron-random,random", "--scope", "all")]
    [InlineData("fgsm,neuron-in-degree", "--layers", "1")]
    public void A_switch_that_reaches_one_of_the_perturbations_runs(string perturbations, string option, string value)
    {
        CliRunner.Result result = Robustness(
            fixture.Scratch($"reached-{Guid.NewGuid():N}"),
            "--perturbations",
            perturbations,
            option,
            value,
            "--levels",
            "0,1",
            "--epsilons",
            "0,0.1",
            "--repeats",
            "1",
            "--no-plots"
        );
        Assert.Equal(CliApp.Success, result.ExitCode);
    }

    private CliRunner.Result Robustness(string output, params string[] extra) =>
        CliRunner.Run([
            "robustness",
            "--model",
            fixture.Model,
            "--device",
            "cpu",
            "--data-dir",
            fixture.DataDirectory,
            "--no-download",
            "--out",
            output,
            .. extra,
        ]);

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_a_one_line_usage_error(string[] extra, string expected)
    {
        string output = fixture.Scratch($"bad-{Guid.NewGuid():N}");
        CliRunner.Result result = Robustness(output, extra);
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal($"error: {expected}; see sparsegpu robustness --help", Assert.Single(result.ErrorLines));
        Assert.False(Directory.Exists(output), "a refused sweep created its output folder");
    }

    [Fact]
    public void A_refused_sweep_leaves_the_sweep_already_in_its_folder_as_it_was()
    {
        string output = fixture.Scratch("kept-sweep");
        CliRunner.Result first = Robustness(
            output,
            "--perturbations",
            "neuron-random,neuron-strength-adaptive",
            "--neuron-scope",
            "global",
            "--levels",
            "0,0.5,1",
            "--repeats",
            "2",
            "--no-plots"
        );
        Assert.Equal(CliApp.Success, first.ExitCode);
        Dictionary<string, byte[]> before = Snapshot(output);
        Assert.Contains("robustness.csv", before.Keys);
        foreach (object[] bad in BadValues())
        {
            CliRunner.Result refused = Robustness(output, [.. (string[])bad[0], "--no-plots"]);
            Assert.Equal(CliApp.UsageError, refused.ExitCode);
            Dictionary<string, byte[]> after = Snapshot(output);
            Assert.Equal(before.Keys.Order(), after.Keys.Order());
            Assert.All(before, file => Assert.Equal(file.Value, after[file.Key]));
        }
    }

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory
            .GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);
}
