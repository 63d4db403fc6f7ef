using SparseGpu.Data;
using SparseGpu.Model;

namespace SparseGpu.Tests.Oracle;

/// <summary>Mean loss and accuracy of an epoch or of an evaluation.</summary>
public readonly record struct OracleResult(double Loss, double Accuracy);

/// <summary>The mean loss of a batch and its gradient with respect to every layer's weights and biases.</summary>
public sealed record OracleGradients(double MeanLoss, double[][] Weights, double[][] Bias);

/// <summary>
/// An independent reference for whole training steps and epochs: plain loops over a network's layers in double
/// precision, one sample at a time, never optimised. It shares no code with what it checks (no batch schedule, no
/// engine operations, no buffers, no shared formulas); it reads only the model's topologies, the images and the
/// documented rules (<see cref="OracleSchedule"/>). One training step on a batch of samples, all with the
/// parameters the step started from:
/// forward x₀ = pixel/255, x_k = ReLU(W_k·x_{k−1} + b_k) (no ReLU on the read-out); loss = mean over the batch of
/// the softmax cross-entropy; its gradient back through every layer; then, for every weight and bias p of every
/// layer, SGD with momentum and weight decay as PyTorch defines it: v = μ·v + g + λ·p, p = p − lr·v.
/// </summary>
public sealed class TrainingOracle
{
    private readonly List<OracleLayer> _layers;

    public TrainingOracle(Network network) => _layers = network.Layers.Select(l => new OracleLayer(l)).ToList();

    public IReadOnlyList<OracleLayer> Layers => _layers;

    /// <summary>One epoch: the images in <paramref name="order"/>, batches of <paramref name="batchSize"/> from the
    /// start, the last one holding what is left; the loss and accuracy are over every sample as it was
    /// trained.</summary>
    public OracleResult TrainEpoch(
        ImageSet images,
        int[] order,
        int batchSize,
        double learningRate,
        double momentum,
        double weightDecay
    )
    {
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < order.Length; start += batchSize)
        {
            int[] batch = order[start..Math.Min(start + batchSize, order.Length)];
            foreach (int sample in batch)
            {
                (double loss, bool right) = Score(images, sample);
                lossSum += loss;
                correct += right ? 1 : 0;
            }
            Step(images, batch, learningRate, momentum, weightDecay);
        }
        return new OracleResult(lossSum / order.Length, (double)correct / order.Length);
    }

    /// <summary>Mean loss and accuracy of the current parameters over every image.</summary>
    public OracleResult Evaluate(ImageSet images)
    {
        double lossSum = 0;
        int correct = 0;
        for (int sample = 0; sample < images.Count; sample++)
        {
            (double loss, bool right) = Score(images, sample);
            lossSum += loss;
            correct += right ? 1 : 0;
        }
        return new OracleResult(lossSum / images.Count, (double)correct / images.Count);
    }

    /// <summary>One SGD step on the batch: every gradient first, from the parameters the step started from, then
    /// every update.</summary>
    public void Step(ImageSet images, int[] batch, double learningRate, double momentum, double weightDecay)
    {
        OracleGradients gradients = Gradients(images, batch);
        for (int k = 0; k < _layers.Count; k++)
        {
            OracleLayer layer = _layers[k];
            Sgd(layer.Weights, layer.WeightMomentum, gradients.Weights[k], learningRate, momentum, weightDecay);
            Sgd(layer.Bias, layer.BiasMomentum, gradients.Bias[k], learningRate, momentum, weightDecay);
        }
    }

    /// <summary>The batch's mean loss and its gradients, sample by sample: forward, softmax, then back from the
    /// read-out to the first layer.</summary>
    public OracleGradients Gradients(ImageSet images, int[] batch)
    {
        double[][] weightGradients = _layers.Select(l => new double[l.Topology.LinkCount]).ToArray();
        double[][] biasGradients = _layers.Select(l => new double[l.Topology.Outputs]).ToArray();
        double lossSum = 0;
        foreach (int sample in batch)
        {
            List<double[]> activations = Forward(images, sample);
            double[] logits = activations[^1];
            double[] probabilities = Softmax(logits);
            int label = images.Labels[sample];
            lossSum += CrossEntropy(logits, label);

            // d(mean loss)/d(logit c) = (p_c − [c = label]) / batch size
            double[] delta = new double[logits.Length];
            for (int c = 0; c < logits.Length; c++)
                delta[c] = (probabilities[c] - (c == label ? 1.0 : 0.0)) / batch.Length;

            for (int k = _layers.Count - 1; k >= 0; k--)
            {
                LayerTopology topology = _layers[k].Topology;
                double[] input = activations[k];
                for (int output = 0; output < topology.Outputs; output++)
                {
                    biasGradients[k][output] += delta[output];
                    for (int link = topology.RowOffsets[output]; link < topology.RowOffsets[output + 1]; link++)
                        weightGradients[k][link] += input[topology.Columns[link]] * delta[output];
                }
                if (k == 0)
                    break;
                // Back through the weights, then through the ReLU that produced this layer's input.
                double[] below = new double[topology.Inputs];
                for (int output = 0; output < topology.Outputs; output++)
                for (int link = topology.RowOffsets[output]; link < topology.RowOffsets[output + 1]; link++)
                    below[topology.Columns[link]] += _layers[k].Weights[link] * delta[output];
                for (int i = 0; i < below.Length; i++)
                    if (input[i] <= 0)
                        below[i] = 0;
                delta = below;
            }
        }
        return new OracleGradients(lossSum / batch.Length, weightGradients, biasGradients);
    }

    /// <summary>The activations of one sample: the scaled pixels, then every layer's output (the last the
    /// logits).</summary>
    private List<double[]> Forward(ImageSet images, int sample)
    {
        ReadOnlySpan<byte> pixels = images.Image(sample);
        double[] x = new double[pixels.Length];
        for (int i = 0; i < x.Length; i++)
            x[i] = pixels[i] / 255.0;
        var activations = new List<double[]> { x };
        foreach (OracleLayer layer in _layers)
        {
            LayerTopology topology = layer.Topology;
            double[] y = new double[topology.Outputs];
            for (int output = 0; output < topology.Outputs; output++)
            {
                double sum = layer.Bias[output];
                for (int link = topology.RowOffsets[output]; link < topology.RowOffsets[output + 1]; link++)
                    sum += layer.Weights[link] * x[topology.Columns[link]];
                y[output] = layer.Relu ? Math.Max(0.0, sum) : sum;
            }
            activations.Add(y);
            x = y;
        }
        return activations;
    }

    /// <summary>The sample's cross-entropy and whether its label is the first of the largest logits.</summary>
    private (double Loss, bool Correct) Score(ImageSet images, int sample)
    {
        double[] logits = Forward(images, sample)[^1];
        int label = images.Labels[sample];
        int predicted = 0;
        for (int c = 1; c < logits.Length; c++)
            if (logits[c] > logits[predicted])
                predicted = c;
        return (CrossEntropy(logits, label), predicted == label);
    }

    /// <summary>−log softmax(z)_label, as log Σ exp(z − max) + max − z_label so that it stays finite.</summary>
    private static double CrossEntropy(double[] logits, int label)
    {
        double max = logits.Max();
        return Math.Log(logits.Sum(z => Math.Exp(z - max))) + max - logits[label];
    }

    private static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        double[] exponentials = logits.Select(z => Math.Exp(z - max)).ToArray();
        double sum = exponentials.Sum();
        return exponentials.Select(e => e / sum).ToArray();
    }

    /// <summary>PyTorch's SGD: the decay is added to the gradient, the step is the learning rate times the new
    /// momentum.</summary>
    private static void Sgd(
        double[] parameters,
        double[] velocity,
        double[] gradient,
        double learningRate,
        double momentum,
        double weightDecay
    )
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            velocity[i] = momentum * velocity[i] + gradient[i] + weightDecay * parameters[i];
            parameters[i] -= learningRate * velocity[i];
        }
    }
}
