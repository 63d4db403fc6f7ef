namespace SparseGpu;

/// <summary>Mean and sample standard deviation (0 for fewer than two values) of a set of measurements.</summary>
public readonly record struct MeanStd(double Mean, double Std, int Count)
{
    public static MeanStd Of(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        if (v.Length == 0)
            return new MeanStd(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double std = v.Length < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new MeanStd(mean, std, v.Length);
    }
}
