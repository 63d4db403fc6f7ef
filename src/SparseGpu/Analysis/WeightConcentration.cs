namespace SparseGpu.Analysis;

/// <summary>
/// How much of a layer's weight the largest links carry: the measures that say whether removing the small links
/// can be harmless. "Top q" is the links that survive removal of the ⌊(1−q)·L⌋ smallest |w| of the layer's L links
/// (ties by position), exactly the links `robustness --perturbations reverse-weight-order` keeps at level 1−q, so
/// <see cref="SquareShareTop20"/> is the share of Σw² that smallest-first removal of 80% leaves.
/// </summary>
/// <param name="SquareSum">Σw² over the layer's links.</param>
/// <param name="ParticipationRatio">(Σw²)²/Σw⁴: the effective number of links (L when all |w| are equal, 1 when one
/// link holds all the weight).</param>
/// <param name="AbsGini">Gini coefficient of |w|.</param>
public sealed record WeightConcentration(
    double SquareSum,
    double SquareShareTop10,
    double SquareShareTop20,
    double SquareShareTop50,
    double AbsShareTop10,
    double AbsShareTop20,
    double AbsShareTop50,
    double ParticipationRatio,
    double AbsGini
)
{
    /// <summary>The fractions of links whose shares are reported.</summary>
    public static readonly double[] TopFractions = [0.1, 0.2, 0.5];

    /// <summary>The measures of one layer's weights; NaN where the layer has no links or no weight at all.</summary>
    public static WeightConcentration Of(ReadOnlySpan<float> weights)
    {
        double[] magnitudes = new double[weights.Length];
        for (int i = 0; i < weights.Length; i++)
            magnitudes[i] = Math.Abs((double)weights[i]);
        // Descending, so prefix sums are the top links' sums; equal magnitudes keep no particular order, which
        // changes no sum.
        Array.Sort(magnitudes, (a, b) => b.CompareTo(a));
        double abs = 0,
            square = 0,
            fourth = 0;
        foreach (double m in magnitudes)
        {
            abs += m;
            square += m * m;
            fourth += m * m * m * m;
        }
        double Share(double q, bool squared)
        {
            if (magnitudes.Length == 0)
                return double.NaN;
            double total = squared ? square : abs;
            if (total == 0)
                return double.NaN;
            int kept = Kept(magnitudes.Length, q);
            double top = 0;
            for (int i = 0; i < kept; i++)
                top += squared ? magnitudes[i] * magnitudes[i] : magnitudes[i];
            return top / total;
        }
        return new WeightConcentration(
            square,
            Share(0.1, squared: true),
            Share(0.2, squared: true),
            Share(0.5, squared: true),
            Share(0.1, squared: false),
            Share(0.2, squared: false),
            Share(0.5, squared: false),
            fourth == 0 ? double.NaN : square * square / fourth,
            magnitudes.Length == 0 ? double.NaN : Statistics.Gini(magnitudes)
        );
    }

    /// <summary>The links in the top <paramref name="q"/> of <paramref name="links"/>: those left after removing
    /// ⌊(1−q)·links⌋, counted as every fraction-levelled perturbation counts.</summary>
    public static int Kept(int links, double q) => links - (int)Math.Floor((1 - q) * links + 1e-9);
}
