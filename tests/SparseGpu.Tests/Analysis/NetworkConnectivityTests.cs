using SparseGpu.Analysis;
using SparseGpu.Model;

namespace SparseGpu.Tests.Analysis;

/// <summary>network.csv's columns against path enumeration on small networks, and overflow-free counting on huge
/// ones.</summary>
public sealed class NetworkConnectivityTests
{
    [Fact]
    public void Hand_worked_paths_of_the_small_network()
    {
        NetworkConnectivity c = NetworkConnectivity.Of(HandBuiltNetworks.Build(HandBuiltNetworks.Small));
        // Paths pixel→h1→h2 whose h2 feeds the read-out: from pixel 0: 3, 1: 2, 2: 2, 3: 1, 4: 1, 5: none.
        Assert.Equal(Math.Log10(9), c.Log10Paths, 12);
        Assert.Equal((6, 5), (c.Pixels, c.PixelsConnected));
        Assert.Equal((7, 5, 1), (c.HiddenNeurons, c.HiddenOnPath, c.HiddenWithoutInputs));
        Assert.Equal(66.0 / 49, c.InputDegreeHeterogeneity, 12); // out-degrees 2 2 1 1 1 0: <k²>/<k>² = (11/6)/(7/6)²
    }

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Counts_match_enumeration_of_every_path(int seed)
    {
        IReadOnlyList<HandLayer> hand = HandBuiltNetworks.Random([12, 8, 7, 6, 3], 0.25, seed);
        NetworkConnectivity c = NetworkConnectivity.Of(HandBuiltNetworks.Build(hand));
        int sparse = hand.Count - 1;
        var pathsFrom = new long[hand[0].Inputs];
        var onPath = new HashSet<(int Level, int Neuron)>();
        void Walk(int pixel, int level, int neuron, List<int> chain)
        {
            if (level == sparse)
            {
                if (!hand[sparse].Links.Any(l => l.Input == neuron))
                    return;
                pathsFrom[pixel]++;
                for (int k = 0; k < chain.Count; k++)
                    onPath.Add((k + 1, chain[k]));
                return;
            }
            foreach (HandLink l in hand[level].Links.Where(l => l.Input == neuron))
            {
                chain.Add(l.Output);
                Walk(pixel, level + 1, l.Output, chain);
                chain.RemoveAt(chain.Count - 1);
            }
        }
        for (int p = 0; p < hand[0].Inputs; p++)
            Walk(p, 0, p, []);
        long total = pathsFrom.Sum();
        Assert.Equal(total == 0 ? double.NegativeInfinity : Math.Log10(total), c.Log10Paths, 9);
        Assert.Equal(pathsFrom.Count(n => n > 0), c.PixelsConnected);
        Assert.Equal(onPath.Count, c.HiddenOnPath);
        int withoutInputs = Enumerable
            .Range(0, sparse)
            .Sum(k => Enumerable.Range(0, hand[k].Outputs).Count(n => !hand[k].Links.Any(l => l.Output == n)));
        Assert.Equal(withoutInputs, c.HiddenWithoutInputs);
    }

    [Fact]
    public void Counting_in_log_space_never_overflows()
    {
        // 10 pixels, 400 dense layers of 10: 10 · 10^400 paths, far beyond a double's 1.8e308.
        var topologies = Enumerable
            .Range(0, 401)
            .Select(_ => LayerTopology.Dense(10, 10))
            .Append(LayerTopology.Dense(10, 2))
            .ToList();
        var layers = topologies
            .Select(
                (t, k) =>
                    new Layer(
                        t,
                        new float[t.LinkCount],
                        new float[t.LinkCount],
                        new float[t.Outputs],
                        new float[t.Outputs],
                        k < topologies.Count - 1,
                        k < topologies.Count - 1
                    )
            )
            .ToList();
        NetworkConnectivity c = NetworkConnectivity.Of(new Network(layers));
        Assert.Equal(402, c.Log10Paths, 9);
        Assert.Equal(10, c.PixelsConnected);
    }

    [Fact]
    public void A_network_cut_off_from_the_readout_has_no_paths()
    {
        Network network = HandBuiltNetworks.Build([
            new HandLayer(4, 3, [new(0, 0, 1), new(1, 2, 1)]),
            new HandLayer(3, 2, []),
        ]);
        NetworkConnectivity c = NetworkConnectivity.Of(network);
        Assert.True(double.IsNegativeInfinity(c.Log10Paths));
        Assert.Equal((0, 0), (c.PixelsConnected, c.HiddenOnPath));
        Assert.Equal("-Infinity", CsvCell.Number(c.Log10Paths).Text);
    }
}
