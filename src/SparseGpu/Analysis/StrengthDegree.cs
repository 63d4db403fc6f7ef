namespace SparseGpu.Analysis;

/// <summary>
/// The strength-degree exponent β of s ∝ k^β (Barrat et al. 2004): the least-squares slope of ln s on ln k over the
/// neurons with in-degree k ≥ 1 and in-strength s = Σ|w| of their incoming links above 0. β = 1 when a neuron's
/// links are as strong whatever its degree; β &gt; 1 when hubs collect the strong links as well.
/// </summary>
public static class StrengthDegree
{
    /// <summary>β, or NaN when fewer than two distinct degrees take part (no slope to fit).</summary>
    public static double Exponent(IReadOnlyList<double> inDegree, IReadOnlyList<double> inStrength)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < inDegree.Count; i++)
        {
            if (inDegree[i] < 1 || !(inStrength[i] > 0))
                continue;
            x.Add(Math.Log(inDegree[i]));
            y.Add(Math.Log(inStrength[i]));
        }
        if (x.Distinct().Count() < 2)
            return double.NaN;
        double meanX = x.Average(),
            meanY = y.Average();
        double covariance = 0,
            variance = 0;
        for (int i = 0; i < x.Count; i++)
        {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            variance += (x[i] - meanX) * (x[i] - meanX);
        }
        return covariance / variance;
    }
}
