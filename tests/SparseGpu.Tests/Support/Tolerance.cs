namespace SparseGpu.Tests.Support;

/// <summary>A comparison is within tolerance when |actual − expected| ≤ Absolute + Relative·|expected|.</summary>
public readonly record struct Tolerance(double Absolute, double Relative)
{
    /// <summary>float32 forward values against the double reference.</summary>
    public static readonly Tolerance Forward = new(2e-5, 2e-4);

    /// <summary>float32 gradients (sums over the batch) against the double reference.</summary>
    public static readonly Tolerance Gradient = new(2e-6, 2e-3);

    /// <summary>Parameters after one or two float32 SGD steps against the double reference.</summary>
    public static readonly Tolerance Parameters = new(1e-6, 1e-4);

    /// <summary>Mean losses over a data set.</summary>
    public static readonly Tolerance Loss = new(1e-5, 1e-4);

    /// <summary>Reference backward pass against central finite differences, both in double.</summary>
    public static readonly Tolerance FiniteDifference = new(1e-8, 1e-5);

    public bool Accepts(double expected, double actual) =>
        Math.Abs(actual - expected) <= Absolute + Relative * Math.Abs(expected);
}
