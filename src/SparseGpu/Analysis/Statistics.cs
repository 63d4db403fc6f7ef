namespace SparseGpu.Analysis;

/// <summary>The summary statistics of the structure tables, each defined as in the README.</summary>
public static class Statistics
{
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.Length == 0)
            return double.NaN;
        double sum = 0;
        foreach (double v in values)
            sum += v;
        return sum / values.Length;
    }

    /// <summary>Population standard deviation (divides by n, as numpy.std does by default).</summary>
    public static double PopulationStd(ReadOnlySpan<double> values)
    {
        if (values.Length == 0)
            return double.NaN;
        double mean = Mean(values),
            sum = 0;
        foreach (double v in values)
            sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / values.Length);
    }

    /// <summary>
    /// Gini coefficient of non-negative values: Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx) over the values sorted ascending
    /// (i = 1..n). 0 when all are equal (or all zero), approaching 1 when one value holds everything.
    /// </summary>
    public static double Gini(double[] values)
    {
        if (values.Length == 0)
            return double.NaN;
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        double total = 0,
            weighted = 0;
        int n = sorted.Length;
        for (int i = 0; i < n; i++)
        {
            total += sorted[i];
            weighted += (2.0 * (i + 1) - n - 1) * sorted[i];
        }
        return total == 0 ? 0 : weighted / (n * total);
    }

    /// <summary>
    /// The q-quantile (q in [0, 1]) of values already sorted ascending, by linear interpolation between the order
    /// statistics at position q·(n − 1) (numpy.percentile's default).
    /// </summary>
    public static double Quantile(ReadOnlySpan<float> sortedAscending, double q)
    {
        if (sortedAscending.Length == 0)
            return double.NaN;
        double position = q * (sortedAscending.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sortedAscending.Length - 1);
        double fraction = position - below;
        return sortedAscending[below] + fraction * ((double)sortedAscending[above] - sortedAscending[below]);
    }

    /// <summary>Pearson correlation of paired values; NaN when either side has no spread or fewer than two
    /// pairs.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count)
            throw new ArgumentException("paired values must have equal counts");
        int n = x.Count;
        if (n < 2)
            return double.NaN;
        double mx = 0,
            my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0,
            sxx = 0,
            syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx,
                dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Spearman rank correlation: Pearson of the ranks, ties given their mean rank.</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => Pearson(Ranks(x), Ranks(y));

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        int[] order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        double[] ranks = new double[values.Count];
        for (int start = 0; start < order.Length; )
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
                end++;
            double rank = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++)
                ranks[order[i]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>log(e^a + e^b) without overflow; −∞ is the log of zero.</summary>
    public static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
            return b;
        if (double.IsNegativeInfinity(b))
            return a;
        double max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
