using SparseGpu.Model;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Tests.Topology;

/// <summary>
/// `--method set` through the editor: the per-sign removal against a brute-force count and choice, the regrown
/// weights' distribution (N(0, 0.1²), as the reference code's randn() / 10), links just removed allowed back (never
/// for RLR), and its settings' one-line errors.
/// </summary>
public sealed class SetMethodTests
{
    /// <summary>A layer whose weights are distinct and lean to one sign (about 3 positive to 1 negative), so one
    /// |w| threshold and one per sign choose different links.</summary>
    private static Layer SkewedLayer(int inputs = 60, int outputs = 50, double density = 0.2, ulong seed = 4)
    {
        Layer layer = NetworkFactory.Create(new NetworkShape(inputs, [outputs], 2, density), seed).Layers[0];
        var rng = new Rng(seed + 1);
        for (int i = 0; i < layer.LinkCount; i++)
        {
            double magnitude = 0.01 + Math.Abs(rng.NextGaussian());
            layer.Weights[i] = (float)(rng.NextDouble() < 0.75 ? magnitude : -magnitude);
            layer.WeightVelocity[i] = (float)rng.NextGaussian();
        }
        return layer;
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.05)]
    [InlineData(0.5)]
    public void Removal_takes_zeta_of_each_sign_nearest_zero_by_brute_force(double zeta)
    {
        Layer layer = SkewedLayer();
        float[] w = (float[])layer.Weights.Clone();
        long[] keys = layer.Topology.Keys();
        int[] positive = Enumerable.Range(0, w.Length).Where(i => w[i] >= 0).ToArray();
        int[] negative = Enumerable.Range(0, w.Length).Where(i => w[i] < 0).ToArray();
        var expected = positive
            .OrderBy(i => w[i])
            .Take((int)Math.Floor(zeta * positive.Length))
            .Concat(negative.OrderByDescending(i => w[i]).Take((int)Math.Floor(zeta * negative.Length)))
            .Select(i => keys[i])
            .OrderBy(k => k)
            .ToArray();

        LayerEdit edit = TopologyEditor.Apply(layer, zeta, new SetMethod(), seed: 3, epoch: 1, layerIndex: 0);

        Assert.Equal(expected, edit.RemovedKeys.OrderBy(k => k).ToArray());
        Assert.Equal(expected.Length, edit.Regrown);
        Assert.Equal(keys.Length, layer.LinkCount);
    }

    [Fact]
    public void Zero_and_nan_weights_count_on_the_non_negative_side()
    {
        // Links 0–2 at w = 0 and link 3 NaN, then alternately w = +0.01·i and −0.01·i: distinct magnitudes, so
        // the only ties are among the four that every count here removes first. Moving the zeros (or the NaN) to
        // the negative side changes both sides' counts and so the links chosen.
        Layer layer = SkewedLayer(inputs: 10, outputs: 10, density: 0.2);
        float[] w = layer.Weights;
        for (int i = 0; i < w.Length; i++)
            w[i] =
                i < 3 ? 0f
                : i == 3 ? float.NaN
                : i % 2 == 0 ? 0.01f * i
                : -0.01f * i;
        long[] keys = layer.Topology.Keys();
        int[] nonNegative = Enumerable.Range(0, w.Length).Where(i => !(w[i] < 0)).ToArray();
        int[] negative = Enumerable.Range(0, w.Length).Where(i => w[i] < 0).ToArray();
        const double Zeta = 0.5;
        int fromNonNegative = (int)Math.Floor(Zeta * nonNegative.Length);
        Assert.True(fromNonNegative >= 4 && negative.Length >= 4, $"{w.Length} links");
        var expected = nonNegative
            .OrderBy(i => float.IsNaN(w[i]) ? -1f : w[i])
            .Take(fromNonNegative)
            .Concat(negative.OrderByDescending(i => w[i]).Take((int)Math.Floor(Zeta * negative.Length)))
            .Select(i => keys[i])
            .Order()
            .ToArray();

        LayerEdit edit = TopologyEditor.Apply(layer, Zeta, new SetMethod(), seed: 3, epoch: 1, layerIndex: 0);

        Assert.Equal(expected, edit.RemovedKeys.Order().ToArray());
        Assert.Subset(edit.RemovedKeys.ToHashSet(), keys.Take(4).ToHashSet());
    }

    [Fact]
    public void On_a_skewed_layer_the_per_sign_thresholds_choose_other_links_than_one_magnitude_threshold()
    {
        Layer a = SkewedLayer(),
            b = SkewedLayer();
        LayerEdit set = TopologyEditor.Apply(a, 0.3, new SetMethod(), 3, 1, 0);
        LayerEdit rlr = TopologyEditor.Apply(b, 0.3, new RlrMethod(), 3, 1, 0);
        Assert.NotEqual(set.RemovedKeys.OrderBy(k => k), rlr.RemovedKeys.OrderBy(k => k));
    }

    [Fact]
    public void Regrown_links_start_at_normal_weights_of_sd_one_tenth_with_zero_momentum()
    {
        Layer layer = SkewedLayer(inputs: 200, outputs: 100, density: 0.2);
        LayerEdit edit = TopologyEditor.Apply(layer, 0.5, new SetMethod(), 3, 1, 0);
        var added = new HashSet<long>(edit.AddedKeys);
        long[] keys = layer.Topology.Keys();
        var start = Enumerable.Range(0, keys.Length).Where(i => added.Contains(keys[i])).ToArray();
        Assert.Equal(edit.Regrown, start.Length);
        Assert.All(start, i => Assert.Equal(0f, layer.WeightVelocity[i]));
        double[] weights = start.Select(i => (double)layer.Weights[i]).ToArray();
        double mean = weights.Average();
        double sd = Math.Sqrt(weights.Select(x => (x - mean) * (x - mean)).Average());
        // About 2,000 draws: the mean within 0.01 and the sd within 5% of 0.1 are several standard errors wide.
        Assert.True(weights.Length > 1500, $"{weights.Length} new links");
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(sd, 0.095, 0.105);
    }

    [Fact]
    public void A_link_just_removed_may_come_back_under_set_and_never_under_rlr()
    {
        // Half the positions are empty, so RLR has room elsewhere; SET draws among all 65 empty positions after
        // removal, 15 of them just emptied.
        Layer a = SkewedLayer(inputs: 10, outputs: 10, density: 0.5),
            b = SkewedLayer(inputs: 10, outputs: 10, density: 0.5);
        LayerEdit set = TopologyEditor.Apply(a, 0.3, new SetMethod(), 1, 1, 0);
        LayerEdit rlr = TopologyEditor.Apply(b, 0.3, new RlrMethod(), 1, 1, 0);
        Assert.NotEmpty(set.RemovedKeys.Intersect(set.AddedKeys));
        Assert.Empty(rlr.RemovedKeys.Intersect(rlr.AddedKeys));
    }

    [Fact]
    public void The_same_seed_gives_the_same_positions_and_weights()
    {
        Layer a = SkewedLayer(),
            b = SkewedLayer(),
            c = SkewedLayer();
        TopologyEditor.Apply(a, 0.3, new SetMethod(), 9, 2, 1);
        TopologyEditor.Apply(b, 0.3, new SetMethod(), 9, 2, 1);
        TopologyEditor.Apply(c, 0.3, new SetMethod(), 9, 3, 1);
        Assert.Equal(a.Topology.Keys(), b.Topology.Keys());
        Assert.Equal(a.Weights, b.Weights);
        Assert.NotEqual(a.Weights, c.Weights);
    }

    [Theory]
    [InlineData(0.0, "--set-zeta must be in (0, 1), got 0")]
    [InlineData(1.0, "--set-zeta must be in (0, 1), got 1")]
    [InlineData(-0.5, "--set-zeta must be in (0, 1), got -0.5")]
    public void A_set_zeta_outside_zero_one_is_a_one_line_error(double zeta, string message)
    {
        var settings = new TrainingSettings { Regrowth = "set", SetZeta = zeta };
        var e = Assert.Throws<InvalidSettingException>(() => settings.Validate());
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("rlr")]
    [InlineData("ch3l3")]
    [InlineData("none")]
    public void Set_zeta_with_another_method_is_refused_not_ignored(string method)
    {
        var settings = new TrainingSettings { Regrowth = method, SetZeta = 0.2 };
        var e = Assert.Throws<InvalidSettingException>(() => settings.Validate());
        Assert.Equal($"--set-zeta applies to --method set only; --method {method} removes by --zeta", e.Message);
    }
}
