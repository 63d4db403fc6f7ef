using SparseGpu.Cli;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>Training settings given as lists: expansion, ids, errors, dry run and aggregation by varied
/// setting.</summary>
public sealed class SweepGridTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Spec(string training, string methods = "\"rlr\", \"none\"", string robustness = "null")
    {
        string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(
            path,
            $$"""
            {
              "name": "grid",
              "datasets": ["mnist"],
              "methods": [{{methods}}],
              "seeds": [1, 2],
              "training": {{training}},
              "robustness": {{robustness}},
              "device": "cpu"
            }
            """
        );
        return path;
    }

    private static string ErrorOf(string spec) => Assert.Throws<SparseGpuException>(() => SweepSpec.Read(spec)).Message;

    [Fact]
    public void Lists_expand_into_the_cross_product_with_one_id_per_combination()
    {
        var runs = SweepPlan.Expand(
            SweepSpec.Read(
                Spec(
                    """{ "epochs": 2, "weight_decay": [0, 1e-5, 0.0005], "learning_rate": [0.025, 0.05], "hidden": """
                        + """[20, 10] }"""
                )
            )
        );
        Assert.Equal(3 * 2 * 2 * 2, runs.Count);
        Assert.Equal(runs.Count, runs.Select(r => r.Id).Distinct().Count());
        // Data set, then the settings in the order written (later lists vary fastest), then method, then seed.
        Assert.Equal(
            [
                "weight_decay=0, learning_rate=0.025",
                "weight_decay=0, learning_rate=0.05",
                "weight_decay=1e-5, learning_rate=0.025",
            ],
            runs.Where(r => r.Method == "rlr" && r.Seed == 1)
                .Take(3)
                .Select(r => VariedSettings.Describe(r.VariedSettings))
        );
        Assert.All(runs, r => Assert.Equal(2, r.Settings.Epochs));
        Assert.All(runs, r => Assert.Equal([20, 10], r.Settings.Hidden));
        Assert.All(
            runs,
            r =>
                Assert.Equal(
                    double.Parse(r.VariedSettings[0].Value, System.Globalization.CultureInfo.InvariantCulture),
                    r.Settings.WeightDecay
                )
        );
        Assert.All(
            runs,
            r =>
                Assert.Equal(
                    double.Parse(r.VariedSettings[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                    r.Settings.LearningRate
                )
        );
    }

    [Fact]
    public void A_run_of_a_grid_has_the_id_the_same_settings_have_without_a_grid()
    {
        var grid = SweepPlan.Expand(SweepSpec.Read(Spec("""{ "epochs": 2, "zeta": [0.1, 0.3] }""")));
        var single = SweepPlan.Expand(SweepSpec.Read(Spec("""{ "epochs": 2, "zeta": 0.1 }""")));
        Assert.Equal(single.Select(r => r.Id), grid.Where(r => r.Settings.Zeta == 0.1).Select(r => r.Id));
        Assert.All(single, r => Assert.Empty(r.VariedSettings));
    }

    [Fact]
    public void A_list_valued_setting_varies_only_when_given_a_list_of_lists()
    {
        var fixedWidths = SweepPlan.Expand(SweepSpec.Read(Spec("""{ "hidden": [30, 20] }""")));
        Assert.Equal(4, fixedWidths.Count);
        var varied = SweepPlan.Expand(SweepSpec.Read(Spec("""{ "hidden": [[30, 20], [10]] }""")));
        Assert.Equal(8, varied.Count);
        Assert.Equal(["30,20", "10"], varied.Select(r => r.VariedSettings.Single().Value).Distinct());
        Assert.Equal([10], varied[^1].Settings.Hidden);
    }

    [Fact]
    public void Densities_vary_as_numbers_per_layer_lists_as_lists_of_lists_and_fan_in_as_a_number()
    {
        var uniform = SweepPlan.Expand(SweepSpec.Read(Spec("""{ "hidden": [30, 20], "density": [0.05, 0.1] }""")));
        Assert.Equal(["0.05", "0.1"], uniform.Select(r => r.Settings.Links.Density!.ToString()).Distinct());
        var perLayer = SweepPlan.Expand(SweepSpec.Read(Spec("""{ "hidden": [30, 20], "density": [[0.05, 0.2]] }""")));
        Assert.All(perLayer, r => Assert.Equal([0.05, 0.2], r.Settings.Density!.Values));
        var fanIn = SweepPlan.Expand(SweepSpec.Read(Spec("""{ "hidden": [30, 20], "fan_in": [2, 5] }""")));
        Assert.Equal([2.0, 5.0], fanIn.Select(r => r.Settings.FanIn!.Value).Distinct());
        Assert.All(fanIn, r => Assert.Null(r.Settings.Density));
        Assert.Equal(8, fanIn.Select(r => r.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(
        """{ "density": 0.05, "fan_in": [2, 5] }""",
        "training.density 0.05 and training.fan_in 2 both set the links; give one"
    )]
    [InlineData(
        """{ "hidden": [30, 20], "density": [[0.05, 0.1, 0.2]] }""",
        "training.density lists 3 values for 2 sparse layers; give one value or one per layer"
    )]
    public void Link_budgets_that_contradict_the_spec_are_one_line_errors(string training, string expected) =>
        Assert.Contains(expected, ErrorOf(Spec(training)));

    [Theory]
    [InlineData(
        """{ "dataset": ["mnist", "kmnist"] }""",
        "training.dataset is not set here: it varies through 'datasets'"
    )]
    [InlineData("""{ "regrowth": ["rlr"] }""", "training.regrowth is not set here: it varies through 'methods'")]
    [InlineData("""{ "regrowth": "ch3l3" }""", "training.regrowth is not set here: it varies through 'methods'")]
    [InlineData("""{ "dataset": "kmnist" }""", "training.dataset is not set here: it varies through 'datasets'")]
    [InlineData("""{ "seed": 7 }""", "training.seed is not set here: it varies through 'seeds'")]
    [InlineData("""{ "seed": [1, 2] }""", "training.seed is not set here: it varies through 'seeds'")]
    [InlineData("""{ "zeta": [] }""", "training.zeta is an empty list")]
    [InlineData("""{ "zeta": [0.1, 0.1] }""", "training.zeta lists a value twice")]
    [InlineData("""{ "zeta": [0.1, null] }""", "training.zeta lists a null")]
    [InlineData("""{ "zeta": null }""", "training.zeta is null; give a value or leave it out")]
    [InlineData("""[1, 2]""", "'training' must be an object of settings")]
    public void Lists_that_cannot_be_expanded_are_one_line_errors(string training, string expected)
    {
        string spec = Spec(training);
        string message = ErrorOf(spec);
        Assert.StartsWith(spec, message);
        Assert.Contains(expected, message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void A_listed_value_of_the_wrong_type_or_out_of_range_is_an_error()
    {
        Assert.Contains("'training.zeta' must be a number", ErrorOf(Spec("""{ "zeta": [0.1, "a lot"] }""")));
        Assert.Contains(
            "unknown property 'weight_decau' in 'training' (did you mean weight_decay?)",
            ErrorOf(Spec("""{ "weight_decau": [0.1, 0.2] }"""))
        );
        Assert.Contains("epochs", ErrorOf(Spec("""{ "epochs": [2, 0] }""")));
    }

    [Fact]
    public void The_dry_run_shows_the_varied_settings_as_columns()
    {
        string spec = Spec("""{ "epochs": 1, "weight_decay": [0, 0.0005] }""", methods: "\"rlr\"");
        CliRunner.Result dry = CliRunner.Run("sweep", "--spec", spec, "--out", _temp.File("dry"), "--dry-run");
        Assert.Equal(CliApp.Success, dry.ExitCode);
        string[] lines = dry.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"seed\s+weight_decay\s+state$", lines[0]);
        Assert.Matches(@"\s1\s+0\s+pending$", lines[1]);
        Assert.Matches(@"\s2\s+0\.0005\s+pending$", lines[4]);
        Assert.Equal("4 runs", lines[^1].Trim());
    }

    [Fact]
    public void Aggregate_groups_tables_by_varied_setting_and_draws_each_measure_against_it()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 160, test: 40);
        string spec = Spec(
            """{ "epochs": 1, "hidden": [30, 20], "density": 0.2, "batch_size": 16, "zeta": [0.1, 0.5] }""",
            robustness: """{ "perturbations": ["random"], "levels": "0,0.5,1", "repeats": 1 }"""
        );
        string output = _temp.File("grid-sweep");
        CliRunner.Result run = CliRunner.Run(
            "sweep",
            "--spec",
            spec,
            "--out",
            output,
            "--data-dir",
            _temp.File("data"),
            "--no-download",
            "--threads",
            "1"
        );
        Assert.Equal(CliApp.Success, run.ExitCode);
        CliRunner.Result aggregate = CliRunner.Run("sweep", "aggregate", "--out", output);
        Assert.Equal(CliApp.Success, aggregate.ExitCode);

        string[] accuracy = File.ReadAllLines(Path.Combine(output, "aggregate", "accuracy.csv"));
        Assert.StartsWith("dataset,method,zeta,runs,", accuracy[0]);
        // In the spec's order of the varied values; within one value, in run-folder order as without a grid.
        Assert.Equal(
            ["mnist,none,0.1,2", "mnist,rlr,0.1,2", "mnist,none,0.5,2", "mnist,rlr,0.5,2"],
            accuracy.Skip(1).Select(l => string.Join(",", l.Split(',').Take(4)))
        );
        string[] methods = File.ReadAllLines(Path.Combine(output, "aggregate", "robustness-methods.csv"));
        Assert.StartsWith("dataset,method,zeta,perturbation,models,", methods[0]);
        Assert.Equal(4, methods.Length - 1);
        Assert.Contains("| mnist | rlr | 0.5 | 2 |", aggregate.Output);

        string[] measures = File.ReadAllLines(Path.Combine(output, "aggregate", SettingMeasures.CsvFile));
        Assert.Equal("dataset,method,zeta,run,measure,value", measures[0]);
        // 8 runs: a final accuracy each, and for random removal an AUC and the accuracy at level 0.8.
        Assert.Equal(8 * 3, measures.Length - 1);
        foreach (string figure in new[] { "final-accuracy", "auc-random", "accuracy-at-0.8-random" })
            Assert.True(File.Exists(Path.Combine(output, "aggregate", $"{figure}-vs-zeta-mnist.png")), figure);
        // Curves over epochs and levels: one set per value, never averaged across zeta.
        foreach (string zeta in new[] { "0.1", "0.5" })
        {
            Assert.True(File.Exists(Path.Combine(output, "aggregate", $"training-mnist-zeta{zeta}.png")), zeta);
            Assert.True(
                File.Exists(Path.Combine(output, "aggregate", $"robustness-mnist-zeta{zeta}", "robustness-grid.png")),
                zeta
            );
        }
        Assert.False(File.Exists(Path.Combine(output, "aggregate", "training-mnist.png")));
    }
}
