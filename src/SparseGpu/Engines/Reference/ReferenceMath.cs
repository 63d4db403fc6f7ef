using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines.Reference;

/// <summary>
/// The training math written for reading, in double precision, one sample at a time, never optimised.
/// Arrays are [sample][neuron]. This is the oracle: every engine and kernel is tested against it, and its
/// backward pass is tested against finite differences.
/// </summary>
public static class ReferenceMath
{
    /// <summary>y = W·x + b over the layer's links, then ReLU when the layer has one.</summary>
    public static double[][] LayerForward(ReferenceLayer layer, double[][] x)
    {
        LayerTopology topology = layer.Topology;
        var y = new double[x.Length][];
        for (int b = 0; b < x.Length; b++)
        {
            y[b] = (double[])layer.Bias.Clone();
            for (int link = 0; link < topology.LinkCount; link++)
                y[b][topology.Rows[link]] += layer.Weights[link] * x[b][topology.Columns[link]];
            if (layer.Relu)
                for (int j = 0; j < y[b].Length; j++)
                    y[b][j] = Math.Max(0.0, y[b][j]);
        }
        return y;
    }

    /// <summary>Activations of every layer; element 0 is the input itself, the last the logits.</summary>
    public static List<double[][]> Forward(IReadOnlyList<ReferenceLayer> layers, double[][] input)
    {
        var activations = new List<double[][]> { input };
        foreach (ReferenceLayer layer in layers)
            activations.Add(LayerForward(layer, activations[^1]));
        return activations;
    }

    /// <summary>
    /// Per-sample softmax cross-entropy and the gradient of the batch mean with respect to the logits.
    /// A sample is correct when its label is the first index of the largest logit.
    /// </summary>
    public static (double[] Losses, bool[] Correct, double[][] LogitGradients) SoftmaxCrossEntropy(
        double[][] logits,
        ReadOnlySpan<byte> labels
    )
    {
        int batch = logits.Length;
        var losses = new double[batch];
        var correct = new bool[batch];
        var gradients = new double[batch][];
        for (int b = 0; b < batch; b++)
        {
            double[] z = logits[b];
            double max = z.Max();
            double sum = z.Sum(v => Math.Exp(v - max));
            losses[b] = Math.Log(sum) + max - z[labels[b]];
            correct[b] = ArgMax(z) == labels[b];
            gradients[b] = new double[z.Length];
            for (int c = 0; c < z.Length; c++)
                gradients[b][c] = (Math.Exp(z[c] - max) / sum - (c == labels[b] ? 1.0 : 0.0)) / batch;
        }
        return (losses, correct, gradients);
    }

    /// <summary>Each sample's predicted class: the first index of its largest logit (what correctness compares with
    /// the label).</summary>
    public static byte[] Predictions(double[][] logits) => logits.Select(z => (byte)ArgMax(z)).ToArray();

    /// <summary>Back-propagates the logit gradients; returns each layer's weight and bias gradients.</summary>
    public static ReferenceGradients[] Backward(
        IReadOnlyList<ReferenceLayer> layers,
        List<double[][]> activations,
        double[][] logitGradients
    )
    {
        var gradients = new ReferenceGradients[layers.Count];
        double[][] dy = logitGradients; // gradient with respect to layer k's pre-activation
        for (int k = layers.Count - 1; k >= 0; k--)
        {
            gradients[k] = LayerGradients(layers[k], activations[k], dy);
            if (k > 0)
                dy = LayerBackwardInput(layers[k], dy, activations[k]);
        }
        return gradients;
    }

    /// <summary>
    /// Gradient of each sample's loss with respect to its input pixels (scaled to [0,1]): the backward chain through
    /// every layer, with no ReLU mask at the input itself.
    /// </summary>
    public static double[][] InputGradient(
        IReadOnlyList<ReferenceLayer> layers,
        List<double[][]> activations,
        double[][] logitGradients
    )
    {
        double[][] dy = logitGradients;
        for (int k = layers.Count - 1; k >= 0; k--)
            dy = LayerBackwardInput(layers[k], dy, k > 0 ? activations[k] : null);
        return dy;
    }

    /// <summary>The layer's weight and bias gradients: dW = Σ_b x·dy over each link, dB = Σ_b dy.</summary>
    public static ReferenceGradients LayerGradients(ReferenceLayer layer, double[][] x, double[][] dy)
    {
        LayerTopology topology = layer.Topology;
        var dW = new double[topology.LinkCount];
        var dB = new double[topology.Outputs];
        for (int b = 0; b < x.Length; b++)
        {
            for (int j = 0; j < topology.Outputs; j++)
                dB[j] += dy[b][j];
            for (int link = 0; link < topology.LinkCount; link++)
                dW[link] += x[b][topology.Columns[link]] * dy[b][topology.Rows[link]];
        }
        return new ReferenceGradients(dW, dB);
    }

    /// <summary>
    /// The dense-equivalent weight gradient of each candidate link (key: <see cref="LayerTopology.Key"/>), present
    /// or not: Σ_b x[b][input]·dy[b][output], the gradient a link at weight 0 would have.
    /// </summary>
    public static double[] LinkGradients(LayerTopology topology, long[] keys, double[][] x, double[][] dy)
    {
        var sums = new double[keys.Length];
        for (int c = 0; c < keys.Length; c++)
        {
            (int input, int output) = topology.LinkOfKey(keys[c]);
            double sum = 0;
            for (int b = 0; b < x.Length; b++)
                sum += x[b][input] * dy[b][output];
            sums[c] = sum;
        }
        return sums;
    }

    /// <summary>
    /// dx = Wᵀ·dy; with <paramref name="x"/> (the previous layer's ReLU output) masked where x ≤ 0, the ReLU's
    /// derivative; null at the network's input, which has no ReLU.
    /// </summary>
    public static double[][] LayerBackwardInput(ReferenceLayer layer, double[][] dy, double[][]? x)
    {
        LayerTopology topology = layer.Topology;
        var dx = new double[dy.Length][];
        for (int b = 0; b < dy.Length; b++)
        {
            dx[b] = new double[topology.Inputs];
            for (int link = 0; link < topology.LinkCount; link++)
                dx[b][topology.Columns[link]] += layer.Weights[link] * dy[b][topology.Rows[link]];
            if (x is not null)
                for (int i = 0; i < topology.Inputs; i++)
                    if (x[b][i] <= 0)
                        dx[b][i] = 0;
        }
        return dx;
    }

    /// <summary>Inverted dropout of a hidden layer's units, [sample][neuron]: kept values times the mask's scale,
    /// dropped ones 0 (<see cref="DropoutFormula"/>'s mask bits; the product in double).</summary>
    public static double[][] Dropout(double[][] values, DropoutMask mask)
    {
        var result = new double[values.Length][];
        for (int b = 0; b < values.Length; b++)
        {
            result[b] = new double[values[b].Length];
            for (int j = 0; j < values[b].Length; j++)
                result[b][j] = DropoutFormula.Keeps(mask, b, j) ? values[b][j] * mask.Scale : 0.0;
        }
        return result;
    }

    /// <summary>The FGSM image: clip(x + ε·sign(g), 0, 1).</summary>
    public static double[] Fgsm(double[] x, double[] gradient, double epsilon)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            result[i] = Math.Clamp(x[i] + epsilon * Math.Sign(gradient[i]), 0.0, 1.0);
        return result;
    }

    /// <summary>SGD with momentum and weight decay, as PyTorch does it: v = μv + g + λw; w -= lr·v.</summary>
    public static void SgdUpdate(double[] parameters, double[] velocity, double[] gradient, SgdStep step)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            velocity[i] = step.Momentum * velocity[i] + gradient[i] + step.WeightDecay * parameters[i];
            parameters[i] -= step.LearningRate * velocity[i];
        }
    }

    /// <summary>Pixels scaled to [0, 1].</summary>
    public static double[] Scale(ReadOnlySpan<byte> pixels)
    {
        var x = new double[pixels.Length];
        for (int i = 0; i < x.Length; i++)
            x[i] = pixels[i] / 255.0;
        return x;
    }

    public static int ArgMax(IReadOnlyList<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Count; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }
}
