using SparseGpu.Engines;
using SparseGpu.Engines.Reference;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// Inverted dropout keeps each unit with probability 1 − P and scales a kept one by 1/(1 − P): the empirical keep
/// rate over many units, and over each neuron's and each sample's units, lies within a binomial bound of 1 − P
/// (the conformance tests show every engine applies exactly these masks).
/// </summary>
public sealed class DropoutMaskStatisticsTests
{
    private const int Samples = 800,
        Neurons = 600;

    /// <summary>Five standard deviations: a correct (random-looking) mask would fail one of the ~5600 checks with
    /// probability below 1%; a wrong threshold or a mask shared by a whole row or column fails many.</summary>
    private const double Sigmas = 5.0;

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void The_keep_rate_is_one_minus_p_within_a_binomial_bound_and_kept_units_are_scaled(double rate)
    {
        const double value = 1.5;
        double[][] ones = Enumerable
            .Range(0, Samples)
            .Select(_ => Enumerable.Repeat(value, Neurons).ToArray())
            .ToArray();
        // A batch that starts inside the epoch, of the second hidden layer, as training draws it.
        double[][] dropped = ReferenceMath.Dropout(ones, new EpochDropout(rate, Seed: 23, Epoch: 4).Mask(1, 160));

        double keep = 1 - rate;
        double scaled = value * (float)(1 / keep);
        Assert.Equal(0, dropped.SelectMany(row => row).Count(v => v != 0 && v != scaled)); // dropped or scaled
        Assert.Equal(value / keep, scaled, 6);

        AssertBinomial(dropped.SelectMany(row => row).Count(v => v != 0), Samples * Neurons, keep, "all units");
        for (int j = 0; j < Neurons; j++)
            AssertBinomial(dropped.Count(row => row[j] != 0), Samples, keep, $"neuron {j}");
        for (int b = 0; b < Samples; b++)
            AssertBinomial(dropped[b].Count(v => v != 0), Neurons, keep, $"sample {b}");
    }

    private static void AssertBinomial(int kept, int trials, double keep, string what)
    {
        double deviation = Math.Abs(kept - trials * keep);
        double bound = Sigmas * Math.Sqrt(trials * keep * (1 - keep));
        Assert.True(deviation <= bound, $"{what}: kept {kept} of {trials}, expected {trials * keep} ± {bound:F1}");
    }
}
