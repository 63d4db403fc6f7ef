using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Reference;
using SparseGpu.Kernels;
using SparseGpu.Model;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// Dropout on every engine: the operation gives the formula's mask bit for bit whatever batch a position falls in,
/// and training with dropout matches the reference (same masks, so the same steps within the usual tolerances). Bound
/// to every engine with the rest of the conformance suite (CUDA and OpenCL included).
/// </summary>
public abstract partial class EngineConformanceTests
{
    private static readonly EpochDropout TestDropout = new(0.4, Seed: 29, Epoch: 3);

    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void The_dropout_operation_applies_the_formula_mask_at_the_batch_positions(string shape, int batch)
    {
        var (network, _) = Setup(shape, batch);
        using INetworkEngine engine = LoadedProbe(network, out IOperationProbe probe);
        const int firstPosition = 1000;
        for (int hidden = 0; hidden < network.Layers.Count - 1; hidden++)
            foreach (
                var (buffer, index) in new[] { (BatchBuffer.Activations, hidden + 1), (BatchBuffer.Gradients, hidden) }
            )
            {
                float[] values = RandomValues(Units(network, buffer, index) * batch, seed: (ulong)(90 + index));
                float[] actual = probe.Dropout(buffer, index, values, batch, TestDropout.Mask(hidden, firstPosition));
                // The mask of each unit by its epoch position alone, drawn as if its batch started at position 0.
                DropoutMask fromStart = TestDropout.Mask(hidden, 0);
                int units = values.Length / batch;
                float[] expected = new float[values.Length];
                for (int b = 0; b < batch; b++)
                for (int j = 0; j < units; j++)
                    expected[b * units + j] = DropoutFormula.Apply(
                        values[b * units + j],
                        DropoutFormula.Keeps(fromStart, firstPosition + b, j),
                        fromStart.Scale
                    );
                Assert.Equal(expected, actual);
            }
    }

    [SkippableTheory]
    [MemberData(nameof(ShapesAndBatches))]
    public void Two_sgd_steps_with_dropout_match_the_reference(string shape, int batch)
    {
        var (network, images) = Setup(shape, 2 * batch);
        var step = new SgdStep(0.05f, 0.9f, 5e-4f);
        Network fromEngine = TrainTwice(network, images, batch, step, CreateEngine(), TestDropout, out float[] losses);
        Network fromReference = TrainTwice(
            network,
            images,
            batch,
            step,
            new ReferenceEngine(),
            TestDropout,
            out float[] referenceLosses
        );
        Network withoutDropout = TrainTwice(network, images, batch, step, CreateEngine(), default, out _);

        for (int k = 0; k < network.Layers.Count; k++)
        {
            Layer e = fromEngine.Layers[k],
                r = fromReference.Layers[k];
            string layer = $"{shape} layer {k + 1} with dropout, batch {batch}";
            AssertClose.All(Doubles(r.Weights), e.Weights, Tolerance.Parameters, $"{layer} weights");
            AssertClose.All(Doubles(r.WeightVelocity), e.WeightVelocity, Tolerance.Gradient, $"{layer} momentum");
            AssertClose.All(Doubles(r.Bias), e.Bias, Tolerance.Parameters, $"{layer} biases");
            AssertClose.All(Doubles(r.BiasVelocity), e.BiasVelocity, Tolerance.Gradient, $"{layer} bias momentum");
        }
        AssertClose.All(Doubles(referenceLosses), losses, Tolerance.Forward, $"{shape} per-sample losses, dropout");
        // The dropout did something (single-link's one linked hidden unit is off on its images: nothing to drop).
        if (shape != "single-link")
            Assert.NotEqual(
                withoutDropout.Layers.SelectMany(l => l.WeightVelocity),
                fromEngine.Layers.SelectMany(l => l.WeightVelocity)
            );
    }

    [SkippableFact]
    public void Evaluation_ignores_the_epochs_dropout()
    {
        var (network, images) = Setup("odd-sizes", 24);
        using INetworkEngine engine = CreateEngine();
        engine.LoadNetwork(network);
        EvaluationResult before = engine.Evaluate(images);
        float[] logitsBefore = new float[24 * network.Classes];
        engine.ComputeLogits(images, 0, 24, logitsBefore);
        engine.SetTrainingSet(images);
        engine.BeginEpoch(Enumerable.Range(0, 24).ToArray(), new EpochDropout(0.5, 3, 0));
        Assert.Equal(before, engine.Evaluate(images));
        float[] logitsAfter = new float[logitsBefore.Length];
        engine.ComputeLogits(images, 0, 24, logitsAfter);
        Assert.Equal(logitsBefore, logitsAfter);
    }

    private static Network TrainTwice(
        Network network,
        ImageSet images,
        int batch,
        SgdStep step,
        INetworkEngine engine,
        EpochDropout dropout,
        out float[] losses
    )
    {
        using (engine)
        {
            Network result = network.Clone();
            engine.LoadNetwork(result);
            engine.SetTrainingSet(images);
            engine.BeginEpoch(Enumerable.Range(0, images.Count).Reverse().ToArray(), dropout);
            engine.TrainBatch(0, batch, step);
            engine.TrainBatch(batch, batch, step);
            engine.StoreNetwork(result);
            losses = new float[2 * batch];
            engine.ReadTrainingResults(losses, new bool[2 * batch]);
            return result;
        }
    }
}
