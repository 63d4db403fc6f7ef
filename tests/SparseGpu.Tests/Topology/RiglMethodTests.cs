using SparseGpu.Model;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Tests.Topology;

/// <summary>
/// `--method rigl` through the editor: growth takes the absent links of largest |gradient| (brute force over the
/// table), at w = 0 and zero momentum, never a link just removed; a table with too few candidates is refused; the
/// cosine-decayed schedule; and the largest-magnitude selection it ranks by.
/// </summary>
public sealed class RiglMethodTests
{
    private static Layer TrainedLayer(ulong seed = 4)
    {
        Layer layer = NetworkFactory.Create(new NetworkShape(30, [20], 2, 0.15), seed).Layers[0];
        var rng = new Rng(seed + 1);
        for (int i = 0; i < layer.LinkCount; i++)
        {
            layer.Weights[i] = (float)rng.NextGaussian();
            layer.WeightVelocity[i] = (float)rng.NextGaussian();
        }
        return layer;
    }

    [Fact]
    public void Growth_takes_the_absent_links_of_largest_gradient_magnitude_at_zero()
    {
        Layer layer = TrainedLayer();
        long[] before = layer.Topology.Keys();
        float[] w = (float[])layer.Weights.Clone();
        LinkGradientTable table = SyntheticSignals.Gradients(
            new RegrowthRequest(layer.Topology, [], 0, new Rng(1), LayerIndex: 0)
        );
        int count = TopologyEditor.RemovalCount(layer.LinkCount, 0.3);
        long[] expectedRemoved = Enumerable
            .Range(0, w.Length)
            .OrderBy(i => MathF.Abs(w[i]))
            .Take(count)
            .Select(i => before[i])
            .OrderBy(k => k)
            .ToArray();
        // Distinct non-zero magnitudes among the top: the brute-force order needs no tie key.
        long[] expectedAdded = table
            .Keys.Where(k => !before.Contains(k))
            .OrderByDescending(k => MathF.Abs(table.Gradients[k]))
            .Take(count)
            .OrderBy(k => k)
            .ToArray();
        Assert.All(expectedAdded, k => Assert.NotEqual(0f, table.Gradients[k]));

        LayerEdit edit = TopologyEditor.Apply(layer, 0.3, SyntheticSignals.Method("rigl"), 5, 2, 0);

        Assert.Equal(expectedRemoved, edit.RemovedKeys.OrderBy(k => k).ToArray());
        Assert.Equal(expectedAdded, edit.AddedKeys);
        Assert.Equal((count, 0), (edit.RegrownByScore, edit.RegrownAtRandom));
        long[] after = layer.Topology.Keys();
        foreach (long key in expectedAdded)
        {
            int link = Array.IndexOf(after, key);
            Assert.Equal((0f, 0f), (layer.Weights[link], layer.WeightVelocity[link]));
        }
        Assert.Empty(expectedRemoved.Intersect(after));
    }

    [Fact]
    public void Links_chosen_at_zero_gradient_count_as_chosen_at_random()
    {
        Layer layer = TrainedLayer();
        var zeros = new SignalSources(LinkGradients: r => new LinkGradientTable(
            Enumerable.Range(0, (int)r.AfterRemoval.PossibleLinks).Select(k => (long)k).ToArray(),
            new float[r.AfterRemoval.PossibleLinks]
        ));
        LayerEdit edit = TopologyEditor.Apply(layer, 0.3, new RiglMethod(zeros), 5, 2, 0);
        Assert.Equal((0, edit.Regrown), (edit.RegrownByScore, edit.RegrownAtRandom));
        Assert.True(edit.Regrown > 0);
    }

    [Fact]
    public void A_gradient_table_with_fewer_candidates_than_asked_for_is_refused_and_no_engine_means_no_growth()
    {
        Layer layer = TrainedLayer();
        var partial = new SignalSources(LinkGradients: r =>
        {
            LinkGradientTable all = SyntheticSignals.Gradients(r);
            long[] keys = all.Keys.Except(r.Excluded).Take(r.Count - 1).ToArray();
            return new LinkGradientTable(keys, keys.Select(k => all.Gradients[k]).ToArray());
        });
        var e = Assert.Throws<InvalidOperationException>(() =>
            TopologyEditor.Apply(layer, 0.3, new RiglMethod(partial), 5, 2, 0)
        );
        Assert.Contains("candidate links", e.Message);
        Assert.Throws<InvalidOperationException>(() =>
            TopologyEditor.Apply(TrainedLayer(), 0.3, new RiglMethod(SignalSources.Host), 5, 2, 0)
        );
        Assert.False(SignalSources.Host.Supplied.HasFlag(TopologySignals.AbsentLinkGradients));
        var refused = Assert.Throws<InvalidSettingException>(() =>
            SignalSources.Host.Require(new RiglMethod(SignalSources.Host), "test")
        );
        Assert.Contains("AbsentLinkGradients", refused.Message);
    }

    [Fact]
    public void The_candidates_are_the_absent_links_or_every_position_past_half_density()
    {
        var sparse = LayerTopology.FromSortedKeys(3, 2, new long[] { 1, 4 });
        Assert.Equal(new long[] { 0, 2, 3, 5 }, LinkGradientTable.Candidates(sparse));
        var dense = LayerTopology.FromSortedKeys(3, 2, new long[] { 0, 1, 3, 4 });
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, LinkGradientTable.Candidates(dense));
    }

    [Fact]
    public void The_fraction_decays_by_the_cosine_and_updates_stop_at_t_end()
    {
        var schedule = new UpdateSchedule(Interval: 2, Zeta: 0.3, CosineEnd: 7);
        Assert.Equal([2, 4, 6], Enumerable.Range(0, 12).Where(schedule.IsDue));
        for (int t = 0; t <= 7; t++)
            Assert.Equal(0.15 * (1 + Math.Cos(Math.PI * t / 7)), schedule.ZetaAt(t), 15);
        Assert.Equal(0.3, schedule.ZetaAt(0));
        Assert.Equal(0.0, schedule.ZetaAt(7), 15);
    }

    [Fact]
    public void The_trainer_schedules_rigl_by_its_own_options_or_the_general_ones()
    {
        var rigl = new TrainingSettings { Regrowth = "rigl", Epochs = 10 };
        Assert.Equal(new UpdateSchedule(1, 0.3, 7), Trainer.ScheduleOf(rigl));
        Assert.Equal(
            new UpdateSchedule(3, 0.5, 4),
            Trainer.ScheduleOf(rigl with { RiglAlpha = 0.5, RiglDeltaT = 3, RiglTEnd = 4, Zeta = 0.2 })
        );
        Assert.Equal(new UpdateSchedule(1, 0.3), Trainer.ScheduleOf(new TrainingSettings()));
    }

    [Fact]
    public void Largest_marks_the_largest_magnitudes_nan_last_and_ties_by_the_stream()
    {
        float[] values = [0.5f, -3f, float.NaN, 2f, -2f, 0f];
        bool[] Largest(int count) => MagnitudeOrder.Largest(values, [0, 1, 2, 3, 4, 5], count, new Rng(1));
        Assert.Equal([false, true, false, true, true, false], Largest(3));
        bool[] two = Largest(2);
        Assert.True(two[1]);
        Assert.Equal(1, two.Count(b => b) - 1); // one of the tied ±2
        Assert.Equal(two, Largest(2));
        Assert.Equal([true, true, false, true, true, false], Largest(4));
        bool[] five = Largest(5);
        Assert.True(five[2] ^ five[5]); // NaN counts as 0: it ties with the 0
    }

    /// <summary>The tie keys of a list's entries are the stream's draws at their ranks (as the definition: one draw
    /// per entry in list order), so a selection over the entries at or above the boundary (plus any others) marks
    /// what one over the whole list does.</summary>
    [Fact]
    public void Largest_of_the_leading_entries_marks_what_largest_of_the_whole_list_marks()
    {
        var random = new Rng(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 1 + random.NextInt(60);
            // Few distinct magnitudes, both signs: ties at the boundary are the rule, not the exception.
            float[] values = Enumerable
                .Range(0, n)
                .Select(_ => (random.NextInt(2) == 0 ? -1 : 1) * (float)random.NextInt(5))
                .ToArray();
            int count = 1 + random.NextInt(n);
            long[] all = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
            ulong seed = (ulong)trial;
            bool[] whole = MagnitudeOrder.Largest(values, all, count, new Rng(seed));
            // The definition: one tie key per entry of the whole list, drawn in list order; NaN as 0.
            var stream = new Rng(seed);
            ulong[] tie = values.Select(_ => stream.NextUInt64()).ToArray();
            long[] defined = all.OrderByDescending(i => float.IsNaN(values[i]) ? 0f : MathF.Abs(values[i]))
                .ThenBy(i => tie[i])
                .Take(count)
                .Order()
                .ToArray();
            Assert.Equal(defined, all.Where(i => whole[i]).ToArray());
            float boundary = values.Select(MathF.Abs).OrderDescending().ElementAt(count - 1);
            long[] leading = all.Where(i => MathF.Abs(values[i]) >= boundary || random.NextInt(4) == 0).ToArray();
            bool[] part = MagnitudeOrder.Largest(
                leading.Select(i => values[i]).ToArray(),
                leading,
                count,
                new Rng(seed)
            );
            Assert.Equal(all.Where(i => whole[i]).ToArray(), leading.Where((_, t) => part[t]).ToArray());
        }
    }
}
