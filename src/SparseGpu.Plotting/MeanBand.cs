namespace SparseGpu.Plotting;

/// <summary>A curve as the mean of several samples per x, with ±1 standard deviation and the sample count per
/// x.</summary>
public sealed record MeanBand(double[] X, double[] Mean, double[] Std, int[] Samples)
{
    /// <summary>Mean and sample standard deviation (0 for a single sample) of each x's values, x ascending.</summary>
    public static MeanBand From(IEnumerable<(double X, double Value)> samples)
    {
        var groups = samples.GroupBy(s => s.X).OrderBy(g => g.Key).ToList();
        double[] x = groups.Select(g => g.Key).ToArray();
        double[] mean = groups.Select(g => g.Average(s => s.Value)).ToArray();
        double[] std = groups
            .Select(
                (g, i) =>
                {
                    int n = g.Count();
                    return n < 2 ? 0.0 : Math.Sqrt(g.Sum(s => (s.Value - mean[i]) * (s.Value - mean[i])) / (n - 1));
                }
            )
            .ToArray();
        return new MeanBand(x, mean, std, groups.Select(g => g.Count()).ToArray());
    }

    public bool HasBand => Std.Any(s => s > 0);

    public double Low => X.Select((_, i) => Mean[i] - Std[i]).Min();

    public double High => X.Select((_, i) => Mean[i] + Std[i]).Max();
}
