using SparseGpu.Model;
using SparseGpu.Plotting;
using SparseGpu.Topology;

namespace SparseGpu.Tests.Topology;

/// <summary>The hooks a topology method plugs into: removal, the update schedule and the registry's styling.</summary>
public sealed class TopologyMethodContractTests
{
    private static Layer RandomLayer()
    {
        Layer layer = NetworkFactory.Create(new NetworkShape(60, [50], 2, 0.1), 4).Layers[0];
        var rng = new Rng(9);
        for (int i = 0; i < layer.LinkCount; i++)
            layer.Weights[i] = (float)rng.NextGaussian();
        return layer;
    }

    [Fact]
    public void The_editor_removes_what_the_removal_hook_chooses()
    {
        Layer layer = RandomLayer();
        long[] keys = layer.Topology.Keys();
        LayerEdit edit = TopologyEditor.Apply(layer, 0.3, new RlrMethod(), 1, 0, 0, new LargestFirst());
        float[] magnitudes = RandomLayer().Weights.Select(MathF.Abs).ToArray();
        float weakestRemoved = edit.RemovedKeys.Min(k => magnitudes[Array.IndexOf(keys, k)]);
        float strongestKept = keys.Where(k => !edit.RemovedKeys.Contains(k))
            .Max(k => magnitudes[Array.IndexOf(keys, k)]);
        Assert.True(
            weakestRemoved >= strongestKept,
            $"removed |w| down to {weakestRemoved} but kept one of {strongestKept}"
        );
    }

    [Fact]
    public void A_removal_hook_that_chooses_the_wrong_number_of_links_is_stopped()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            TopologyEditor.Apply(RandomLayer(), 0.3, new RlrMethod(), 1, 0, 0, new RemovesOneTooMany())
        );
        Assert.Contains("removal 'one-too-many' did not choose", e.Message);
    }

    [Fact]
    public void The_default_removal_is_the_magnitude_hook()
    {
        Layer a = RandomLayer(),
            b = RandomLayer();
        LayerEdit byDefault = TopologyEditor.Apply(a, 0.3, new RlrMethod(), 5, 2, 0);
        LayerEdit explicitly = TopologyEditor.Apply(b, 0.3, new RlrMethod(), 5, 2, 0, new MagnitudeRemoval());
        Assert.Equal(byDefault.RemovedKeys, explicitly.RemovedKeys);
        Assert.Equal(byDefault.AddedKeys, explicitly.AddedKeys);
    }

    [Theory]
    [InlineData(1, new[] { 1, 2, 3, 4, 5 })]
    [InlineData(2, new[] { 2, 4 })]
    [InlineData(3, new[] { 3 })]
    public void Updates_precede_every_interval_th_epoch_after_the_first(int interval, int[] due)
    {
        var schedule = new UpdateSchedule(interval, 0.3);
        Assert.Equal(due, Enumerable.Range(0, 6).Where(schedule.IsDue));
        Assert.Equal(0.3, schedule.ZetaAt(4));
    }

    [Fact]
    public void Every_registered_method_has_its_own_label_and_colour_and_figures_use_them()
    {
        IReadOnlyList<ITopologyMethod> all = TopologyMethods.All;
        Assert.Equal(all.Count, all.Select(s => s.DisplayName).Distinct().Count());
        Assert.Equal(all.Count, all.Select(s => s.Colour).Distinct().Count());
        foreach (ITopologyMethod s in all)
        {
            Assert.Matches("^#[0-9a-f]{6}$", s.Colour);
            Assert.Equal(s.DisplayName, MethodStyle.LabelOf(s.Name.ToUpperInvariant()));
            Assert.Equal(ScottPlot.Color.FromHex(s.Colour), MethodStyle.ColorOf(s.Name));
        }
        Assert.Equal(["rlr", "ch3l3", "none", "a-new-one"], MethodStyle.Ordered(["a-new-one", "none", "ch3l3", "rlr"]));
        Assert.Equal(MethodStyle.ColorOf("a-new-one"), MethodStyle.ColorOf("A-NEW-ONE")); // stable, case-blind fallback
    }

    /// <summary>The opposite of magnitude pruning: the largest |w| go.</summary>
    private sealed class LargestFirst : IRemovalStrategy
    {
        public string Name => "largest-first";

        public bool[] Choose(Layer layer, double zeta, int count, Rng random)
        {
            float[] w = layer.Weights;
            bool[] chosen = new bool[w.Length];
            foreach (int i in Enumerable.Range(0, w.Length).OrderByDescending(i => MathF.Abs(w[i])).Take(count))
                chosen[i] = true;
            return chosen;
        }
    }

    private sealed class RemovesOneTooMany : IRemovalStrategy
    {
        public string Name => "one-too-many";

        public bool[] Choose(Layer layer, double zeta, int count, Rng random) =>
            MagnitudeOrder.Smallest(layer.Weights, count + 1, random);
    }
}
