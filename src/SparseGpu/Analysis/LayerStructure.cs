using SparseGpu.Model;

namespace SparseGpu.Analysis;

/// <summary>
/// Structure of one sparse layer (a row of structure.csv; each column is defined in the README). "In" is the
/// layer's output side (links arriving at a neuron), "out" its input side (links leaving a neuron); degrees count
/// the links of this layer only. The weight concentration and the strength-degree exponent say how much of the
/// layer's weight its largest links and its hubs carry.
/// </summary>
public sealed record LayerStructure(
    int Layer,
    int Inputs,
    int Outputs,
    int Links,
    int ActiveNeurons,
    double InDegreeMean,
    double InDegreeStd,
    int InDegreeMax,
    double InDegreeGini,
    double OutDegreeMean,
    double OutDegreeStd,
    int OutDegreeMax,
    double OutDegreeGini,
    int ZeroInDegree,
    int ZeroOutDegree,
    double StrengthGini,
    double DegreeAssortativity,
    double WeightAbsMean,
    double WeightAbsP50,
    double WeightAbsP90,
    double WeightAbsP99,
    double DormantFraction,
    WeightConcentration Concentration,
    double StrengthDegreeExponent
)
{
    /// <summary>Hidden neurons never active on the test set (`analyze --activity`); null when not measured.</summary>
    public int? FunctionallyDead { get; init; }

    /// <summary>A link is dormant when its |w| is below this fraction of the layer's largest |w|.</summary>
    public const double DormantThreshold = 0.01;

    /// <summary>Sparse hidden layer <paramref name="hidden"/> (0-based) of <paramref name="network"/>; O(links log
    /// links).</summary>
    public static LayerStructure Of(Network network, int hidden)
    {
        if (hidden < 0 || hidden >= network.Layers.Count - 1)
            throw new ArgumentOutOfRangeException(
                nameof(hidden),
                $"the network has {network.Layers.Count - 1} sparse layers"
            );
        Layer layer = network.Layers[hidden];
        LayerTopology t = layer.Topology;
        double[] inDegree = new double[t.Outputs];
        double[] inStrength = new double[t.Outputs];
        for (int o = 0; o < t.Outputs; o++)
        {
            inDegree[o] = t.InDegree(o);
            for (int link = t.RowOffsets[o]; link < t.RowOffsets[o + 1]; link++)
                inStrength[o] += Math.Abs(layer.Weights[link]);
        }
        double[] outDegree = new double[t.Inputs];
        for (int i = 0; i < t.Inputs; i++)
            outDegree[i] = t.OutDegree(i);

        // Assortativity: Pearson correlation, over the links, of the degrees of the two neurons each link joins.
        var linkInputDegree = new double[t.LinkCount];
        var linkOutputDegree = new double[t.LinkCount];
        for (int link = 0; link < t.LinkCount; link++)
        {
            linkInputDegree[link] = outDegree[t.Columns[link]];
            linkOutputDegree[link] = inDegree[t.Rows[link]];
        }

        float[] magnitudes = layer.Weights.Select(MathF.Abs).ToArray();
        Array.Sort(magnitudes);
        double largest = magnitudes.Length == 0 ? 0 : magnitudes[^1];
        int dormant = 0;
        foreach (float m in magnitudes)
        {
            if (m < DormantThreshold * largest)
                dormant++;
            else
                break;
        }
        double magnitudeSum = 0;
        foreach (float m in magnitudes)
            magnitudeSum += m;

        return new LayerStructure(
            hidden + 1,
            t.Inputs,
            t.Outputs,
            t.LinkCount,
            network.ActiveNeurons(hidden),
            Statistics.Mean(inDegree),
            Statistics.PopulationStd(inDegree),
            (int)inDegree.DefaultIfEmpty().Max(),
            Statistics.Gini(inDegree),
            Statistics.Mean(outDegree),
            Statistics.PopulationStd(outDegree),
            (int)outDegree.DefaultIfEmpty().Max(),
            Statistics.Gini(outDegree),
            inDegree.Count(d => d == 0),
            outDegree.Count(d => d == 0),
            Statistics.Gini(inStrength),
            Statistics.Pearson(linkInputDegree, linkOutputDegree),
            magnitudes.Length == 0 ? double.NaN : magnitudeSum / magnitudes.Length,
            Statistics.Quantile(magnitudes, 0.50),
            Statistics.Quantile(magnitudes, 0.90),
            Statistics.Quantile(magnitudes, 0.99),
            magnitudes.Length == 0 ? double.NaN : (double)dormant / magnitudes.Length,
            WeightConcentration.Of(layer.Weights),
            StrengthDegree.Exponent(inDegree, inStrength)
        );
    }
}
