using SparseGpu.Data;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Robustness.Compensation;

/// <summary>
/// The variance rescale's calibration batch: training images (never test images) drawn without replacement by the
/// stream (model seed, <see cref="RandomPurpose.Compensation"/>, -1, -1), the same images at every level and
/// repetition of one model, on the [0, 1] pixel scale of the engines, laid out [pixel][image] so a neuron's
/// pre-activation over the batch is a few contiguous sums. The forward pass here is the host's own, in double
/// precision per pre-activation; the engine is not involved.
/// </summary>
public sealed class CalibrationBatch
{
    private CalibrationBatch(float[] inputs, int count)
    {
        Inputs = inputs;
        Count = count;
    }

    /// <summary>Pixels [pixel · Count + image].</summary>
    public float[] Inputs { get; }

    public int Count { get; }

    public static CalibrationBatch Draw(ImageSet train, int images, ulong seed)
    {
        int count = Math.Min(images, train.Count);
        int[] order = Enumerable.Range(0, train.Count).ToArray();
        RandomStreams.Derive(seed, RandomPurpose.Compensation, -1, -1).Shuffle(order.AsSpan());
        int pixels = train.InputSize;
        float[] inputs = new float[pixels * count];
        for (int image = 0; image < count; image++)
        {
            ReadOnlySpan<byte> source = train.Image(order[image]);
            for (int pixel = 0; pixel < pixels; pixel++)
                inputs[pixel * count + image] = PixelScale.Of(source[pixel]);
        }
        return new CalibrationBatch(inputs, count);
    }

    /// <summary>The pre-activations of <paramref name="layer"/> over the batch, [neuron · count + image], from its
    /// inputs laid out the same way.</summary>
    public static double[] PreActivations(Layer layer, float[] inputs, int count)
    {
        LayerTopology t = layer.Topology;
        double[] z = new double[t.Outputs * count];
        for (int neuron = 0; neuron < t.Outputs; neuron++)
        {
            Span<double> row = z.AsSpan(neuron * count, count);
            row.Fill(layer.Bias[neuron]);
            for (int link = t.RowOffsets[neuron]; link < t.RowOffsets[neuron + 1]; link++)
            {
                double w = layer.Weights[link];
                ReadOnlySpan<float> x = inputs.AsSpan(t.Columns[link] * count, count);
                for (int image = 0; image < count; image++)
                    row[image] += w * x[image];
            }
        }
        return z;
    }

    /// <summary>ReLU of pre-activations, as the next layer's inputs.</summary>
    public static float[] Activations(double[] preActivations)
    {
        float[] a = new float[preActivations.Length];
        for (int i = 0; i < a.Length; i++)
            a[i] = (float)Math.Max(0.0, preActivations[i]);
        return a;
    }

    /// <summary>Mean and population standard deviation of each neuron's pre-activation over the batch.</summary>
    public static (double[] Mean, double[] Std) Moments(double[] preActivations, int count)
    {
        int neurons = preActivations.Length / count;
        double[] mean = new double[neurons],
            std = new double[neurons];
        for (int neuron = 0; neuron < neurons; neuron++)
        {
            ReadOnlySpan<double> row = preActivations.AsSpan(neuron * count, count);
            double sum = 0;
            foreach (double v in row)
                sum += v;
            double m = sum / count,
                squares = 0;
            foreach (double v in row)
                squares += (v - m) * (v - m);
            mean[neuron] = m;
            std[neuron] = Math.Sqrt(squares / count);
        }
        return (mean, std);
    }
}
