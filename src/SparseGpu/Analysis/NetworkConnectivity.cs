using SparseGpu.Model;

namespace SparseGpu.Analysis;

/// <summary>
/// Whether signals can still travel from the input pixels to the read-out (a row of network.csv, and the
/// structural columns of robustness.csv). A path is a chain of links pixel → h₁ → … → h_L through the sparse layers
/// whose last neuron has at least one read-out link. Counting is dynamic programming in log space over the layers
/// (never enumeration, never overflow): O(links) time, O(neurons) memory.
/// </summary>
public sealed record NetworkConnectivity(
    int Pixels,
    int PixelsConnected,
    double Log10Paths,
    int HiddenNeurons,
    int HiddenOnPath,
    int HiddenWithoutInputs,
    double InputDegreeHeterogeneity
)
{
    public double PixelsConnectedFraction => (double)PixelsConnected / Pixels;
    public double HiddenOnPathFraction => HiddenNeurons == 0 ? double.NaN : (double)HiddenOnPath / HiddenNeurons;
    public double HiddenWithoutInputsFraction =>
        HiddenNeurons == 0 ? double.NaN : (double)HiddenWithoutInputs / HiddenNeurons;

    public static NetworkConnectivity Of(Network network)
    {
        int sparse = network.Layers.Count - 1;
        Layer readout = network.Layers[^1];

        // Forward: natural log of the number of paths from any pixel to each neuron (−∞: none).
        var logPaths = new double[sparse + 1][];
        logPaths[0] = new double[network.Inputs];
        for (int k = 0; k < sparse; k++)
        {
            LayerTopology t = network.Layers[k].Topology;
            double[] below = logPaths[k],
                here = new double[t.Outputs];
            for (int o = 0; o < t.Outputs; o++)
            {
                double sum = double.NegativeInfinity;
                for (int link = t.RowOffsets[o]; link < t.RowOffsets[o + 1]; link++)
                    sum = Statistics.LogAddExp(sum, below[t.Columns[link]]);
                here[o] = sum;
            }
            logPaths[k + 1] = here;
        }

        // Backward: whether each neuron reaches the read-out.
        var reaches = new bool[sparse + 1][];
        reaches[sparse] = new bool[readout.Inputs];
        for (int h = 0; h < readout.Inputs; h++)
            reaches[sparse][h] = readout.Topology.OutDegree(h) > 0;
        for (int k = sparse - 1; k >= 0; k--)
        {
            LayerTopology t = network.Layers[k].Topology;
            bool[] above = reaches[k + 1],
                here = new bool[t.Inputs];
            for (int link = 0; link < t.LinkCount; link++)
                if (above[t.Rows[link]])
                    here[t.Columns[link]] = true;
            reaches[k] = here;
        }

        double total = double.NegativeInfinity;
        for (int h = 0; h < readout.Inputs; h++)
            if (reaches[sparse][h])
                total = Statistics.LogAddExp(total, logPaths[sparse][h]);

        int hidden = 0,
            onPath = 0,
            withoutInputs = 0;
        for (int k = 1; k <= sparse; k++)
        {
            LayerTopology incoming = network.Layers[k - 1].Topology;
            for (int n = 0; n < logPaths[k].Length; n++)
            {
                hidden++;
                if (!double.IsNegativeInfinity(logPaths[k][n]) && reaches[k][n])
                    onPath++;
                if (incoming.InDegree(n) == 0)
                    withoutInputs++;
            }
        }
        return new NetworkConnectivity(
            network.Inputs,
            reaches[0].Count(r => r),
            total / Math.Log(10),
            hidden,
            onPath,
            withoutInputs,
            Heterogeneity(network.Layers[0].Topology)
        );
    }

    /// <summary>⟨k²⟩ / ⟨k⟩² of the first layer's input (pixel) out-degrees: 1 when all are equal; NaN without
    /// links.</summary>
    public static double Heterogeneity(LayerTopology first)
    {
        double sum = 0,
            squares = 0;
        for (int i = 0; i < first.Inputs; i++)
        {
            double k = first.OutDegree(i);
            sum += k;
            squares += k * k;
        }
        if (sum == 0)
            return double.NaN;
        double mean = sum / first.Inputs;
        return squares / first.Inputs / (mean * mean);
    }
}
