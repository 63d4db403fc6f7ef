using SparseGpu.Model;
using SparseGpu.Tests.Analysis;
using SparseGpu.Topology;

namespace SparseGpu.Tests.Topology;

/// <summary>
/// Chain removal (--chain-removal): a cascade worked out by hand across three evolving layers, the same fixpoint as
/// a naive re-implementation on random networks, and the editor keeping every layer's link count with it.
/// </summary>
public sealed class ChainRemovalTests
{
    /// <summary>
    /// 3 inputs → A (3) → B (3) → C (3) → 2 outputs (dense read-out). The removal rule takes x0→A0 (A0's only input)
    /// and B2→C2 (B2's only output). Forward: A0 has no input, so A0→B0 goes; B0 then has none, so B0→C0 and B0→C1
    /// go; C0 keeps its read-out links (the read-out does not evolve). Backward: B2 has no output, so A1→B2 and A2→B2
    /// go; A2 then has none, so x1→A2 and x2→A2 go. What is left is the path x1→A1→B1→C1.
    /// </summary>
    private static Network Cascade() =>
        HandBuiltNetworks.Build([
            new HandLayer(3, 3, [new(0, 0, 0.01f), new(1, 1, 1f), new(2, 2, 1f), new(1, 2, 1f)]),
            new HandLayer(3, 3, [new(0, 0, 1f), new(1, 1, 1f), new(2, 2, 1f), new(1, 2, 0.01f)]),
            new HandLayer(3, 3, [new(0, 0, 1f), new(1, 1, 1f), new(2, 2, 0.01f), new(0, 1, 1f)]),
            HandBuiltNetworks.Dense(3, 2, 1f),
        ]);

    /// <summary>The flags of the links of <paramref name="layer"/> given as (input, output) pairs.</summary>
    private static bool[] Flags(Layer layer, params (int Input, int Output)[] links)
    {
        bool[] flags = new bool[layer.LinkCount];
        foreach ((int input, int output) in links)
            flags[layer.Topology.FindLink(input, output)] = true;
        return flags;
    }

    [Fact]
    public void A_cascade_across_layers_removes_the_stranded_neurons_links_and_no_others()
    {
        Network network = Cascade();
        IReadOnlyList<Layer> l = network.Layers;
        bool[][] removed = [Flags(l[0], (0, 0)), Flags(l[1]), Flags(l[2], (2, 2))];

        ChainRemoval.Extend(network, removed);

        Assert.Equal(Flags(l[0], (0, 0), (2, 2), (1, 2)), removed[0]);
        Assert.Equal(Flags(l[1], (0, 0), (2, 2), (1, 2)), removed[1]);
        Assert.Equal(Flags(l[2], (2, 2), (0, 0), (0, 1)), removed[2]);
    }

    [Fact]
    public void Without_a_stranded_neuron_nothing_more_goes()
    {
        Network network = Cascade();
        IReadOnlyList<Layer> l = network.Layers;
        // x1→A2 leaves A2 its input x2; B0→C1 leaves C1 its input B1: nobody is stranded.
        bool[][] removed = [Flags(l[0], (1, 2)), Flags(l[1]), Flags(l[2], (0, 1))];
        bool[][] before = removed.Select(f => (bool[])f.Clone()).ToArray();
        ChainRemoval.Extend(network, removed);
        Assert.Equal(before, removed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_networks_reach_the_same_fixpoint_as_a_naive_sweep(int seed)
    {
        Network network = HandBuiltNetworks.Build(HandBuiltNetworks.Random([12, 9, 8, 7, 3], 0.2, seed));
        var rng = new Rng((ulong)seed);
        Layer[] evolving = network.Layers.Where(x => x.Evolves).ToArray();
        bool[][] removed = evolving
            .Select(x => Enumerable.Range(0, x.LinkCount).Select(_ => rng.NextDouble() < 0.3).ToArray())
            .ToArray();
        bool[][] expected = NaiveChain(network, removed.Select(f => (bool[])f.Clone()).ToArray());

        ChainRemoval.Extend(network, removed);

        Assert.Equal(expected, removed);
    }

    /// <summary>Until nothing changes: for every hidden neuron count its surviving inputs and outputs by scanning
    /// every link; a neuron with none of one kind loses all of the other kind in an evolving layer.</summary>
    private static bool[][] NaiveChain(Network network, bool[][] removed)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        bool Alive(int k, int link) => !layers[k].Evolves || !removed[k][link];
        for (bool changed = true; changed; )
        {
            changed = false;
            for (int k = 0; k + 1 < layers.Count; k++)
            for (int neuron = 0; neuron < layers[k].Outputs; neuron++)
            {
                LayerTopology into = layers[k].Topology,
                    outOf = layers[k + 1].Topology;
                bool hasInput = Enumerable.Range(0, into.LinkCount).Any(i => into.Rows[i] == neuron && Alive(k, i));
                bool hasOutput = Enumerable
                    .Range(0, outOf.LinkCount)
                    .Any(i => outOf.Columns[i] == neuron && Alive(k + 1, i));
                if (!hasInput && layers[k + 1].Evolves)
                    for (int i = 0; i < outOf.LinkCount; i++)
                        if (outOf.Columns[i] == neuron && Alive(k + 1, i))
                            changed = removed[k + 1][i] = true;
                if (!hasOutput && layers[k].Evolves)
                    for (int i = 0; i < into.LinkCount; i++)
                        if (into.Rows[i] == neuron && Alive(k, i))
                            changed = removed[k][i] = true;
            }
        }
        return removed;
    }

    [Theory]
    [InlineData("rlr")]
    [InlineData("set")]
    [InlineData("ch3l3")]
    public void The_editor_regrows_what_the_chain_took_so_every_layer_keeps_its_count(string method)
    {
        Network network = Cascade();
        int[] links = network.Layers.Select(x => x.LinkCount).ToArray();
        // ζ = 0.25 of 4 links: one removal per layer by the rule, the link of |w| 0.01 (per sign for SET: all 4
        // links have w ≥ 0, so the same one): x0→A0, A1→B2 and B2→C2; the chain adds the other two of each layer.
        IReadOnlyList<LayerEdit> chained = TopologyEditor.ApplyAll(
            network,
            0.25,
            TopologyMethods.Get(method),
            seed: 1,
            epoch: 1,
            chainRemoval: true
        );
        IReadOnlyList<LayerEdit> plain = TopologyEditor.ApplyAll(Cascade(), 0.25, TopologyMethods.Get(method), 1, 1);
        Assert.Equal(links, network.Layers.Select(x => x.LinkCount).ToArray());
        Assert.All(chained, e => Assert.Equal(e.Removed, e.Regrown));
        Assert.Equal([1, 1, 1], plain.Select(e => e.Removed));
        Assert.Equal([3, 3, 3], chained.Select(e => e.Removed));
    }
}
