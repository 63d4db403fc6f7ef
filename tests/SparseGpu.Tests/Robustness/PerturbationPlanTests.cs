using SparseGpu.Model;
using SparseGpu.Robustness;
using SparseGpu.Runs;

namespace SparseGpu.Tests.Robustness;

public sealed class PerturbationPlanTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private Network Trained => CheckpointFile.Read(fixture.Model).State.Network;

    [Theory]
    [InlineData("random")]
    [InlineData("weight-order")]
    [InlineData("reverse-weight-order")]
    public void Removed_links_are_nested_across_levels(string name)
    {
        Network trained = Trained;
        var plan = new PerturbationPlan(trained, Perturbations.Get(name), PerturbationScope.Sparse, seed: 3, repeat: 1);
        HashSet<long>[] previous = trained.Layers.Select(_ => new HashSet<long>()).ToArray();
        double[] levels = [0.1, 0.25, 0.5, 0.8, 1.0];
        for (int i = 0; i < levels.Length; i++)
        {
            Network perturbed = plan.Apply(i, levels[i]);
            for (int k = 0; k < trained.Layers.Count; k++)
            {
                var removed = trained.Layers[k].Topology.Keys().Except(perturbed.Layers[k].Topology.Keys()).ToHashSet();
                Assert.Superset(previous[k], removed);
                if (trained.Layers[k].Evolves)
                    Assert.Equal((int)Math.Floor(levels[i] * trained.Layers[k].LinkCount + 1e-9), removed.Count);
                else
                    Assert.Empty(removed); // the dense read-out is out of the default scope
                previous[k] = removed;
            }
        }
    }

    [Fact]
    public void Weight_order_at_one_half_removes_exactly_the_half_with_the_largest_weights()
    {
        Network trained = Trained;
        Network half = new PerturbationPlan(trained, Perturbations.WeightOrder, PerturbationScope.Sparse, 1, 0).Apply(
            1,
            0.5
        );
        foreach (var (before, after) in trained.Layers.Zip(half.Layers).Where(p => p.First.Evolves))
        {
            var kept = after.Topology.Keys().ToHashSet();
            long[] keys = before.Topology.Keys();
            var removedMagnitudes = keys.Select((k, i) => (k, w: MathF.Abs(before.Weights[i])))
                .Where(p => !kept.Contains(p.k))
                .Select(p => p.w)
                .ToList();
            var keptMagnitudes = keys.Select((k, i) => (k, w: MathF.Abs(before.Weights[i])))
                .Where(p => kept.Contains(p.k))
                .Select(p => p.w)
                .ToList();
            Assert.Equal(before.LinkCount / 2, removedMagnitudes.Count);
            Assert.True(removedMagnitudes.Min() >= keptMagnitudes.Max(), "a kept link is heavier than a removed one");
            // Surviving links keep their weights.
            for (int link = 0; link < after.LinkCount; link++)
                Assert.Equal(
                    before.Weights[before.Topology.FindLink(after.Topology.Columns[link], after.Topology.Rows[link])],
                    after.Weights[link]
                );
        }
    }

    [Fact]
    public void Shuffling_keeps_the_multiset_of_weights_and_the_links()
    {
        Network trained = Trained;
        var plan = new PerturbationPlan(trained, Perturbations.Shuffle, PerturbationScope.All, 5, 0);
        Network shuffled = plan.Apply(3, 0.6);
        for (int k = 0; k < trained.Layers.Count; k++)
        {
            Assert.Equal(trained.Layers[k].Topology.Keys(), shuffled.Layers[k].Topology.Keys());
            Assert.Equal(trained.Layers[k].Weights.Order(), shuffled.Layers[k].Weights.Order());
            Assert.NotEqual(trained.Layers[k].Weights, shuffled.Layers[k].Weights);
        }
    }

    [Fact]
    public void Noise_scales_with_the_level_and_level_zero_is_the_identity()
    {
        Network trained = Trained;
        var plan = new PerturbationPlan(trained, Perturbations.Noise, PerturbationScope.Sparse, 2, 0);
        Network zero = plan.Apply(0, 0);
        Network small = plan.Apply(1, 0.1),
            large = plan.Apply(2, 0.4);
        for (int k = 0; k < trained.Layers.Count; k++)
        {
            Assert.Equal(trained.Layers[k].Weights, zero.Layers[k].Weights);
            Assert.Equal(trained.Layers[k].Bias, zero.Layers[k].Bias);
            if (!trained.Layers[k].Evolves)
                continue;
            double Shift(Network n) =>
                n.Layers[k].Weights.Zip(trained.Layers[k].Weights).Sum(p => Math.Abs(p.First - p.Second));
            Assert.Equal(4.0, Shift(large) / Shift(small), 3); // the same draw, scaled
        }
    }

    [Fact]
    public void The_trained_network_is_never_modified()
    {
        Network trained = Trained;
        float[][] before = trained.Layers.Select(l => (float[])l.Weights.Clone()).ToArray();
        foreach (Perturbation p in Perturbations.All.Where(p => p.Kind != LevelKind.Epsilon))
            DamageRecorder.Networks(p, trained, [0, 0.7], 1, 0, new(PerturbationScope.All));
        for (int k = 0; k < before.Length; k++)
            Assert.Equal(before[k], trained.Layers[k].Weights);
    }
}
