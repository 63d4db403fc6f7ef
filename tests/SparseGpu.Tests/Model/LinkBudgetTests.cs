using System.Text.Json;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Tests.Model;

public sealed class LinkBudgetTests
{
    [Fact]
    public void One_density_per_layer_gives_each_layer_its_own_link_count()
    {
        var shape = new NetworkShape(
            784,
            [1000, 2000, 500],
            10,
            LinkBudget.FromDensity(new Densities([0.02, 0.001, 0.004]))
        );
        Network network = NetworkFactory.Create(shape, seed: 1);
        Assert.Equal([15680, 2000, 4000, 5000], network.Layers.Select(l => l.LinkCount));
    }

    [Fact]
    public void Fan_in_gives_k_links_per_output_neuron_whatever_the_width()
    {
        var shape = new NetworkShape(784, [333, 5000, 20], 10, LinkBudget.FromFanIn(10));
        Network network = NetworkFactory.Create(shape, seed: 2);
        Assert.Equal([3330, 50000, 200, 200], network.Layers.Select(l => l.LinkCount));
        Assert.Equal(7, LinkBudget.FromFanIn(2.5).LinksFor(0, 100, 3)); // ⌊2.5 · 3⌋
    }

    [Theory]
    [InlineData(new[] { 0.01, 0.02 }, "--density lists 2 values for 3 sparse layers; give one value or one per layer")]
    [InlineData(new[] { 0.01, 0.0, 0.02 }, "--density must be in (0, 1], got 0")]
    [InlineData(new[] { 0.01, 0.01, 1e-9 }, "--density 0.01,0.01,1E-09 leaves hidden layer 3 (100x100) without links")]
    public void Wrong_density_lists_are_named(double[] densities, string message)
    {
        var shape = new NetworkShape(784, [100, 100, 100], 10, LinkBudget.FromDensity(new Densities(densities)));
        Assert.Equal(message, Assert.Throws<InvalidSettingException>(shape.Validate).Message);
    }

    [Theory]
    [InlineData(0.0, "--fan-in must be positive, got 0")]
    [InlineData(0.05, "--fan-in 0.05 leaves hidden layer 1 (784x10) without links")]
    [InlineData(
        11,
        "--fan-in 11 asks more links than hidden layer 2 (10x10) can hold: --fan-in is at most its 10 inputs"
    )]
    public void Wrong_fan_ins_are_named(double fanIn, string message)
    {
        var shape = new NetworkShape(784, [10, 10], 10, LinkBudget.FromFanIn(fanIn));
        Assert.Equal(message, Assert.Throws<InvalidSettingException>(shape.Validate).Message);
    }

    [Theory]
    // Beyond 10⁹ links the rounding allowance added a link to a complete layer, and density 1 was refused with
    // "--fan-in is at most its 40000 inputs" before the memory check could name the real problem.
    [InlineData(40_000, 40_000)]
    [InlineData(100_000, 30_000)]
    [InlineData(784, 1000)]
    public void A_complete_layer_is_exactly_its_possible_links_at_density_1_and_at_a_fan_in_of_its_inputs(
        int inputs,
        int outputs
    )
    {
        long possible = (long)inputs * outputs;
        Assert.Equal(possible, LinkBudget.Uniform(1).LinksFor(0, inputs, outputs));
        Assert.Equal(possible, LinkBudget.FromFanIn(inputs).LinksFor(0, inputs, outputs));
        // The boundary values are accepted (their links fit an int here), and one input more is refused.
        if (possible <= int.MaxValue)
        {
            new NetworkShape(inputs, [outputs], 10, LinkBudget.Uniform(1)).Validate();
            new NetworkShape(inputs, [outputs], 10, LinkBudget.FromFanIn(inputs)).Validate();
        }
        Assert.Equal(
            $"--fan-in {inputs + 1} asks more links than hidden layer 1 ({inputs}x{outputs}) can hold: "
                + $"--fan-in is at most its {inputs} inputs",
            Assert
                .Throws<InvalidSettingException>(
                    new NetworkShape(inputs, [outputs], 10, LinkBudget.FromFanIn(inputs + 1)).Validate
                )
                .Message
        );
    }

    [Fact]
    public void A_dense_layer_beyond_an_int_of_links_is_refused_by_its_link_count_not_as_over_full()
    {
        var shape = new NetworkShape(784, [100_000, 100_000], 10, LinkBudget.Uniform(1));
        Assert.Equal(
            "--density 1 gives hidden layer 2 (100000x100000) 10000000000 links (at most 2147483647)",
            Assert.Throws<SparseGpuException>(shape.Validate).Message
        );
    }

    [Fact]
    public void Settings_with_both_a_density_and_a_fan_in_are_refused_and_either_replaces_the_other()
    {
        var both = TrainingOverrides
            .None.With(TrainingSettingCatalog.Density, 0.02)
            .With(TrainingSettingCatalog.FanIn, 10);
        Assert.Equal(
            "--density 0.02 and --fan-in 10 both set the links; give one",
            Assert.Throws<InvalidSettingException>(() => both.ApplyTo(new TrainingSettings())).Message
        );

        TrainingSettings byFanIn = TrainingOverrides
            .None.With(TrainingSettingCatalog.FanIn, 10)
            .ApplyTo(new TrainingSettings());
        Assert.Null(byFanIn.Density);
        Assert.Equal(LinkBudget.FromFanIn(10), byFanIn.Links);
        TrainingSettings backToDensity = TrainingOverrides
            .None.With(TrainingSettingCatalog.Density, new Densities([0.02, 0.01, 0.01]))
            .ApplyTo(byFanIn);
        Assert.Null(backToDensity.FanIn);
        Assert.Equal("density 0.02,0.01,0.01", backToDensity.Links.ToString());
    }

    [Fact]
    public void Uniform_settings_serialise_as_before_and_new_forms_round_trip()
    {
        string uniform = JsonSerializer.Serialize(new TrainingSettings(), JsonFormat.Options);
        Assert.Contains("\"density\": 0.01,", uniform);
        Assert.DoesNotContain("fan_in", uniform);

        foreach (
            TrainingSettings settings in new[]
            {
                new TrainingSettings { Density = new Densities([0.0128, 3e-5, 3e-5]) },
                new TrainingSettings { Density = null, FanIn = 10 },
            }
        )
        {
            string json = JsonSerializer.Serialize(settings, JsonFormat.Options);
            TrainingSettings back = JsonSerializer.Deserialize<TrainingSettings>(json, JsonFormat.Options)!;
            Assert.Equal(settings.Links, back.Links);
            Assert.Equal(settings.Density, back.Density);
            back.Validate(); // a file that gives only a fan-in does not also carry the default density
        }
    }

    [Theory]
    [InlineData("0.01", new[] { 0.01 })]
    [InlineData("0.0128, 3e-5,3E-5", new[] { 0.0128, 3e-5, 3e-5 })]
    public void Densities_parse_from_the_command_line(string text, double[] expected) =>
        Assert.Equal(expected, Densities.Parse(text, "--density").Values);

    [Theory]
    [InlineData("0.01,,0.02", "--density needs a number or a comma-separated list of numbers, got '0.01,,0.02'")]
    [InlineData("0.01,low", "--density: 'low' is not a number")]
    public void Unparsable_densities_are_named(string text, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidSettingException>(() => Densities.Parse(text, "--density")).Message);

    [Fact]
    public void Each_neuron_gets_the_he_scale_of_its_own_fan_in()
    {
        // Fan-ins spread from 0 to about 25: a neuron's squared weights sum to about 2 whatever its fan-in, so
        // Σw²/2 averaged over neurons of one fan-in is near 1 for small and large fan-ins alike.
        Network network = NetworkFactory.Create(new NetworkShape(2000, [20000], 2, LinkBudget.FromFanIn(10)), seed: 3);
        Layer layer = network.Layers[0];
        var byFanIn = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        for (int row = 0; row < layer.Outputs; row++)
        {
            int fanIn = layer.Topology.InDegree(row);
            if (fanIn == 0 || fanIn == 10)
                continue;
            double sum = 0;
            for (int link = layer.Topology.RowOffsets[row]; link < layer.Topology.RowOffsets[row + 1]; link++)
                sum += layer.Weights[link] * (double)layer.Weights[link];
            byFanIn[fanIn > 10].Add(sum / 2);
        }
        Assert.InRange(byFanIn[false].Average(), 0.95, 1.05);
        Assert.InRange(byFanIn[true].Average(), 0.95, 1.05);
    }
}
