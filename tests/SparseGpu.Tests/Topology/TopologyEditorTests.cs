using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Tests.Topology;

/// <summary>The rules every regrowth strategy must obey through the editor (design.md §5.4).</summary>
public sealed class TopologyEditorTests
{
    public static TheoryData<string> Strategies()
    {
        var data = new TheoryData<string>();
        foreach (string name in TopologyMethods.Names)
            data.Add(name);
        return data;
    }

    private static Layer TrainedLayer(int inputs = 60, int outputs = 50, double density = 0.1, ulong seed = 4)
    {
        Network network = NetworkFactory.Create(new NetworkShape(inputs, [outputs], 2, density), seed);
        Layer layer = network.Layers[0];
        var rng = new Rng(seed);
        for (int i = 0; i < layer.LinkCount; i++)
            layer.WeightVelocity[i] = (float)rng.NextGaussian();
        return layer;
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Editing_all_layers_at_once_gives_each_layer_the_edit_it_gets_alone(string strategy)
    {
        var shape = new NetworkShape(40, [50, 45, 30], 3, 0.1);
        Network together = NetworkFactory.Create(shape, 6),
            alone = NetworkFactory.Create(shape, 6);
        ITopologyMethod method = SyntheticSignals.Method(strategy);
        IReadOnlyList<LayerEdit> edits = TopologyEditor.ApplyAll(together, 0.3, method, seed: 2, epoch: 3);
        Layer[] evolving = alone.Layers.Where(l => l.Evolves).ToArray();
        for (int k = 0; k < evolving.Length; k++)
        {
            LayerEdit single = TopologyEditor.Apply(evolving[k], 0.3, method, seed: 2, epoch: 3, layerIndex: k);
            Assert.Equal(single.AddedKeys, edits[k].AddedKeys);
            Assert.Equal(single.RemovedKeys, edits[k].RemovedKeys);
            Assert.Equal(evolving[k].Topology.Keys(), together.Layers[k].Topology.Keys());
            Assert.Equal(evolving[k].Weights, together.Layers[k].Weights);
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Link_count_is_conserved_without_duplicates(string strategy)
    {
        Layer layer = TrainedLayer();
        int before = layer.LinkCount;
        TopologyEditor.Apply(layer, 0.3, SyntheticSignals.Method(strategy), seed: 1, epoch: 0, layerIndex: 0);
        Assert.Equal(before, layer.LinkCount);
        long[] keys = layer.Topology.Keys();
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Added_links_are_new_start_at_the_rules_weight_and_survivors_keep_their_state(string strategy)
    {
        Layer layer = TrainedLayer();
        var before = layer
            .Topology.Keys()
            .Select((key, link) => (key, link))
            .ToDictionary(p => p.key, p => (layer.Weights[p.link], layer.WeightVelocity[p.link]));
        ITopologyMethod method = SyntheticSignals.Method(strategy);
        LayerEdit edit = TopologyEditor.Apply(layer, 0.3, method, 1, 0, 0);

        // A link just removed comes back only where the growth rule allows it (SET); never one that survived.
        if (!method.Growth.MayRegrowRemoved)
            Assert.Empty(edit.RemovedKeys.Intersect(edit.AddedKeys));
        Assert.All(edit.AddedKeys.Except(edit.RemovedKeys), key => Assert.False(before.ContainsKey(key)));
        long[] after = layer.Topology.Keys();
        bool randomStart = method is SetMethod;
        for (int link = 0; link < after.Length; link++)
        {
            if (edit.AddedKeys.Contains(after[link]))
            {
                Assert.Equal(0f, layer.WeightVelocity[link]);
                if (randomStart)
                    Assert.NotEqual(0f, layer.Weights[link]);
                else
                    Assert.Equal(0f, layer.Weights[link]);
            }
            else
                Assert.Equal(before[after[link]], (layer.Weights[link], layer.WeightVelocity[link]));
        }
        Assert.Equal(edit.Removed, edit.Regrown);
        Assert.Equal(edit.Regrown, edit.RegrownByScore + edit.RegrownAtRandom);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Zeta_zero_changes_nothing(string strategy)
    {
        Layer layer = TrainedLayer();
        long[] keys = layer.Topology.Keys();
        float[] weights = (float[])layer.Weights.Clone();
        LayerEdit edit = TopologyEditor.Apply(layer, 0.0, SyntheticSignals.Method(strategy), 1, 0, 0);
        Assert.Equal(0, edit.Removed);
        Assert.Equal(keys, layer.Topology.Keys());
        Assert.Equal(weights, layer.Weights);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void The_same_seed_gives_the_same_edit(string strategy)
    {
        Layer a = TrainedLayer(),
            b = TrainedLayer();
        LayerEdit editA = TopologyEditor.Apply(a, 0.3, SyntheticSignals.Method(strategy), 9, 3, 1);
        LayerEdit editB = TopologyEditor.Apply(b, 0.3, SyntheticSignals.Method(strategy), 9, 3, 1);
        Assert.Equal(editA.AddedKeys, editB.AddedKeys);
        Assert.Equal(a.Topology.Keys(), b.Topology.Keys());
    }

    [Fact]
    public void The_weakest_links_are_the_ones_removed()
    {
        Layer layer = TrainedLayer();
        float[] magnitudes = layer.Weights.Select(MathF.Abs).ToArray();
        long[] keys = layer.Topology.Keys();
        LayerEdit edit = TopologyEditor.Apply(layer, 0.3, new RlrMethod(), 1, 0, 0);
        Assert.Equal(TopologyEditor.RemovalCount(keys.Length, 0.3), edit.Removed);
        float strongestRemoved = edit.RemovedKeys.Max(k => magnitudes[Array.IndexOf(keys, k)]);
        float weakestKept = keys.Where(k => !edit.RemovedKeys.Contains(k)).Min(k => magnitudes[Array.IndexOf(keys, k)]);
        Assert.True(
            strongestRemoved <= weakestKept,
            $"removed |w| up to {strongestRemoved} but kept one of {weakestKept}"
        );
    }

    [Fact]
    public void Ties_in_magnitude_are_broken_by_the_seed_not_the_index()
    {
        Layer layer = TrainedLayer(inputs: 200, outputs: 100, density: 0.05);
        Array.Clear(layer.Weights); // every link ties at |w| = 0
        long[] keys = layer.Topology.Keys();
        LayerEdit edit = TopologyEditor.Apply(layer, 0.5, new RlrMethod(), 1, 0, 0);
        // Index order would remove exactly the first half of the keys.
        double meanRemovedPosition = edit.RemovedKeys.Average(k => (double)Array.IndexOf(keys, k));
        Assert.InRange(meanRemovedPosition, keys.Length * 0.4, keys.Length * 0.6);
    }

    [Fact]
    public void A_layer_too_dense_to_regrow_elsewhere_may_regrow_what_it_removed()
    {
        Layer layer = TrainedLayer(inputs: 10, outputs: 10, density: 0.9);
        int before = layer.LinkCount;
        LayerEdit edit = TopologyEditor.Apply(layer, 0.3, new RlrMethod(), 1, 0, 0);
        Assert.Equal(before, layer.LinkCount);
        Assert.Equal(edit.Removed, edit.Regrown);
    }

    [Fact]
    public void Static_topology_never_changes()
    {
        Layer layer = TrainedLayer();
        long[] keys = layer.Topology.Keys();
        Assert.Equal(0, TopologyEditor.Apply(layer, 0.3, TopologyMethods.Get("none"), 1, 0, 0).Removed);
        Assert.Equal(keys, layer.Topology.Keys());
    }

    [Fact]
    public void Unknown_strategy_names_list_the_valid_ones()
    {
        var e = Assert.Throws<InvalidSettingException>(() => TopologyMethods.Get("magic"));
        Assert.Equal("--method 'magic' is not valid; valid: rlr, ch3l3, none, imp, set, rigl, chts", e.Message);
    }

    [Fact]
    public void A_strategy_that_breaks_the_rules_is_stopped_by_the_editor()
    {
        Layer layer = TrainedLayer();
        long existing = layer.Topology.KeyOf(0);
        Assert.Throws<InvalidOperationException>(() => TopologyEditor.Apply(layer, 0.3, new Cheat(existing), 1, 0, 0));
    }

    /// <summary>Regrows an existing link, which the editor must refuse.</summary>
    private sealed class Cheat(long key) : ITopologyMethod
    {
        public string Name => "cheat";
        public string Summary => "regrows an existing link";
        public bool EvolvesTopology => true;
        public IRegrowthStrategy Growth => new CheatingGrowth(key);
    }

    private sealed class CheatingGrowth(long key) : IRegrowthStrategy
    {
        public RegrowthChoice Choose(RegrowthRequest request) =>
            new(
                Enumerable
                    .Repeat(key, 1)
                    .Concat(
                        AbsentKeySampler.Sample(
                            request.AfterRemoval.PossibleLinks,
                            request.Excluded,
                            request.Count - 1,
                            request.Random
                        )
                    )
                    .ToArray(),
                0,
                request.Count
            );
    }
}
