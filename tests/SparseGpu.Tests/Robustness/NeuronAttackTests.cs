using SparseGpu.Model;
using SparseGpu.Robustness;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// The neuron attacks: how many neurons a level removes and which links go with them, the removal order against a
/// brute-force recomputation of each criterion (static and adaptive forms, per-layer and global counting), and the
/// path counts against explicit enumeration.
/// </summary>
public sealed class NeuronAttackTests
{
    private static readonly Network Small = TestNetworks.Random([12, 10, 8], classes: 4, 0.3, inputs: 20, seed: 5);

    public static TheoryData<string> Attacks() => new(Perturbations.All.OfType<NeuronRemoval>().Select(p => p.Name));

    private static readonly NeuronCriterion[] Targeted = Enum.GetValues<NeuronCriterion>()
        .Where(c => c != NeuronCriterion.Random)
        .ToArray();

    public static TheoryData<NeuronCriterion> Criteria() => new(Targeted);

    /// <summary>Hidden neurons with no link left (neither in nor out), by hidden layer.</summary>
    private static bool[][] Isolated(Network damaged) =>
        Enumerable
            .Range(0, damaged.Layers.Count - 1)
            .Select(h =>
                Enumerable
                    .Range(0, damaged.Layers[h].Outputs)
                    .Select(n =>
                        damaged.Layers[h].Topology.InDegree(n) == 0 && damaged.Layers[h + 1].Topology.OutDegree(n) == 0
                    )
                    .ToArray()
            )
            .ToArray();

    private static int HiddenNeurons(Network n) => n.Layers.Take(n.Layers.Count - 1).Sum(l => l.Outputs);

    /// <summary>0, 1/n, ..., 1: one neuron more per level.</summary>
    private static double[] OneByOne(int neurons) =>
        Enumerable.Range(0, neurons + 1).Select(i => (double)i / neurons).ToArray();

    /// <summary>The brute-force score: degrees and strengths summed link by link, paths enumerated.</summary>
    private static double BruteForce(NeuronCriterion criterion, Network n, int h, int j)
    {
        Layer into = n.Layers[h],
            outOf = n.Layers[h + 1];
        var ins = Enumerable.Range(0, into.LinkCount).Where(l => into.Topology.Rows[l] == j).ToList();
        var outs = Enumerable.Range(0, outOf.LinkCount).Where(l => outOf.Topology.Columns[l] == j).ToList();
        return criterion switch
        {
            NeuronCriterion.InDegree => ins.Count,
            NeuronCriterion.OutDegree => outs.Count,
            NeuronCriterion.Strength => ins.Sum(l => (double)Math.Abs(into.Weights[l]))
                + outs.Sum(l => (double)Math.Abs(outOf.Weights[l])),
            _ => Math.Log2(PathsTo(n, h + 1, j) * (double)PathsFrom(n, h + 1, j)),
        };
    }

    /// <summary>Paths from any input to neuron j of neuron layer k (0: the inputs), by recursion.</summary>
    private static long PathsTo(Network n, int k, int j)
    {
        if (k == 0)
            return 1;
        Layer layer = n.Layers[k - 1];
        long sum = 0;
        for (int l = 0; l < layer.LinkCount; l++)
            if (layer.Topology.Rows[l] == j)
                sum += PathsTo(n, k - 1, layer.Topology.Columns[l]);
        return sum;
    }

    /// <summary>Paths from neuron j of neuron layer k to any output.</summary>
    private static long PathsFrom(Network n, int k, int j)
    {
        if (k == n.Layers.Count)
            return 1;
        Layer layer = n.Layers[k];
        long sum = 0;
        for (int l = 0; l < layer.LinkCount; l++)
            if (layer.Topology.Columns[l] == j)
                sum += PathsFrom(n, k + 1, layer.Topology.Rows[l]);
        return sum;
    }

    /// <summary>
    /// Four inputs, two hidden layers of three, three classes: built (with distinct weights) so that in each hidden
    /// layer no two neurons tie under any criterion and the four criteria rank them in four different orders.
    /// </summary>
    private static Network Hand()
    {
        LayerTopology[] topologies =
        [
            LayerTopology.FromLinks(4, 3, [(3, 0), (0, 1), (1, 1), (2, 1), (0, 2), (1, 2), (2, 2), (3, 2)]),
            LayerTopology.FromLinks(3, 3, [(0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (0, 2)]),
            LayerTopology.FromLinks(3, 3, [(1, 0), (2, 0), (0, 1), (1, 1), (0, 2), (1, 2)]),
        ];
        var layers = new List<Layer>();
        for (int k = 0; k < topologies.Length; k++)
        {
            LayerTopology t = topologies[k];
            float[] weights = Enumerable
                .Range(0, t.LinkCount)
                .Select(l => (l % 2 == 0 ? 1 : -1) * 0.1f * (1 + t.Columns[l] + 4 * t.Rows[l] + 13 * k))
                .ToArray();
            bool last = k == topologies.Length - 1;
            layers.Add(
                new Layer(t, weights, new float[t.LinkCount], new float[t.Outputs], new float[t.Outputs], !last, !last)
            );
        }
        return new Network(layers);
    }

    [Fact]
    public void Neuron_random_removes_exactly_the_level_count_of_neurons_and_every_link_they_carry()
    {
        Network trained = TestNetworks.Random([12, 10, 8], classes: 4, 0.5, inputs: 20, seed: 8);
        // Precondition: every hidden neuron has links both ways, so a removed one is one left isolated.
        Assert.All(Isolated(NeuronRemoval.Without(trained, NoneRemoved(trained))), l => Assert.DoesNotContain(true, l));
        double[] levels = [0, 0.25, 0.5, 0.8, 1];
        foreach (NeuronScope scope in Enum.GetValues<NeuronScope>())
        {
            var steps = DamageRecorder.Networks(
                Perturbations.NeuronRandom,
                trained,
                levels,
                options: new(NeuronScope: scope)
            );
            for (int i = 0; i < levels.Length; i++)
            {
                bool[][] removed = Isolated(steps[i]);
                if (scope == NeuronScope.PerLayer)
                    for (int h = 0; h < removed.Length; h++)
                        Assert.Equal(EvaluationLayer.Count(removed[h].Length, levels[i]), removed[h].Count(r => r));
                else
                    Assert.Equal(
                        EvaluationLayer.Count(HiddenNeurons(trained), levels[i]),
                        removed.Sum(r => r.Count(x => x))
                    );
                AssertOnlyTheirLinksGone(trained, steps[i], removed);
            }
        }
    }

    private static bool[][] NoneRemoved(Network n) =>
        n.Layers.Take(n.Layers.Count - 1).Select(l => new bool[l.Outputs]).ToArray();

    /// <summary>The damaged network has exactly the trained links that touch no removed neuron, with their
    /// weights.</summary>
    private static void AssertOnlyTheirLinksGone(Network trained, Network damaged, bool[][] removed)
    {
        for (int k = 0; k < trained.Layers.Count; k++)
        {
            Layer before = trained.Layers[k],
                after = damaged.Layers[k];
            var expected = new List<(long Key, float Weight)>();
            for (int l = 0; l < before.LinkCount; l++)
            {
                bool cutIn = k < removed.Length && removed[k][before.Topology.Rows[l]];
                bool cutOut = k > 0 && removed[k - 1][before.Topology.Columns[l]];
                if (!cutIn && !cutOut)
                    expected.Add((before.Topology.KeyOf(l), before.Weights[l]));
            }
            var actual = Enumerable.Range(0, after.LinkCount).Select(l => (after.Topology.KeyOf(l), after.Weights[l]));
            Assert.Equal(expected, actual);
            Assert.Equal(before.Bias, after.Bias);
        }
    }

    [Theory]
    [MemberData(nameof(Criteria))]
    public void A_static_attack_removes_a_hand_networks_neurons_in_brute_force_order(NeuronCriterion criterion)
    {
        Network hand = Hand();
        var attack = (NeuronRemoval)Perturbations.Get(new NeuronRemoval(criterion, adaptive: false).Name);
        // Per layer: level i/3 removes the i neurons of each hidden layer with the largest scores.
        List<Network> steps = DamageRecorder.Networks(attack, hand, OneByOne(3));
        for (int h = 0; h < 2; h++)
        {
            double[] scores = Enumerable.Range(0, 3).Select(j => BruteForce(criterion, hand, h, j)).ToArray();
            Assert.Equal(3, scores.Distinct().Count()); // the hand network's precondition: no ties
            int[] expected = Enumerable.Range(0, 3).OrderByDescending(j => scores[j]).ToArray();
            for (int i = 1; i <= 3; i++)
            {
                bool[] removed = Isolated(steps[i])[h];
                Assert.Equal(expected.Take(i).Order(), Enumerable.Range(0, 3).Where(j => removed[j]));
            }
        }
    }

    [Fact]
    public void The_hand_networks_criteria_rank_its_neurons_in_four_different_orders()
    {
        // Otherwise a criterion computed by another's formula would pass the brute-force order test.
        Network hand = Hand();
        var orders = Targeted
            .Select(c =>
                string.Join(
                    ";",
                    Enumerable
                        .Range(0, 2)
                        .Select(h =>
                            string.Join(",", Enumerable.Range(0, 3).OrderByDescending(j => BruteForce(c, hand, h, j)))
                        )
                )
            )
            .ToList();
        Assert.Equal(4, orders.Distinct().Count());
    }

    [Theory]
    [InlineData(NeuronCriterion.InDegree, false)]
    [InlineData(NeuronCriterion.OutDegree, false)]
    [InlineData(NeuronCriterion.Strength, false)]
    [InlineData(NeuronCriterion.Paths, false)]
    [InlineData(NeuronCriterion.InDegree, true)]
    [InlineData(NeuronCriterion.OutDegree, true)]
    [InlineData(NeuronCriterion.Strength, true)]
    [InlineData(NeuronCriterion.Paths, true)]
    public void Each_global_step_removes_a_neuron_of_the_largest_brute_force_score(
        NeuronCriterion criterion,
        bool adaptive
    )
    {
        var attack = (NeuronRemoval)Perturbations.Get(new NeuronRemoval(criterion, adaptive).Name);
        // One neuron at a time over all hidden layers (global), so every step's choice is checked.
        List<Network> damaged = DamageRecorder.Networks(
            attack,
            Small,
            OneByOne(HiddenNeurons(Small)),
            options: new(NeuronScope: NeuronScope.Global)
        );
        int checkedSteps = 0;
        for (int i = 1; i < damaged.Count; i++)
        {
            bool[][] before = Isolated(damaged[i - 1]),
                after = Isolated(damaged[i]);
            // The network the step was ranked on: the trained one (static) or the previous level's (adaptive).
            Network ranked = adaptive ? damaged[i - 1] : Small;
            var candidates = new List<(int H, int J, double Score)>();
            for (int h = 0; h < before.Length; h++)
            for (int j = 0; j < before[h].Length; j++)
                if (!before[h][j])
                    candidates.Add((h, j, BruteForce(criterion, ranked, h, j)));
            // Newly isolated: the neuron taken, and any neighbour the removal left without links.
            var taken = candidates.Where(c => after[c.H][c.J]).ToList();
            if (taken.Count == 0)
                continue; // the neuron taken had lost every link already (cut off by earlier removals)
            double best = candidates.Max(c => c.Score);
            Assert.True(
                taken.Any(c => c.Score == best),
                $"step {i}: took {string.Join(" ", taken)}, the largest score is {best}"
            );
            checkedSteps++;
        }
        Assert.True(checkedSteps > HiddenNeurons(Small) / 2, $"only {checkedSteps} steps were checked");
    }

    [Fact]
    public void Adaptive_strength_re_ranks_after_each_removal_where_static_keeps_the_trained_order()
    {
        // Inputs x0, x1; hidden a, b, e, then c, d; one class. Strengths (Σ|w| in and out) on the trained network:
        // a 25, c 5.6, b 3.2, d 0.5, e 0.2. Removing a takes c's strong in-link (5), leaving c 0.6 below b, so the
        // re-ranked order is a, b, c, d, e where the static one is a, c, b, d, e.
        Network hand = new([
            HandLayer(2, 3, [(0, 0, 10), (1, 0, 10), (0, 1, 3), (1, 2, 0.1f)], relu: true),
            HandLayer(3, 2, [(0, 0, 5), (2, 0, 0.1f), (1, 1, 0.2f)], relu: true),
            HandLayer(2, 1, [(0, 0, 0.5f), (1, 0, 0.3f)], relu: false),
        ]);
        var global = new PerturbationOptions(NeuronScope: NeuronScope.Global);
        (int H, int J)[] a = [(0, 0)],
            b = [(0, 1)],
            c = [(1, 0)],
            d = [(1, 1)],
            e = [(0, 2)];
        (int, int)[][] staticOrder = [a, c, b, d, e],
            adaptiveOrder = [a, b, c, d, e];
        foreach (bool adaptive in new[] { false, true })
        {
            var attack = Perturbations.Get(new NeuronRemoval(NeuronCriterion.Strength, adaptive).Name);
            List<Network> steps = DamageRecorder.Networks(attack, hand, OneByOne(5), options: global);
            (int, int)[][] order = adaptive ? adaptiveOrder : staticOrder;
            for (int i = 1; i <= 5; i++)
            {
                var expected = order.Take(i).SelectMany(x => x).Order().ToList();
                bool[][] isolated = Isolated(steps[i]);
                var actual = Enumerable
                    .Range(0, 2)
                    .SelectMany(h =>
                        Enumerable.Range(0, isolated[h].Length).Where(j => isolated[h][j]).Select(j => (h, j))
                    )
                    .Order()
                    .ToList();
                Assert.Equal(expected, actual);
            }
        }
    }

    private static Layer HandLayer(int inputs, int outputs, (int Input, int Output, float Weight)[] links, bool relu)
    {
        LayerTopology t = LayerTopology.FromLinks(inputs, outputs, links.Select(l => (l.Input, l.Output)));
        float[] weights = Enumerable
            .Range(0, t.LinkCount)
            .Select(l => links.Single(x => x.Input == t.Columns[l] && x.Output == t.Rows[l]).Weight)
            .ToArray();
        return new Layer(t, weights, new float[weights.Length], new float[outputs], new float[outputs], relu, relu);
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public void A_removed_neuron_loses_every_link_and_all_of_them_go_at_level_one(string name)
    {
        Perturbation attack = Perturbations.Get(name);
        List<Network> damaged = DamageRecorder.Networks(attack, Small, [0, 0.5, 1]);
        for (int h = 0; h < Small.Layers.Count - 1; h++)
        {
            int neurons = Small.Layers[h].Outputs;
            // Level 0.5: at least ⌊n/2⌋ neurons of each layer cut off (more only if isolated by the attack).
            Assert.True(Isolated(damaged[1])[h].Count(r => r) >= neurons / 2, $"{name} layer {h + 1} at 0.5");
            Assert.All(Isolated(damaged[2])[h], Assert.True);
        }
        Assert.Equal(0, damaged[2].Layers.Sum(l => l.LinkCount));
        Assert.Equal(Small.Layers[0].Bias, damaged[1].Layers[0].Bias);
    }

    [Fact]
    public void Static_levels_are_nested_prefixes_of_one_order()
    {
        foreach (NeuronRemoval attack in Perturbations.All.OfType<NeuronRemoval>().Where(a => !a.Adaptive))
        {
            List<Network> damaged = DamageRecorder.Networks(attack, Small, [0, 0.2, 0.4, 0.7, 1], seed: 9);
            for (int i = 1; i < damaged.Count; i++)
            {
                bool[][] smaller = Isolated(damaged[i - 1]),
                    larger = Isolated(damaged[i]);
                for (int h = 0; h < smaller.Length; h++)
                for (int j = 0; j < smaller[h].Length; j++)
                    Assert.False(smaller[h][j] && !larger[h][j], $"{attack.Name}: neuron {h}/{j} came back");
            }
        }
    }

    [Fact]
    public void Neuron_layers_restricts_the_attack_to_the_neurons_that_sparse_layer_computes()
    {
        List<Network> damaged = DamageRecorder.Networks(
            Perturbations.NeuronRandom,
            Small,
            [0, 1],
            options: new(Layers: [2])
        );
        bool[][] removed = Isolated(damaged[1]);
        Assert.All(removed[1], Assert.True);
        Assert.Equal(Small.Layers[0].Topology.Keys(), damaged[1].Layers[0].Topology.Keys());
        Assert.Equal(Small.Layers[3].Topology.Keys(), damaged[1].Layers[3].Topology.Keys());
    }

    [Fact]
    public void Paths_through_a_neuron_are_counted_exactly_and_never_overflow()
    {
        double[][] scores = NeuronPaths.Log2Through(Small);
        for (int h = 0; h < scores.Length; h++)
        for (int j = 0; j < scores[h].Length; j++)
            Assert.Equal(BruteForce(NeuronCriterion.Paths, Small, h, j), scores[h][j]);
        // 199 dense hidden layers of 40: 40^199·2 paths through every neuron, beyond a double's range (2^1059).
        var deep = Enumerable.Range(0, 200).Select(k => LayerTopology.Dense(40, k == 199 ? 2 : 40)).ToList();
        double[][] huge = NeuronPaths.Log2Through(TestNetworks.WithRandomParameters(deep, seed: 1));
        double expected = 199 * Math.Log2(40) + 1;
        Assert.Equal(expected, huge[198][0], 6);
        Assert.Equal(expected, huge[0][39], 6);
        Assert.Equal(expected, huge[100][7], 6);
    }
}
