using SparseGpu.Engines;
using SparseGpu.Engines.Reference;
using SparseGpu.Model;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Engines;

/// <summary>The oracle itself: against numbers worked out by hand and against finite differences.</summary>
public sealed class ReferenceMathTests
{
    /// <summary>
    /// A 2-input, 3-output read-out with links (input,output,w) = (0,0,0.5) (1,0,−1) (0,1,1) (1,2,0.25), biases
    /// (0, 0.5, −0.5), input (1, 2), label 1. By hand: z = (−1.5, 1.5, 0); p = e^z / Σe^z =
    /// (0.0391125733, 0.7855970346, 0.1752903921); loss = −ln p₁ = 0.2413112967; dz = p − e₁;
    /// dW = x_input · dz_output: (0,0) 0.0391125733, (1,0) 0.0782251465, (0,1) −0.2144029654, (1,2) 0.3505807843.
    /// </summary>
    [Fact]
    public void A_two_by_three_layer_matches_values_worked_out_by_hand()
    {
        var topology = LayerTopology.FromLinks(2, 3, [(0, 0), (1, 0), (0, 1), (1, 2)]);
        // Storage order is by output then input: (0,0) (1,0) (0,1) (1,2).
        var layer = new Layer(
            topology,
            [0.5f, -1f, 1f, 0.25f],
            new float[4],
            [0f, 0.5f, -0.5f],
            new float[3],
            evolves: false,
            relu: false
        );
        var reference = new List<ReferenceLayer> { new(layer) };
        double[][] input =
        [
            [1.0, 2.0],
        ];

        List<double[][]> activations = ReferenceMath.Forward(reference, input);
        AssertClose.All([-1.5, 1.5, 0.0], activations[1][0], Tolerance.FiniteDifference, "logits");
        var (losses, correct, dz) = ReferenceMath.SoftmaxCrossEntropy(activations[1], [1]);
        AssertClose.Value(0.2413112967, losses[0], new Tolerance(1e-10, 0), "loss");
        Assert.True(correct[0]);
        AssertClose.All([0.0391125733, -0.2144029654, 0.1752903921], dz[0], new Tolerance(1e-10, 0), "logit gradients");

        ReferenceGradients[] gradients = ReferenceMath.Backward(reference, activations, dz);
        AssertClose.All(
            [0.0391125733, 0.0782251465, -0.2144029654, 0.3505807843],
            gradients[0].Weights,
            new Tolerance(1e-10, 0),
            "weight gradients"
        );
        AssertClose.All(
            [0.0391125733, -0.2144029654, 0.1752903921],
            gradients[0].Bias,
            new Tolerance(1e-10, 0),
            "bias gradients"
        );
    }

    [Theory]
    [InlineData("unlinked-rows-and-columns")]
    [InlineData("odd-sizes")]
    [InlineData("four-hidden-layers")]
    public void Backward_matches_central_finite_differences(string shape)
    {
        NetworkCase networkCase = TestNetworks.Get(shape);
        Network network = networkCase.Build();
        var images = TestNetworks.Images(networkCase, network, 5, seed: 9);
        var layers = network.Layers.Select(l => new ReferenceLayer(l)).ToList();
        double[][] input = Enumerable
            .Range(0, images.Count)
            .Select(n => ReferenceMath.Scale(images.Image(n)))
            .ToArray();

        double Loss()
        {
            var (losses, _, _) = ReferenceMath.SoftmaxCrossEntropy(
                ReferenceMath.Forward(layers, input)[^1],
                images.Labels
            );
            return losses.Average();
        }

        List<double[][]> activations = ReferenceMath.Forward(layers, input);
        var (_, _, dz) = ReferenceMath.SoftmaxCrossEntropy(activations[^1], images.Labels);
        ReferenceGradients[] analytic = ReferenceMath.Backward(layers, activations, dz);

        const double h = 1e-6;
        for (int k = 0; k < layers.Count; k++)
        {
            AssertClose.All(
                analytic[k].Weights,
                Numeric(layers[k].Weights),
                Tolerance.FiniteDifference,
                $"{shape} layer {k + 1} weights"
            );
            AssertClose.All(
                analytic[k].Bias,
                Numeric(layers[k].Bias),
                Tolerance.FiniteDifference,
                $"{shape} layer {k + 1} biases"
            );
        }

        List<double> Numeric(double[] parameters)
        {
            var result = new List<double>();
            for (int i = 0; i < parameters.Length; i++)
            {
                double saved = parameters[i];
                parameters[i] = saved + h;
                double plus = Loss();
                parameters[i] = saved - h;
                double minus = Loss();
                parameters[i] = saved;
                result.Add((plus - minus) / (2 * h));
            }
            return result;
        }
    }

    [Fact]
    public void Sgd_update_follows_pytorch()
    {
        double[] w = [1.0, -2.0];
        double[] v = [0.5, 0.0];
        ReferenceMath.SgdUpdate(w, v, [0.1, 0.2], new SgdStep(0.1f, 0.9f, 0.01f));
        // v = 0.9·v + g + 0.01·w; w -= 0.1·v (step values are float32, as the engines see them)
        double momentum = 0.9f,
            decay = 0.01f,
            rate = 0.1f;
        double v0 = momentum * 0.5 + 0.1 + decay * 1.0,
            v1 = 0.2 + decay * -2.0;
        AssertClose.All([v0, v1], v, new Tolerance(1e-12, 0), "momentum");
        AssertClose.All([1.0 - rate * v0, -2.0 - rate * v1], w, new Tolerance(1e-12, 0), "weights");
    }
}
