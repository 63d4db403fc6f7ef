using SparseGpu.Engines;
using SparseGpu.Engines.Reference;
using SparseGpu.Model;
using SparseGpu.Tests.Support;
using SparseGpu.Topology;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// RigL's growth signal on every engine: the operation that adds a batch's dense-equivalent gradients of candidate
/// links, and the gradient window over training batches, against the reference; the reference's own gradients of
/// absent links against its ordinary weight gradients of the same links added at w = 0.
/// </summary>
public abstract partial class EngineConformanceTests
{
    /// <summary>The whole tables of a gradient window of every layer (<see cref="ILinkGradients.Read"/>).</summary>
    internal static float[][] ReadAll(ILinkGradientEngine engine, int layers, int offset, int count, int batchSize)
    {
        ILinkGradients?[] sums = engine.LinkGradientSums(
            Enumerable.Repeat(true, layers).ToArray(),
            offset,
            count,
            batchSize
        );
        try
        {
            return sums.Select(s => s!.Read()).ToArray();
        }
        finally
        {
            foreach (ILinkGradients? s in sums)
                s?.Dispose();
        }
    }

    /// <summary>Every absent link and every present one of each layer: the widest candidate set there is.</summary>
    private static long[] EveryPosition(LayerTopology layer) =>
        Enumerable.Range(0, (int)layer.PossibleLinks).Select(k => (long)k).ToArray();

    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void Each_link_gradient_operation_matches_the_reference_over_two_batches(string shape, int batch)
    {
        var (network, _) = Setup(shape, batch);
        using INetworkEngine engine = LoadedProbe(network, out IOperationProbe probe);
        for (int k = 0; k < network.Layers.Count; k++)
        {
            LayerTopology topology = network.Layers[k].Topology;
            long[] keys = k % 2 == 0 ? EveryPosition(topology) : LinkGradientTable.Candidates(topology);
            if (keys.Length == 0)
                continue;
            var batches = new List<(float[] X, float[] Dy)>();
            var expected = new double[keys.Length];
            for (int b = 0; b < 2; b++)
            {
                float[] x = RandomValues(Units(network, BatchBuffer.Activations, k) * batch, (ulong)(90 + 2 * k + b));
                float[] dy = RandomValues(
                    Units(network, BatchBuffer.Gradients, k) * batch,
                    (ulong)(120 + 2 * k + b),
                    scale: 0.1
                );
                // Shut ReLUs: exact zeros in dy, which the fast CPU path skips.
                for (int i = b; i < dy.Length; i += 5)
                    dy[i] = 0f;
                batches.Add((x, dy));
                double[] sums = ReferenceMath.LinkGradients(topology, keys, Rows(x, batch), Rows(dy, batch));
                for (int c = 0; c < keys.Length; c++)
                    expected[c] += sums[c];
            }
            float[] actual = probe.LinkGradients(k, keys, batches, batch);
            AssertClose.All(expected, actual, Tolerance.Gradient, $"{shape} link gradients {k + 1}, batch {batch}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void The_gradient_window_matches_the_reference_and_leaves_the_network_and_results_alone(string shape)
    {
        var (network, images) = Setup(shape, 45);
        long[][] candidates = network.Layers.Select(l => LinkGradientTable.Candidates(l.Topology)).ToArray();
        int[] order = Enumerable.Range(0, 45).Reverse().ToArray();
        float[][] Window(INetworkEngine engine, out float[] losses)
        {
            engine.LoadNetwork(network.Clone());
            engine.SetTrainingSet(images);
            engine.BeginEpoch(order);
            engine.TrainBatch(0, 16, new SgdStep(0f, 0f, 0f)); // a zero step: results to keep, weights as they were
            float[] before = new float[16];
            engine.ReadTrainingResults(before, new bool[16]);
            // Batches of 16, 16 and 8 (the last one shorter), from position 5 of the order.
            float[][] sums = ReadAll((ILinkGradientEngine)engine, network.Layers.Count, 5, 40, 16);
            losses = new float[16];
            engine.ReadTrainingResults(losses, new bool[16]);
            Assert.Equal(before, losses);
            Network stored = network.Clone();
            engine.StoreNetwork(stored);
            for (int k = 0; k < network.Layers.Count; k++)
                Assert.Equal(network.Layers[k].Weights, stored.Layers[k].Weights);
            return sums;
        }
        using INetworkEngine engine = CreateEngine();
        float[][] actual = Window(engine, out _);
        float[][] expected = Window(new ReferenceEngine(), out _);
        for (int k = 0; k < network.Layers.Count; k++)
        {
            Assert.Equal(candidates[k].Length, actual[k].Length);
            AssertClose.All(
                expected[k].Select(v => (double)v).ToArray(),
                actual[k],
                Tolerance.Gradient,
                $"{shape} gradient window, layer {k + 1}"
            );
        }
    }

    /// <summary>
    /// RigL's choice from each layer's leading candidates (<see cref="ILinkGradients.Leaders"/>, which the fast CPU
    /// path prunes by a bound) is the choice from the engine's whole table, link for link, for counts from one link
    /// to every candidate; and it takes links of the magnitudes the reference's choice takes.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void Rigl_chooses_from_the_leading_candidates_what_it_chooses_from_the_whole_table(string shape)
    {
        var (network, images) = Setup(shape, 45);
        long[][] Choices(INetworkEngine engine, bool leaders, int[] counts, out float[][] full)
        {
            engine.LoadNetwork(network.Clone());
            engine.SetTrainingSet(images);
            engine.BeginEpoch(Enumerable.Range(0, 45).Reverse().ToArray());
            bool[] all = network.Layers.Select(_ => true).ToArray();
            ILinkGradients?[] sums = ((ILinkGradientEngine)engine).LinkGradientSums(all, 5, 40, 16);
            full = new float[sums.Length][];
            var chosen = new long[sums.Length][];
            for (int k = 0; k < sums.Length; k++)
            {
                using ILinkGradients layer = sums[k]!;
                LayerTopology topology = network.Layers[k].Topology;
                long[] excluded = topology.Keys();
                full[k] = layer.Read();
                LinkGradientTable table = leaders
                    ? layer.Leaders(excluded, counts[k])
                    : LinkGradientTable.Without(layer.Keys, full[k], excluded);
                var request = new RegrowthRequest(topology, excluded, counts[k], new Rng((ulong)(7 + k)), k);
                chosen[k] = new RiglRegrowth(_ => table).Choose(request).Keys.Order().ToArray();
            }
            return chosen;
        }
        long[] absent = network.Layers.Select(l => l.Topology.PossibleLinks - l.LinkCount).ToArray();
        foreach (Func<long, int> count in new Func<long, int>[] { _ => 1, a => (int)Math.Max(1, a / 7), a => (int)a })
        {
            int[] counts = absent.Select(a => (int)Math.Min(a, count(a))).ToArray();
            using INetworkEngine engine = CreateEngine();
            long[][] fromLeaders = Choices(engine, leaders: true, counts, out _);
            using INetworkEngine again = CreateEngine();
            Assert.Equal(Choices(again, leaders: false, counts, out _), fromLeaders);
            long[][] fromReference = Choices(new ReferenceEngine(), leaders: false, counts, out float[][] reference);
            for (int k = 0; k < network.Layers.Count; k++)
            {
                long[] keys = LinkGradientTable.Candidates(network.Layers[k].Topology);
                double Magnitude(long key) => Math.Abs(reference[k][Array.BinarySearch(keys, key)]);
                AssertClose.All(
                    fromReference[k].Select(Magnitude).Order().ToArray(),
                    fromLeaders[k].Select(key => (float)Magnitude(key)).Order().ToArray(),
                    Tolerance.Gradient,
                    $"{shape} layer {k + 1}, {counts[k]} grown: magnitudes chosen"
                );
            }
        }
    }
}

/// <summary>The reference's gradients of absent links, checked against what it computes for present ones.</summary>
public sealed class ReferenceLinkGradientTests
{
    [Theory]
    [MemberData(nameof(EngineConformanceTests.Shapes), MemberType = typeof(EngineConformanceTests))]
    public void An_absent_links_gradient_is_the_weight_gradient_it_would_have_at_zero(string shape)
    {
        NetworkCase networkCase = TestNetworks.Get(shape);
        Network network = networkCase.Build();
        var data = TestNetworks.Images(networkCase, network, 12, seed: 3);
        long[][] candidates = network.Layers.Select(l => LinkGradientTable.Candidates(l.Topology)).ToArray();
        using var engine = new ReferenceEngine();
        engine.LoadNetwork(network);
        engine.SetTrainingSet(data);
        engine.BeginEpoch(Enumerable.Range(0, 12).ToArray());
        float[][] absent = EngineConformanceTests.ReadAll(engine, network.Layers.Count, 0, 12, 12);

        // The same network with every candidate added at w = 0: the output is unchanged, and the ordinary gradient
        // of each added link is what the window gave it.
        var layers = network.Layers.Select((l, k) => new ReferenceLayer(WithLinksAtZero(l, candidates[k]))).ToList();
        double[][] input = Enumerable.Range(0, 12).Select(s => ReferenceMath.Scale(data.Image(s))).ToArray();
        List<double[][]> activations = ReferenceMath.Forward(layers, input);
        var (_, _, logitGradients) = ReferenceMath.SoftmaxCrossEntropy(activations[^1], data.Labels.AsSpan(0, 12));
        ReferenceGradients[] gradients = ReferenceMath.Backward(layers, activations, logitGradients);
        for (int k = 0; k < layers.Count; k++)
        {
            long[] keys = layers[k].Topology.Keys();
            var expected = candidates[k].Select(key => gradients[k].Weights[Array.IndexOf(keys, key)]).ToArray();
            AssertClose.All(expected, absent[k], Tolerance.Gradient, $"{shape} layer {k + 1}");
        }
    }

    private static Layer WithLinksAtZero(Layer layer, long[] added)
    {
        long[] present = layer.Topology.Keys();
        long[] keys = present.Concat(added).Distinct().Order().ToArray();
        float[] weights = keys.Select(k => Array.IndexOf(present, k) is int i and >= 0 ? layer.Weights[i] : 0f)
            .ToArray();
        Layer copy = layer.Clone();
        copy.ReplaceLinks(
            LayerTopology.FromSortedKeys(layer.Inputs, layer.Outputs, keys),
            weights,
            new float[keys.Length]
        );
        return copy;
    }
}
