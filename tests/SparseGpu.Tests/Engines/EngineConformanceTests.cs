using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Reference;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Robustness;
using SparseGpu.Tests.LinkPrediction;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// Every engine against the reference on the catalogue of awkward shapes and batch sizes. Written once; each
/// engine (fast CPU path, ILGPU CPU accelerator, CUDA, OpenCL) binds it by supplying <see cref="CreateEngine"/>,
/// which skips the test where the device is absent.
/// </summary>
public abstract partial class EngineConformanceTests
{
    /// <summary>Batch 1, odd batches, and sizes around the 4-vector blocks of the fast CPU path (32 = four AVX2
    /// vectors).</summary>
    public static TheoryData<string, int> ShapesAndBatches()
    {
        var data = new TheoryData<string, int>();
        foreach (NetworkCase c in TestNetworks.Catalogue)
        foreach (int batch in new[] { 1, 3, 17, 32, 40 })
            data.Add(c.Name, batch);
        return data;
    }

    public static TheoryData<string> Shapes()
    {
        var data = new TheoryData<string>();
        foreach (NetworkCase c in TestNetworks.Catalogue)
            data.Add(c.Name);
        return data;
    }

    protected abstract INetworkEngine CreateEngine();

    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void Logits_match_the_reference(string shape, int batch)
    {
        var (network, images) = Setup(shape, batch);
        using INetworkEngine engine = CreateEngine();
        engine.LoadNetwork(network);
        float[] actual = new float[batch * network.Classes];
        engine.ComputeLogits(images, 0, batch, actual);

        var reference = new ReferenceEngine();
        reference.LoadNetwork(network);
        float[] expected = new float[actual.Length];
        reference.ComputeLogits(images, 0, batch, expected);
        AssertClose.All(
            expected.Select(v => (double)v).ToList(),
            actual,
            Tolerance.Forward,
            $"{shape} logits, batch {batch}"
        );
    }

    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void Gradients_match_the_reference(string shape, int batch)
    {
        var (network, images) = Setup(shape, batch);
        // With no momentum, no decay and zero momentum buffers, a step leaves v = g: the engine's gradient.
        foreach (Layer layer in network.Layers)
        {
            Array.Clear(layer.WeightVelocity);
            Array.Clear(layer.BiasVelocity);
        }
        var step = new SgdStep(0f, 0f, 0f);
        Network fromEngine = TrainOnce(network, images, batch, step, CreateEngine());

        var reference = new ReferenceEngine();
        reference.LoadNetwork(network);
        int[] order = Enumerable.Range(0, batch).ToArray();
        double[][] input = order.Select(s => ReferenceMath.Scale(images.Image(s))).ToArray();
        List<double[][]> activations = ReferenceMath.Forward(reference.Layers, input);
        var (_, _, logitGradients) = ReferenceMath.SoftmaxCrossEntropy(activations[^1], images.Labels.AsSpan(0, batch));
        ReferenceGradients[] expected = ReferenceMath.Backward(reference.Layers, activations, logitGradients);

        for (int k = 0; k < network.Layers.Count; k++)
        {
            AssertClose.All(
                expected[k].Weights,
                fromEngine.Layers[k].WeightVelocity,
                Tolerance.Gradient,
                $"{shape} layer {k + 1} weight gradients, batch {batch}"
            );
            AssertClose.All(
                expected[k].Bias,
                fromEngine.Layers[k].BiasVelocity,
                Tolerance.Gradient,
                $"{shape} layer {k + 1} bias gradients, batch {batch}"
            );
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void Two_sgd_steps_match_the_reference(string shape, int batch)
    {
        var (network, images) = Setup(shape, 2 * batch);
        var step = new SgdStep(0.05f, 0.9f, 5e-4f);
        Network fromEngine = TrainTwice(
            network,
            images,
            batch,
            step,
            CreateEngine(),
            out float[] engineLosses,
            out bool[] engineCorrect
        );
        Network fromReference = TrainTwice(
            network,
            images,
            batch,
            step,
            new ReferenceEngine(),
            out float[] referenceLosses,
            out bool[] referenceCorrect
        );

        for (int k = 0; k < network.Layers.Count; k++)
        {
            Layer e = fromEngine.Layers[k],
                r = fromReference.Layers[k];
            AssertClose.All(Doubles(r.Weights), e.Weights, Tolerance.Parameters, $"{shape} layer {k + 1} weights");
            AssertClose.All(
                Doubles(r.WeightVelocity),
                e.WeightVelocity,
                Tolerance.Gradient,
                $"{shape} layer {k + 1} weight momentum"
            );
            AssertClose.All(Doubles(r.Bias), e.Bias, Tolerance.Parameters, $"{shape} layer {k + 1} biases");
            AssertClose.All(
                Doubles(r.BiasVelocity),
                e.BiasVelocity,
                Tolerance.Gradient,
                $"{shape} layer {k + 1} bias momentum"
            );
        }
        AssertClose.All(Doubles(referenceLosses), engineLosses, Tolerance.Forward, $"{shape} per-sample losses");
        Assert.Equal(referenceCorrect, engineCorrect);
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void Evaluation_matches_the_reference(string shape)
    {
        var (network, images) = Setup(shape, 45);
        using INetworkEngine engine = CreateEngine();
        engine.LoadNetwork(network);
        EvaluationResult actual = engine.Evaluate(images);
        var reference = new ReferenceEngine();
        reference.LoadNetwork(network);
        EvaluationResult expected = reference.Evaluate(images);
        AssertClose.Value(expected.Loss, actual.Loss, Tolerance.Loss, $"{shape} mean loss");
        Assert.Equal(expected.Correct, actual.Correct);
        Assert.Equal(images.Count, actual.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void Adversarial_evaluation_matches_the_reference(string shape)
    {
        var (network, images) = Setup(shape, 45);
        float[] epsilons = [0f, 0.05f, 0.3f];
        using INetworkEngine engine = CreateEngine();
        engine.LoadNetwork(network);
        EvaluationResult[] actual = engine.EvaluateUnderAttack(images, new FgsmAttack(epsilons));
        EvaluationResult plain = engine.Evaluate(images);
        var reference = new ReferenceEngine();
        reference.LoadNetwork(network);
        EvaluationResult[] expected = reference.EvaluateUnderAttack(images, new FgsmAttack(epsilons));
        for (int e = 0; e < epsilons.Length; e++)
        {
            AssertClose.Value(
                expected[e].Loss,
                actual[e].Loss,
                Tolerance.Loss,
                $"{shape} loss at epsilon {epsilons[e]}"
            );
            Assert.Equal(expected[e].Correct, actual[e].Correct);
        }
        Assert.Equal(plain, actual[0]); // epsilon 0 is the identity
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void Load_then_store_returns_the_parameters_unchanged(string shape)
    {
        Network network = TestNetworks.Get(shape).Build();
        Network copy = network.Clone();
        foreach (Layer layer in copy.Layers)
        {
            Array.Fill(layer.Weights, float.NaN);
            Array.Fill(layer.Bias, float.NaN);
        }
        using INetworkEngine engine = CreateEngine();
        engine.LoadNetwork(network);
        // The copy shares topology objects with the original, so it can receive the parameters.
        engine.StoreNetwork(copy);
        for (int k = 0; k < network.Layers.Count; k++)
        {
            Assert.Equal(network.Layers[k].Weights, copy.Layers[k].Weights);
            Assert.Equal(network.Layers[k].WeightVelocity, copy.Layers[k].WeightVelocity);
            Assert.Equal(network.Layers[k].Bias, copy.Layers[k].Bias);
            Assert.Equal(network.Layers[k].BiasVelocity, copy.Layers[k].BiasVelocity);
        }
    }

    [SkippableFact]
    public void Same_inputs_give_bit_identical_results()
    {
        var (network, images) = Setup("odd-sizes", 34);
        var step = new SgdStep(0.05f, 0.9f, 5e-4f);
        Network first = TrainTwice(network, images, 17, step, CreateEngine(), out float[] lossesA, out _);
        Network second = TrainTwice(network, images, 17, step, CreateEngine(), out float[] lossesB, out _);
        Assert.Equal(lossesA, lossesB);
        for (int k = 0; k < first.Layers.Count; k++)
            Assert.Equal(first.Layers[k].Weights, second.Layers[k].Weights);
    }

    [SkippableFact]
    public void Training_follows_the_epoch_order()
    {
        var (network, images) = Setup("odd-sizes", 20);
        using INetworkEngine engine = CreateEngine();
        engine.LoadNetwork(network);
        engine.SetTrainingSet(images);
        int[] reversed = Enumerable.Range(0, 20).Reverse().ToArray();
        engine.BeginEpoch(reversed);
        engine.TrainBatch(0, 20, new SgdStep(0f, 0f, 0f));
        float[] losses = new float[20];
        engine.ReadTrainingResults(losses, new bool[20]);

        var reference = new ReferenceEngine();
        reference.LoadNetwork(network);
        float[] logits = new float[20 * network.Classes];
        reference.ComputeLogits(images, 0, 20, logits);
        for (int position = 0; position < 20; position++)
        {
            int sample = reversed[position];
            double[] z = logits.Skip(sample * network.Classes).Take(network.Classes).Select(v => (double)v).ToArray();
            double expected = Math.Log(z.Sum(v => Math.Exp(v - z.Max()))) + z.Max() - z[images.Labels[sample]];
            AssertClose.Value(
                expected,
                losses[position],
                Tolerance.Forward,
                $"loss at epoch position {position} (sample {sample})"
            );
        }
    }

    [SkippableTheory]
    [MemberData(nameof(BipartiteGraphs.Names), MemberType = typeof(BipartiteGraphs))]
    public void Link_scores_match_the_brute_force_definition(string graph)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        long[] excluded = ExcludedSample(t);
        using INetworkEngine engine = CreateEngine();
        ScoredLink[] actual = LinkScorers
            .For(LinkPredictionMethods.Ch3L3, engine)
            .Best(t, excluded, int.MaxValue, LinkRanking.ByPosition(t.Inputs, t.Outputs));
        var expected = Ch3L3Reference.All(t, excluded).OrderBy(l => l.Key).ToList();
        Assert.Equal(expected.Select(l => l.Key), actual.Select(l => l.Key).Order());
        AssertClose.All(
            expected.Select(l => l.Score).ToList(),
            actual.OrderBy(l => l.Key).Select(l => l.Score).ToList(),
            new Tolerance(1e-12, 1e-6),
            $"{graph} CH3-L3 scores"
        );
    }

    [SkippableTheory]
    [MemberData(nameof(BipartiteGraphs.Names), MemberType = typeof(BipartiteGraphs))]
    public void The_best_links_are_exactly_those_of_the_fast_cpu_path(string graph)
    {
        LayerTopology t = BipartiteGraphs.Catalogue[graph]();
        long[] excluded = ExcludedSample(t);
        var ranking = LinkRanking.Seeded(2024);
        ScoredLink[] cpu = new Ch3L3Cpu(threads: 1).Best(t, excluded, int.MaxValue, ranking);
        int count = Math.Max(1, cpu.Length / 3);
        using INetworkEngine engine = CreateEngine();
        ILinkScorer scorer = LinkScorers.For(LinkPredictionMethods.Ch3L3, engine);
        // Keys and bit-identical scores: the layer's shape picks the same method on every device...
        Assert.Equal(
            new Ch3L3ByLayerShape(new Ch3L3Cpu(threads: 1), threads: 1).Best(t, excluded, count, ranking),
            scorer.Best(t, excluded, count, ranking)
        );
        // ...and the device's own path enumeration equals the CPU's, also on layers the shape gives the host.
        var shaped = Assert.IsType<Ch3L3ByLayerShape>(scorer);
        Assert.Equal(cpu.Take(count), shaped.Paths.Best(t, excluded, count, ranking));
    }

    /// <summary>Every seventh absent link, as the editor excludes the links it just removed.</summary>
    private static long[] ExcludedSample(LayerTopology t)
    {
        var excluded = new List<long>();
        for (long key = 0, absent = 0; key < t.PossibleLinks; key++)
        {
            var (input, output) = t.LinkOfKey(key);
            if (!t.Contains(input, output) && absent++ % 7 == 3)
                excluded.Add(key);
        }
        return [.. excluded];
    }

    private static (Network Network, ImageSet Images) Setup(string shape, int count)
    {
        NetworkCase networkCase = TestNetworks.Get(shape);
        Network network = networkCase.Build();
        return (network, TestNetworks.Images(networkCase, network, count, seed: (ulong)count + 101));
    }

    private static Network TrainOnce(Network network, ImageSet images, int batch, SgdStep step, INetworkEngine engine)
    {
        using (engine)
        {
            Network result = network.Clone();
            engine.LoadNetwork(result);
            engine.SetTrainingSet(images);
            engine.BeginEpoch(Enumerable.Range(0, images.Count).ToArray());
            engine.TrainBatch(0, batch, step);
            engine.StoreNetwork(result);
            return result;
        }
    }

    private static Network TrainTwice(
        Network network,
        ImageSet images,
        int batch,
        SgdStep step,
        INetworkEngine engine,
        out float[] losses,
        out bool[] correct
    )
    {
        using (engine)
        {
            Network result = network.Clone();
            engine.LoadNetwork(result);
            engine.SetTrainingSet(images);
            engine.BeginEpoch(Enumerable.Range(0, images.Count).Reverse().ToArray());
            engine.TrainBatch(0, batch, step);
            engine.TrainBatch(batch, batch, step);
            engine.StoreNetwork(result);
            losses = new float[2 * batch];
            correct = new bool[2 * batch];
            engine.ReadTrainingResults(losses, correct);
            return result;
        }
    }

    private static List<double> Doubles(float[] values) => values.Select(v => (double)v).ToList();
}
