using SparseGpu.Data;
using SparseGpu.Model;

namespace SparseGpu.Tests.Support;

/// <summary>A named network and data shape for the engine catalogue.</summary>
public sealed record NetworkCase(string Name, Func<Network> Build, int ImageRows, int ImageColumns)
{
    public override string ToString() => Name;
}

/// <summary>
/// Networks with awkward shapes for comparing engines: neurons without links, a single link, density 1, sizes that
/// are not multiples of any group or vector width. Parameters and momentum are random (seeded) and non-zero.
/// </summary>
public static class TestNetworks
{
    public static IReadOnlyList<NetworkCase> Catalogue { get; } =
    [
        new("unlinked-rows-and-columns", UnlinkedRowsAndColumns, 3, 4),
        new("single-link", SingleLink, 2, 2),
        new("density-one", () => Random([6, 5], 3, 1.0, 6, seed: 3), 2, 3),
        new("odd-sizes", () => Random([37, 29], 3, 0.3, 35, seed: 4), 5, 7),
        new("four-hidden-layers", () => Random([9, 8, 7, 6], 4, 0.5, 10, seed: 5), 2, 5),
    ];

    public static NetworkCase Get(string name) => Catalogue.Single(c => c.Name == name);

    /// <summary>Inputs 0, 9, 11 and hidden neurons 2, 4 have no links; hidden neuron 3 only incoming ones; second-layer
    /// neuron 2 no incoming.</summary>
    private static Network UnlinkedRowsAndColumns()
    {
        var first = LayerTopology.FromLinks(
            12,
            6,
            [(1, 0), (2, 0), (5, 0), (3, 1), (4, 1), (6, 3), (7, 3), (10, 5), (1, 5), (8, 1)]
        );
        var second = LayerTopology.FromLinks(6, 5, [(0, 0), (1, 0), (5, 1), (0, 3), (1, 4), (5, 4)]);
        var readout = LayerTopology.Dense(5, 3);
        return WithRandomParameters([first, second, readout], seed: 1);
    }

    private static Network SingleLink()
    {
        var first = LayerTopology.FromLinks(4, 3, [(2, 1)]);
        var readout = LayerTopology.Dense(3, 2);
        return WithRandomParameters([first, readout], seed: 2);
    }

    public static Network Random(int[] hidden, int classes, double density, int inputs, ulong seed)
    {
        var shape = new NetworkShape(inputs, hidden, classes, density);
        Network network = NetworkFactory.Create(shape, seed);
        return WithRandomParameters(network.Layers.Select(l => l.Topology).ToList(), seed);
    }

    public static Network WithRandomParameters(IReadOnlyList<LayerTopology> topologies, ulong seed)
    {
        var rng = new Rng(seed * 7919 + 13);
        var layers = new List<Layer>();
        for (int k = 0; k < topologies.Count; k++)
        {
            LayerTopology t = topologies[k];
            float[] Values(int n, double scale) =>
                Enumerable.Range(0, n).Select(_ => (float)(scale * rng.NextGaussian())).ToArray();
            double weightScale = Math.Sqrt(2.0 / Math.Max(1.0, (double)t.LinkCount / t.Outputs));
            bool last = k == topologies.Count - 1;
            layers.Add(
                new Layer(
                    t,
                    Values(t.LinkCount, weightScale),
                    Values(t.LinkCount, 0.01),
                    Values(t.Outputs, 0.1),
                    Values(t.Outputs, 0.01),
                    evolves: !last,
                    relu: !last
                )
            );
        }
        return new Network(layers);
    }

    /// <summary>Random images (about a third of the pixels zero, as in MNIST-like data) and labels.</summary>
    public static ImageSet Images(NetworkCase networkCase, Network network, int count, ulong seed)
    {
        var rng = new Rng(seed);
        int size = networkCase.ImageRows * networkCase.ImageColumns;
        if (size != network.Inputs)
            throw new ArgumentException($"{networkCase.Name}: image size {size} but {network.Inputs} inputs");
        byte[] pixels = new byte[count * size];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = rng.NextDouble() < 0.35 ? (byte)0 : (byte)rng.NextInt(256);
        byte[] labels = Enumerable.Range(0, count).Select(_ => (byte)rng.NextInt(network.Classes)).ToArray();
        return new ImageSet(
            $"{networkCase.Name}-images",
            networkCase.ImageRows,
            networkCase.ImageColumns,
            network.Classes,
            pixels,
            labels
        );
    }
}
