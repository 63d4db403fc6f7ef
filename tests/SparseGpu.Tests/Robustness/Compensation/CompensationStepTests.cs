using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Robustness;
using SparseGpu.Robustness.Compensation;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Robustness.Compensation;

/// <summary>Each compensation step against a hand computation or an independent check of its invariant.</summary>
public sealed class CompensationStepTests
{
    private static Network Damaged(Network trained, double fraction, ulong seed) =>
        new PerturbationPlan(trained, Perturbations.Random, PerturbationScope.Sparse, seed, 0).Apply(1, fraction);

    [Fact]
    public void Fan_in_rescale_matches_a_hand_computation_on_a_tiny_layer()
    {
        // Neuron 0 had inputs 0, 1, 2 and keeps 0, 2; neuron 1 had 1 and keeps it; neuron 2 had 0, 2 and keeps none;
        // neuron 3 had all four and keeps 0, 1, 3.
        var trainedFirst = LayerTopology.FromLinks(
            4,
            4,
            [(0, 0), (1, 0), (2, 0), (1, 1), (0, 2), (2, 2), (0, 3), (1, 3), (2, 3), (3, 3)]
        );
        Network trained = TestNetworks.WithRandomParameters([trainedFirst, LayerTopology.Dense(4, 2)], seed: 5);
        var kept = LayerTopology.FromLinks(4, 4, [(0, 0), (2, 0), (1, 1), (0, 3), (1, 3), (3, 3)]);
        float[] keptWeights = [0.25f, -0.75f, 1.1f, 0.75f, 1.5f, -3f];
        var damaged = new Network([
            EvaluationLayer.Of(kept, keptWeights, trained.Layers[0]),
            trained.Layers[1].Clone(),
        ]);

        Network rescaled = FanInRescale.Apply(damaged, trained);

        // k/k' = 3/2 for neuron 0, 1/1 for neuron 1 (its 1.1 untouched), 4/3 for neuron 3; neuron 2 has no input.
        Assert.Equal([0.375f, -1.125f, 1.1f, 1f, 2f, -4f], rescaled.Layers[0].Weights);
        Assert.Equal(trained.Layers[0].Bias, rescaled.Layers[0].Bias);
        Assert.Equal(trained.Layers[1].Weights, rescaled.Layers[1].Weights);
        Assert.Equal(keptWeights, damaged.Layers[0].Weights); // the damaged network is not modified
    }

    [Fact]
    public void Fan_in_rescale_of_an_undamaged_network_is_the_network_itself()
    {
        Network trained = TestNetworks.Random([20, 15], 4, 0.3, 30, seed: 2);
        Network level0 = Damaged(trained, 0, seed: 1);
        Assert.Same(level0, FanInRescale.Apply(level0, trained));
    }

    [Theory]
    [InlineData(0.3, 1UL)]
    [InlineData(0.6, 2UL)]
    [InlineData(0.85, 3UL)]
    public void Prune_dead_leaves_exactly_the_neurons_on_an_input_to_output_path(double fraction, ulong seed)
    {
        Network trained = TestNetworks.Random([25, 20, 15], 4, 0.12, 30, seed: seed);
        Network damaged = Damaged(trained, fraction, seed);

        Network pruned = DeadNeuronPruning.Apply(damaged);

        bool[][] onPath = OnSomePath(damaged);
        for (int h = 0; h < onPath.Length; h++)
        for (int neuron = 0; neuron < onPath[h].Length; neuron++)
        {
            bool linked =
                pruned.Layers[h].Topology.InDegree(neuron) > 0 && pruned.Layers[h + 1].Topology.OutDegree(neuron) > 0;
            bool unlinked =
                pruned.Layers[h].Topology.InDegree(neuron) == 0 && pruned.Layers[h + 1].Topology.OutDegree(neuron) == 0;
            // No neuron is left with inputs but no outputs or the reverse; a neuron on a path keeps its links.
            Assert.True(linked || unlinked, $"layer {h + 1} neuron {neuron} is half-linked");
            Assert.Equal(onPath[h][neuron], linked);
        }
        // Links survive exactly when both ends survive (inputs and read-out neurons always do).
        for (int k = 0; k < damaged.Layers.Count; k++)
        {
            LayerTopology before = damaged.Layers[k].Topology;
            int expected = 0;
            for (int link = 0; link < before.LinkCount; link++)
                if (
                    (k == 0 || onPath[k - 1][before.Columns[link]])
                    && (k == damaged.Layers.Count - 1 || onPath[k][before.Rows[link]])
                )
                {
                    int at = pruned.Layers[k].Topology.FindLink(before.Columns[link], before.Rows[link]);
                    Assert.True(at >= 0);
                    Assert.Equal(damaged.Layers[k].Weights[link], pruned.Layers[k].Weights[at]);
                    expected++;
                }
            Assert.Equal(expected, pruned.Layers[k].LinkCount);
        }
        Assert.Equal(onPath.Sum(layer => layer.Count(x => x)), PerturbationPlan.ActiveNeurons(pruned));
        Assert.True(
            PerturbationPlan.ActiveNeurons(pruned) < PerturbationPlan.ActiveNeurons(damaged)
                || PerturbationPlan.ActiveNeurons(damaged) == 0,
            "no neuron was stranded beyond its own missing links: the iteration went untested"
        );
    }

    [Fact]
    public void Prune_dead_iterates_along_a_chain_that_one_round_would_leave()
    {
        // Hidden neuron 0 of layer 1 has no input; layer 2's neuron 0 takes only from it, and read-out class 0 only
        // from that one. One round removes layer-1 neuron 0; the next strands layer-2 neuron 0.
        var first = LayerTopology.FromLinks(2, 2, [(0, 1), (1, 1)]);
        var second = LayerTopology.FromLinks(2, 2, [(0, 0), (1, 1)]);
        var readout = LayerTopology.FromLinks(2, 2, [(0, 0), (1, 1), (1, 0)]);
        Network network = TestNetworks.WithRandomParameters([first, second, readout], seed: 3);

        Network pruned = DeadNeuronPruning.Apply(network);

        Assert.Equal([(1, 1)], Links(pruned.Layers[1].Topology));
        Assert.Equal([(1, 0), (1, 1)], Links(pruned.Layers[2].Topology));
        Assert.Equal([(0, 1), (1, 1)], Links(pruned.Layers[0].Topology));
        Assert.Same(pruned, DeadNeuronPruning.Apply(pruned));
    }

    [Fact]
    public void Variance_rescale_restores_the_trained_means_and_deviations_on_the_calibration_batch()
    {
        Network trained = TestNetworks.Random([30, 20], 4, 0.3, 36, seed: 7);
        ImageSet train = RandomImages(36, 4, 300, seed: 8);
        CalibrationBatch batch = CalibrationBatch.Draw(train, 200, seed: 9);
        var rescale = new VarianceRescale(trained, batch);
        Network damaged = Damaged(trained, 0.5, seed: 4);

        Network corrected = rescale.Apply(damaged);

        var target = HiddenMoments(trained, batch);
        var before = HiddenMoments(damaged, batch);
        var after = HiddenMoments(corrected, batch);
        int restorable = 0;
        for (int h = 0; h < target.Count; h++)
        for (int neuron = 0; neuron < target[h].Mean.Length; neuron++)
        {
            double scale = 1 + Math.Abs(target[h].Mean[neuron]) + target[h].Std[neuron];
            Assert.Equal(target[h].Mean[neuron], after[h].Mean[neuron], 1e-5 * scale);
            if (before[h].Std[neuron] > 0)
            {
                Assert.Equal(target[h].Std[neuron], after[h].Std[neuron], 1e-5 * scale);
                restorable++;
            }
        }
        Assert.True(restorable > 20, $"only {restorable} neurons vary after the damage");
        Assert.True(
            Math.Abs(before[1].Std.Sum() - target[1].Std.Sum()) > 1e-2,
            "the damage left the statistics as they were: the test would prove nothing"
        );
        // Topology is untouched and the read-out is not rescaled.
        for (int k = 0; k < damaged.Layers.Count; k++)
            Assert.Equal(damaged.Layers[k].Topology.Keys(), corrected.Layers[k].Topology.Keys());
        Assert.Equal(damaged.Layers[^1].Weights, corrected.Layers[^1].Weights);
        Network level0 = Damaged(trained, 0, seed: 4);
        Assert.Same(level0, rescale.Apply(level0));
    }

    [Fact]
    public void The_calibration_batch_is_drawn_from_the_images_it_is_given_by_seed()
    {
        ImageSet train = RandomImages(10, 3, 50, seed: 1);
        CalibrationBatch a = CalibrationBatch.Draw(train, 20, seed: 5);
        Assert.Equal(a.Inputs, CalibrationBatch.Draw(train, 20, seed: 5).Inputs);
        Assert.NotEqual(a.Inputs, CalibrationBatch.Draw(train, 20, seed: 6).Inputs);
        Assert.Equal(50, CalibrationBatch.Draw(train, 1000, seed: 5).Count);
    }

    [Fact]
    public void Fine_tuning_never_adds_a_link_and_reproduces_at_one_and_two_threads()
    {
        Network trained = TestNetworks.Random([30, 20], 4, 0.3, 36, seed: 7);
        ImageSet train = RandomImages(36, 4, 200, seed: 8);
        Network damaged = Damaged(trained, 0.6, seed: 2);
        var settings = new TrainingSettings { BatchSize = 16, Epochs = 5 };
        var context = new DamageContext(settings, 3, "random", 1, 4);

        Network Tune(int threads, int steps)
        {
            using INetworkEngine engine = EngineFactory.Create("cpu", threads, _ => { });
            return new FineTuning(engine, steps, null).Apply(damaged, train, settings, context);
        }

        Network one = Tune(1, 30),
            two = Tune(2, 30);
        for (int k = 0; k < damaged.Layers.Count; k++)
        {
            Assert.Equal(damaged.Layers[k].Topology.Keys(), one.Layers[k].Topology.Keys());
            Assert.Equal(one.Layers[k].Weights, two.Layers[k].Weights);
            Assert.Equal(one.Layers[k].Bias, two.Layers[k].Bias);
        }
        Assert.NotEqual(damaged.Layers[0].Weights, one.Layers[0].Weights);
        Assert.Equal(Damaged(trained, 0.6, seed: 2).Layers[0].Weights, damaged.Layers[0].Weights);
        Assert.Same(damaged, Tune(1, 0));
    }

    [Fact]
    public void Fine_tuning_orders_depend_on_every_part_of_the_level_they_belong_to()
    {
        var context = new DamageContext(new TrainingSettings(), 3, "random", 1, 4);
        int[] order = FineTuning.Order(context, 0, 100);
        Assert.Equal(order, FineTuning.Order(context, 0, 100));
        Assert.Equal(Enumerable.Range(0, 100), order.Order());
        Assert.NotEqual(order, FineTuning.Order(context, 1, 100));
        Assert.NotEqual(order, FineTuning.Order(context with { Seed = 4 }, 0, 100));
        Assert.NotEqual(order, FineTuning.Order(context with { Perturbation = "weight-order" }, 0, 100));
        Assert.NotEqual(order, FineTuning.Order(context with { Repeat = 2 }, 0, 100));
        Assert.NotEqual(order, FineTuning.Order(context with { LevelIndex = 5 }, 0, 100));
    }

    [Theory]
    [InlineData("sideways", null, null, 1000, "--rescale 'sideways' is not valid; valid: none, fan-in, variance")]
    [InlineData("none", -1, null, 1000, "--finetune-steps must be 0 or more, got -1")]
    [InlineData("none", null, -2, 1000, "--finetune-epochs must be 0 or more, got -2")]
    [InlineData("none", 5, 1, 1000, "--finetune-steps and --finetune-epochs exclude each other; give one")]
    [InlineData("variance", null, null, 0, "--calibration-images must be positive, got 0")]
    [InlineData("fan-in", null, null, 50, "--calibration-images is for --rescale variance only")]
    public void Bad_switch_values_are_one_line_errors(
        string rescale,
        int? steps,
        int? epochs,
        int calibration,
        string message
    )
    {
        var settings = new CompensationSettings
        {
            Rescale = rescale,
            FinetuneSteps = steps,
            FinetuneEpochs = epochs,
            CalibrationImages = calibration,
        };
        Assert.Equal(message, Assert.Throws<InvalidSettingException>(settings.Validate).Message);
    }

    private static List<(int, int)> Links(LayerTopology t) =>
        Enumerable.Range(0, t.LinkCount).Select(l => (t.Columns[l], t.Rows[l])).Order().ToList();

    /// <summary>Breadth-first, as a referee would: reachable from an input and reaching the read-out.</summary>
    private static bool[][] OnSomePath(Network network)
    {
        int hidden = network.Layers.Count - 1;
        var from = new bool[hidden][];
        var to = new bool[hidden][];
        for (int h = 0; h < hidden; h++)
        {
            LayerTopology t = network.Layers[h].Topology;
            from[h] = new bool[t.Outputs];
            for (int link = 0; link < t.LinkCount; link++)
                if (h == 0 || from[h - 1][t.Columns[link]])
                    from[h][t.Rows[link]] = true;
        }
        for (int h = hidden - 1; h >= 0; h--)
        {
            LayerTopology t = network.Layers[h + 1].Topology;
            to[h] = new bool[t.Inputs];
            for (int link = 0; link < t.LinkCount; link++)
                if (h == hidden - 1 || to[h + 1][t.Rows[link]])
                    to[h][t.Columns[link]] = true;
        }
        return from.Select((f, h) => f.Select((x, n) => x && to[h][n]).ToArray()).ToArray();
    }

    /// <summary>Per hidden layer, the mean and population deviation of each neuron's pre-activation, by a plain
    /// forward pass of its own (not the rescale's).</summary>
    private static List<(double[] Mean, double[] Std)> HiddenMoments(Network network, CalibrationBatch batch)
    {
        int n = batch.Count,
            inputs = network.Inputs;
        double[][] x = Enumerable
            .Range(0, n)
            .Select(i => Enumerable.Range(0, inputs).Select(p => (double)batch.Inputs[p * n + i]).ToArray())
            .ToArray();
        var result = new List<(double[], double[])>();
        for (int k = 0; k < network.Layers.Count - 1; k++)
        {
            Layer layer = network.Layers[k];
            var z = new double[n][];
            for (int i = 0; i < n; i++)
            {
                z[i] = layer.Bias.Select(b => (double)b).ToArray();
                for (int link = 0; link < layer.LinkCount; link++)
                    z[i][layer.Topology.Rows[link]] += layer.Weights[link] * x[i][layer.Topology.Columns[link]];
            }
            double[] mean = Enumerable.Range(0, layer.Outputs).Select(j => z.Average(r => r[j])).ToArray();
            double[] std = Enumerable
                .Range(0, layer.Outputs)
                .Select(j => Math.Sqrt(z.Average(r => (r[j] - mean[j]) * (r[j] - mean[j]))))
                .ToArray();
            result.Add((mean, std));
            x = z.Select(r => r.Select(v => Math.Max(0, v)).ToArray()).ToArray();
        }
        return result;
    }

    private static ImageSet RandomImages(int pixels, int classes, int count, ulong seed)
    {
        var rng = new Rng(seed);
        byte[] data = new byte[pixels * count];
        for (int i = 0; i < data.Length; i++)
            data[i] = rng.NextDouble() < 0.35 ? (byte)0 : (byte)rng.NextInt(256);
        byte[] labels = Enumerable.Range(0, count).Select(_ => (byte)rng.NextInt(classes)).ToArray();
        return new ImageSet("calibration-test", 1, pixels, classes, data, labels);
    }
}
