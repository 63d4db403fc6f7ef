using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>
/// The number of input-to-output paths through each hidden neuron: the paths from any input to it times the paths
/// from it to any output (a path ends on a read-out link). Counted by dynamic programming over the layers in double,
/// each layer's counts kept below 2^256 by an exact power-of-two rescaling whose exponent is carried aside, so that
/// the counts stay exact integers while they fit a double's 53 bits (equal counts stay equal, and ties go to the
/// seed) and never overflow for any depth.
/// </summary>
public static class NeuronPaths
{
    private const int ScaleBits = 256;

    /// <summary>log2 of the paths through each hidden neuron (−∞: none), by hidden layer.</summary>
    public static double[][] Log2Through(Network network)
    {
        int layers = network.Layers.Count;
        // Neuron layers 0 (inputs) .. layers (outputs); hidden layer h is neuron layer h + 1.
        var forward = new double[layers + 1][];
        var forwardExponent = new int[layers + 1];
        forward[0] = Ones(network.Inputs);
        for (int k = 0; k < layers; k++)
        {
            LayerTopology t = network.Layers[k].Topology;
            var here = new double[t.Outputs];
            for (int link = 0; link < t.LinkCount; link++)
                here[t.Rows[link]] += forward[k][t.Columns[link]];
            forwardExponent[k + 1] = forwardExponent[k] + Rescale(here);
            forward[k + 1] = here;
        }
        var backward = new double[layers + 1][];
        var backwardExponent = new int[layers + 1];
        backward[layers] = Ones(network.Classes);
        for (int k = layers - 1; k >= 0; k--)
        {
            LayerTopology t = network.Layers[k].Topology;
            var here = new double[t.Inputs];
            for (int link = 0; link < t.LinkCount; link++)
                here[t.Columns[link]] += backward[k + 1][t.Rows[link]];
            backwardExponent[k] = backwardExponent[k + 1] + Rescale(here);
            backward[k] = here;
        }
        var through = new double[layers - 1][];
        for (int h = 0; h < layers - 1; h++)
        {
            int n = h + 1;
            through[h] = new double[forward[n].Length];
            for (int j = 0; j < through[h].Length; j++)
                through[h][j] = Math.Log2(forward[n][j] * backward[n][j]) + forwardExponent[n] + backwardExponent[n];
        }
        return through;
    }

    private static double[] Ones(int count)
    {
        var ones = new double[count];
        Array.Fill(ones, 1.0);
        return ones;
    }

    /// <returns>The power of two the values were divided by (exactly).</returns>
    private static int Rescale(double[] values)
    {
        if (values.Length == 0 || values.Max() <= Math.ScaleB(1.0, ScaleBits))
            return 0;
        for (int i = 0; i < values.Length; i++)
            values[i] = Math.ScaleB(values[i], -ScaleBits);
        return ScaleBits;
    }
}
