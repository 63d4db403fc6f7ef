using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Reference;
using SparseGpu.Model;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// The reference engine's training gradient with dropout on is the derivative of the loss of the dropped network (the
/// epoch's masks held fixed), checked against central finite differences like the oracle's own backward pass.
/// </summary>
public sealed class DropoutGradientTests
{
    private static readonly EpochDropout Dropout = new(0.4, Seed: 17, Epoch: 2);

    [Theory]
    [InlineData("odd-sizes")]
    [InlineData("four-hidden-layers")]
    public void The_training_gradient_with_dropout_matches_finite_differences_of_the_masked_loss(string shape)
    {
        NetworkCase networkCase = TestNetworks.Get(shape);
        Network network = networkCase.Build();
        ImageSet images = TestNetworks.Images(networkCase, network, 6, seed: 11);

        // With momentum and weight decay 0 the velocity after one step is the batch-mean gradient (v = μv + g + λw).
        Network trained = OneStep(network, images, Dropout);
        Network undropped = OneStep(network, images, EpochDropout.Off);

        var layers = network.Layers.Select(l => new ReferenceLayer(l)).ToList();
        double[][] input = Enumerable
            .Range(0, images.Count)
            .Select(n => ReferenceMath.Scale(images.Image(n)))
            .ToArray();

        double MaskedLoss()
        {
            double[][] x = input;
            for (int k = 0; k < layers.Count; k++)
            {
                x = ReferenceMath.LayerForward(layers[k], x);
                if (k < layers.Count - 1)
                    x = ReferenceMath.Dropout(x, Dropout.Mask(k, firstPosition: 0));
            }
            return ReferenceMath.SoftmaxCrossEntropy(x, images.Labels).Losses.Average();
        }

        const double h = 1e-6;
        List<double> Numeric(double[] parameters)
        {
            var result = new List<double>();
            for (int i = 0; i < parameters.Length; i++)
            {
                double saved = parameters[i];
                parameters[i] = saved + h;
                double plus = MaskedLoss();
                parameters[i] = saved - h;
                double minus = MaskedLoss();
                parameters[i] = saved;
                result.Add((plus - minus) / (2 * h));
            }
            return result;
        }

        for (int k = 0; k < layers.Count; k++)
        {
            string layer = $"{shape} layer {k + 1} with dropout";
            AssertClose.All(
                Numeric(layers[k].Weights),
                trained.Layers[k].WeightVelocity,
                Tolerance.FiniteDifference,
                $"{layer} weights"
            );
            AssertClose.All(
                Numeric(layers[k].Bias),
                trained.Layers[k].BiasVelocity,
                Tolerance.FiniteDifference,
                $"{layer} biases"
            );
        }
        // The masks dropped units that mattered: without them the gradient is another one.
        Assert.NotEqual(
            undropped.Layers.SelectMany(l => l.WeightVelocity),
            trained.Layers.SelectMany(l => l.WeightVelocity)
        );
    }

    /// <summary>One SGD step of the reference engine over the whole batch in order, at momentum and decay 0.</summary>
    private static Network OneStep(Network network, ImageSet images, EpochDropout dropout)
    {
        using var engine = new ReferenceEngine();
        Network result = network.Clone();
        engine.LoadNetwork(result);
        engine.SetTrainingSet(images);
        engine.BeginEpoch(Enumerable.Range(0, images.Count).ToArray(), dropout);
        engine.TrainBatch(0, images.Count, new SgdStep(0.01f, 0f, 0f));
        engine.StoreNetwork(result);
        return result;
    }
}
