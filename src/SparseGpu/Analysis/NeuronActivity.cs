using SparseGpu.Data;
using SparseGpu.Model;

namespace SparseGpu.Analysis;

/// <summary>
/// Functionally dead units: hidden neurons whose ReLU output is 0 on every image of a set (pre-activation ≤ 0
/// throughout), beside the structural count of neurons without links. The forward pass runs here in double
/// precision, one image at a time (pixels / 255 as the engines scale them), so it depends on no engine; a neuron
/// whose largest pre-activation is within float rounding of 0 may count differently from a float engine.
/// </summary>
public static class NeuronActivity
{
    /// <summary>Per sparse layer (0-based), the hidden neurons never active on <paramref name="images"/>.</summary>
    public static int[] NeverActive(Network network, ImageSet images)
    {
        if (images.InputSize != network.Layers[0].Inputs)
            throw new SparseGpuException(
                $"{images.Name}: images of {images.InputSize} pixels, the network takes {network.Layers[0].Inputs}"
            );
        int hiddenLayers = network.Layers.Count - 1;
        bool[][] active = network.Layers.Take(hiddenLayers).Select(l => new bool[l.Outputs]).ToArray();
        double[] input = new double[images.InputSize];
        for (int image = 0; image < images.Count; image++)
        {
            ReadOnlySpan<byte> pixels = images.Image(image);
            for (int p = 0; p < input.Length; p++)
                input[p] = pixels[p] / 255.0;
            double[] x = input;
            for (int k = 0; k < hiddenLayers; k++)
            {
                x = Relu(network.Layers[k], x);
                for (int j = 0; j < x.Length; j++)
                    active[k][j] |= x[j] > 0;
            }
        }
        return active.Select(layer => layer.Count(a => !a)).ToArray();
    }

    private static double[] Relu(Layer layer, double[] x)
    {
        LayerTopology t = layer.Topology;
        var y = new double[t.Outputs];
        for (int o = 0; o < t.Outputs; o++)
        {
            double sum = layer.Bias[o];
            for (int link = t.RowOffsets[o]; link < t.RowOffsets[o + 1]; link++)
                sum += layer.Weights[link] * x[t.Columns[link]];
            y[o] = Math.Max(0.0, sum);
        }
        return y;
    }
}
