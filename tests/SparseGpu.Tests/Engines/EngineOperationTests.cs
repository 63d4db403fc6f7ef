using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Reference;
using SparseGpu.Model;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// Each batch operation of the engine on its own, against <see cref="ReferenceMath"/> on the same float inputs:
/// when a whole-batch test fails, these say which operation is wrong. Bound to every engine with the rest of the
/// conformance suite.
/// </summary>
public abstract partial class EngineConformanceTests
{
    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void Each_forward_operation_matches_the_reference(string shape, int batch)
    {
        var (network, _) = Setup(shape, batch);
        using INetworkEngine engine = LoadedProbe(network, out IOperationProbe probe);
        var reference = new ReferenceEngine();
        reference.LoadNetwork(network);
        for (int k = 0; k < network.Layers.Count; k++)
        {
            float[] x = RandomValues(Units(network, BatchBuffer.Activations, k) * batch, seed: (ulong)(k + 1));
            float[] actual = probe.Forward(k, x, batch);
            double[][] expected = ReferenceMath.LayerForward(reference.Layers[k], Rows(x, batch));
            AssertClose.All(Flat(expected), actual, Tolerance.Forward, $"{shape} forward {k + 1}, batch {batch}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void Each_backward_input_operation_matches_the_reference(string shape, int batch)
    {
        var (network, _) = Setup(shape, batch);
        using INetworkEngine engine = LoadedProbe(network, out IOperationProbe probe);
        var reference = new ReferenceEngine();
        reference.LoadNetwork(network);
        for (int k = network.Layers.Count - 1; k >= 0; k--)
        {
            // Layer 0 writes the unmasked input gradient (FGSM); the others mask by the ReLU of their input.
            float[] dy = RandomValues(Units(network, BatchBuffer.Gradients, k) * batch, seed: (ulong)(10 + k));
            float[] x = RandomValues(Units(network, BatchBuffer.Activations, k) * batch, seed: (ulong)(20 + k));
            float[] actual = probe.BackwardInput(k, dy, x, batch);
            double[][] expected = ReferenceMath.LayerBackwardInput(
                reference.Layers[k],
                Rows(dy, batch),
                k > 0 ? Rows(x, batch) : null
            );
            AssertClose.All(
                Flat(expected),
                actual,
                Tolerance.Gradient,
                $"{shape} backward input {k + 1}, batch {batch}"
            );
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void Each_update_operation_matches_the_reference(string shape, int batch)
    {
        var (network, _) = Setup(shape, batch);
        var step = new SgdStep(0.05f, 0.9f, 5e-4f);
        Network updated = network.Clone();
        using INetworkEngine engine = LoadedProbe(updated, out IOperationProbe probe);
        var reference = new ReferenceEngine();
        reference.LoadNetwork(network);
        for (int k = 0; k < network.Layers.Count; k++)
        {
            float[] x = RandomValues(Units(network, BatchBuffer.Activations, k) * batch, seed: (ulong)(30 + k));
            float[] dy = RandomValues(Units(network, BatchBuffer.Gradients, k) * batch, seed: (ulong)(40 + k));
            probe.Update(k, x, dy, batch, step);
            ReferenceLayer r = reference.Layers[k];
            ReferenceGradients g = ReferenceMath.LayerGradients(r, Rows(x, batch), Rows(dy, batch));
            ReferenceMath.SgdUpdate(r.Weights, r.Velocity, g.Weights, step);
            ReferenceMath.SgdUpdate(r.Bias, r.BiasVelocity, g.Bias, step);
        }
        engine.StoreNetwork(updated);
        for (int k = 0; k < network.Layers.Count; k++)
        {
            Layer e = updated.Layers[k];
            ReferenceLayer r = reference.Layers[k];
            AssertClose.All(
                r.Weights,
                e.Weights,
                Tolerance.Parameters,
                $"{shape} update {k + 1} weights, batch {batch}"
            );
            AssertClose.All(
                r.Velocity,
                e.WeightVelocity,
                Tolerance.Gradient,
                $"{shape} update {k + 1} weight momentum, batch {batch}"
            );
            AssertClose.All(r.Bias, e.Bias, Tolerance.Parameters, $"{shape} update {k + 1} biases, batch {batch}");
            AssertClose.All(
                r.BiasVelocity,
                e.BiasVelocity,
                Tolerance.Gradient,
                $"{shape} update {k + 1} bias momentum, batch {batch}"
            );
        }
    }

    /// <summary>
    /// Training's fused step (the CPU path fuses it at batch 32, the one batch that takes its fast loop) gives the
    /// two operations' results bit for bit, and the reference's within the usual tolerances: dx from the weights
    /// the step started from, then the step.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void The_fused_backward_and_update_equals_the_two_operations_and_the_reference(string shape, int batch)
    {
        var (network, _) = Setup(shape, batch);
        var step = new SgdStep(0.05f, 0.9f, 5e-4f);
        Network apart = network.Clone(),
            fused = network.Clone();
        using INetworkEngine apartEngine = LoadedProbe(apart, out IOperationProbe apartProbe);
        using INetworkEngine fusedEngine = LoadedProbe(fused, out IOperationProbe fusedProbe);
        var reference = new ReferenceEngine();
        reference.LoadNetwork(network);
        for (int k = network.Layers.Count - 1; k >= 1; k--)
        {
            float[] dy = RandomValues(Units(network, BatchBuffer.Gradients, k) * batch, seed: (ulong)(70 + k));
            float[] x = RandomValues(Units(network, BatchBuffer.Activations, k) * batch, seed: (ulong)(80 + k));
            float[] apartDx = apartProbe.BackwardInput(k, dy, x, batch);
            apartProbe.Update(k, x, dy, batch, step);
            float[] fusedDx = fusedProbe.BackwardInputAndUpdate(k, dy, x, batch, step);
            Assert.Equal(apartDx, fusedDx);

            ReferenceLayer r = reference.Layers[k];
            double[][] expected = ReferenceMath.LayerBackwardInput(r, Rows(dy, batch), Rows(x, batch));
            AssertClose.All(Flat(expected), fusedDx, Tolerance.Gradient, $"{shape} fused dx {k + 1}, batch {batch}");
            ReferenceGradients g = ReferenceMath.LayerGradients(r, Rows(x, batch), Rows(dy, batch));
            ReferenceMath.SgdUpdate(r.Weights, r.Velocity, g.Weights, step);
            ReferenceMath.SgdUpdate(r.Bias, r.BiasVelocity, g.Bias, step);
        }
        apartEngine.StoreNetwork(apart);
        fusedEngine.StoreNetwork(fused);
        for (int k = 1; k < network.Layers.Count; k++)
        {
            Layer a = apart.Layers[k],
                f = fused.Layers[k];
            Assert.Equal(a.Weights, f.Weights);
            Assert.Equal(a.WeightVelocity, f.WeightVelocity);
            Assert.Equal(a.Bias, f.Bias);
            Assert.Equal(a.BiasVelocity, f.BiasVelocity);
            ReferenceLayer r = reference.Layers[k];
            AssertClose.All(
                r.Weights,
                f.Weights,
                Tolerance.Parameters,
                $"{shape} fused weights {k + 1}, batch {batch}"
            );
            AssertClose.All(r.Bias, f.Bias, Tolerance.Parameters, $"{shape} fused biases {k + 1}, batch {batch}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void The_softmax_gather_and_fgsm_operations_match_the_reference(string shape, int batch)
    {
        var (network, images) = Setup(shape, batch);
        using INetworkEngine engine = LoadedProbe(network, out IOperationProbe probe);

        int[] order = Enumerable.Range(0, batch).Reverse().ToArray();
        float[] pixels = probe.Gather(images, order);
        double[][] scaled = order.Select(s => ReferenceMath.Scale(images.Image(s))).ToArray();
        AssertClose.All(Flat(scaled), pixels, Tolerance.Forward, $"{shape} gathered pixels, batch {batch}");

        float[] logits = RandomValues(network.Classes * batch, seed: 50, scale: 4);
        var (losses, correct, gradients) = probe.SoftmaxCrossEntropy(images, logits, batch);
        var expected = ReferenceMath.SoftmaxCrossEntropy(Rows(logits, batch), images.Labels.AsSpan(0, batch));
        AssertClose.All(expected.Losses, losses, Tolerance.Forward, $"{shape} softmax losses, batch {batch}");
        Assert.Equal(expected.Correct, correct);
        AssertClose.All(
            Flat(expected.LogitGradients),
            gradients,
            Tolerance.Gradient,
            $"{shape} softmax gradients, batch {batch}"
        );

        float[] gradient = RandomValues(network.Inputs * batch, seed: 60);
        gradient[0] = 0f; // sign(0) = 0: the pixel stays
        foreach (float epsilon in new[] { 0f, 0.05f, 0.7f })
        {
            float[] adversarial = probe.Fgsm(pixels, gradient, epsilon, batch);
            double[][] expectedImages = scaled
                .Select(
                    (x, b) =>
                        ReferenceMath.Fgsm(
                            Array.ConvertAll(x, v => (double)(float)v),
                            Rows(gradient, batch)[b],
                            epsilon
                        )
                )
                .ToArray();
            AssertClose.All(
                Flat(expectedImages),
                adversarial,
                Tolerance.Forward,
                $"{shape} FGSM at {epsilon}, batch {batch}"
            );
        }
    }

    private INetworkEngine LoadedProbe(Network network, out IOperationProbe probe)
    {
        INetworkEngine engine = CreateEngine();
        engine.LoadNetwork(network);
        probe =
            engine as IOperationProbe ?? throw new InvalidOperationException($"{engine.Name} has no operation probe");
        return engine;
    }

    private static int Units(Network network, BatchBuffer buffer, int layer) =>
        BatchBufferShape.Units(network.Layers.Select(l => l.Topology).ToList(), buffer, layer);

    /// <summary>Gaussian values with about a quarter of them ≤ 0 after a shift, so ReLU masks bite.</summary>
    private static float[] RandomValues(int count, ulong seed, double scale = 1)
    {
        var rng = new Rng(seed * 104729 + 7);
        return Enumerable.Range(0, count).Select(_ => (float)(scale * (rng.NextGaussian() + 0.7))).ToArray();
    }

    private static double[][] Rows(float[] values, int batch)
    {
        int units = values.Length / batch;
        return Enumerable
            .Range(0, batch)
            .Select(b => values.Skip(b * units).Take(units).Select(v => (double)v).ToArray())
            .ToArray();
    }

    private static List<double> Flat(double[][] rows) => rows.SelectMany(r => r).ToList();
}
