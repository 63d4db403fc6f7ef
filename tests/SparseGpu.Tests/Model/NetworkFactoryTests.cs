using SparseGpu.Model;

namespace SparseGpu.Tests.Model;

public sealed class NetworkFactoryTests
{
    [Fact]
    public void The_default_network_has_exactly_one_percent_of_the_links_per_sparse_layer()
    {
        Network network = NetworkFactory.Create(new NetworkShape(784, [1000, 1000, 1000], 10, 0.01), seed: 1);
        Assert.Equal([7840, 10000, 10000, 10000], network.Layers.Select(l => l.LinkCount));
        Assert.Equal([true, true, true, false], network.Layers.Select(l => l.Evolves));
        Assert.Equal([true, true, true, false], network.Layers.Select(l => l.Relu));
        foreach (Layer layer in network.Layers)
        {
            long[] keys = layer.Topology.Keys();
            Assert.Equal(keys.Length, keys.Distinct().Count());
            Assert.All(layer.Bias, b => Assert.Equal(0f, b));
            Assert.All(layer.WeightVelocity, v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Weights_have_the_sparse_fan_in_he_scale()
    {
        Network network = NetworkFactory.Create(new NetworkShape(784, [1000, 1000, 1000], 10, 0.01), seed: 2);
        Layer second = network.Layers[1]; // 10 links per output neuron: sigma = sqrt(2/10)
        double mean = second.Weights.Average(w => (double)w);
        double std = Math.Sqrt(second.Weights.Average(w => (w - mean) * (w - mean)));
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(std, Math.Sqrt(0.2) * 0.97, Math.Sqrt(0.2) * 1.03);
    }

    [Fact]
    public void Links_are_spread_uniformly_over_the_layer()
    {
        Network network = NetworkFactory.Create(new NetworkShape(100, [100], 2, 0.2), seed: 3);
        LayerTopology t = network.Layers[0].Topology;
        // 2000 links over 100 outputs: about 20 each; a uniform draw keeps every row within a few dozen.
        Assert.All(Enumerable.Range(0, 100), j => Assert.InRange(t.InDegree(j), 5, 40));
        Assert.All(Enumerable.Range(0, 100), i => Assert.InRange(t.OutDegree(i), 5, 40));
    }

    [Fact]
    public void The_same_seed_gives_the_same_network_and_another_seed_another()
    {
        var shape = new NetworkShape(50, [40, 30], 3, 0.1);
        Network a = NetworkFactory.Create(shape, 7),
            b = NetworkFactory.Create(shape, 7),
            c = NetworkFactory.Create(shape, 8);
        Assert.Equal(a.Layers[0].Topology.Keys(), b.Layers[0].Topology.Keys());
        Assert.Equal(a.Layers[1].Weights, b.Layers[1].Weights);
        Assert.NotEqual(a.Layers[0].Topology.Keys(), c.Layers[0].Topology.Keys());
    }

    [Theory]
    [InlineData(0.0, "--density must be in (0, 1], got 0")]
    [InlineData(1.5, "--density must be in (0, 1], got 1.5")]
    [InlineData(1e-7, "--density 1E-07 leaves hidden layer 1 (784x1000) without links")]
    public void Invalid_densities_are_named(double density, string message)
    {
        var e = Assert.Throws<InvalidSettingException>(() =>
            NetworkFactory.Create(new NetworkShape(784, [1000], 10, density), 1)
        );
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Active_neurons_need_both_an_incoming_and_an_outgoing_link()
    {
        var first = LayerTopology.FromLinks(3, 4, [(0, 0), (1, 1), (2, 3)]); // neuron 2 has no incoming link
        var second = LayerTopology.FromLinks(4, 2, [(0, 0), (2, 1), (3, 1)]); // neuron 1 has no outgoing link
        var layers = new List<Layer>
        {
            new(first, new float[3], new float[3], new float[4], new float[4], true, true),
            new(second, new float[3], new float[3], new float[2], new float[2], false, false),
        };
        Assert.Equal(2, new Network(layers).ActiveNeurons(0)); // neurons 0 and 3
    }
}
