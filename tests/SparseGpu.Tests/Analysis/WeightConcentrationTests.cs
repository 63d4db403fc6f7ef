using SparseGpu.Analysis;
using SparseGpu.Model;
using SparseGpu.Robustness;

namespace SparseGpu.Tests.Analysis;

/// <summary>The weight-concentration measures of structure.csv: closed forms on weight laws where they are known,
/// hand computations, and the link between "top 20%" and what smallest-first removal of 80% keeps.</summary>
public sealed class WeightConcentrationTests
{
    /// <summary>|w| at the mid-quantiles of a law: the sample whose shares converge to the law's at rate 1/n.</summary>
    private static float[] Quantiles(int n, Func<double, double> inverseCdf) =>
        Enumerable.Range(0, n).Select(i => (float)((i % 2 == 0 ? 1 : -1) * inverseCdf((i + 0.5) / n))).ToArray();

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void Uniform_weights_give_the_closed_form_shares(double q)
    {
        // |w| ~ U(0, 1): the top q of the links carry 1 − (1−q)² of Σ|w| and 1 − (1−q)³ of Σw²; the participation
        // ratio is (E w²)² / E w⁴ · n = (1/9)/(1/5) · n, the Gini coefficient 1/3.
        const int n = 200_000;
        WeightConcentration c = WeightConcentration.Of(Quantiles(n, u => u));
        Assert.Equal(1 - Math.Pow(1 - q, 2), Abs(c, q), 4);
        Assert.Equal(1 - Math.Pow(1 - q, 3), Square(c, q), 4);
        Assert.Equal(5.0 / 9, c.ParticipationRatio / n, 4);
        Assert.Equal(1.0 / 3, c.AbsGini, 4);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void Exponential_weights_give_the_closed_form_shares(double q)
    {
        // |w| ~ Exp(1): the top q lie above t = −ln q; ∫ₜ^∞ x e^(−x) dx = q(1 − ln q) and
        // ∫ₜ^∞ x² e^(−x) dx / E w² = q(ln²q − 2 ln q + 2)/2; participation ratio (2)²/24 · n; Gini 1/2.
        const int n = 400_000;
        WeightConcentration c = WeightConcentration.Of(Quantiles(n, u => -Math.Log(1 - u)));
        double lnQ = Math.Log(q);
        Assert.Equal(q * (1 - lnQ), Abs(c, q), 3);
        Assert.Equal(q * (lnQ * lnQ - 2 * lnQ + 2) / 2, Square(c, q), 3);
        Assert.Equal(1.0 / 6, c.ParticipationRatio / n, 2);
        Assert.Equal(0.5, c.AbsGini, 3);
    }

    [Fact]
    public void A_small_layer_by_hand()
    {
        WeightConcentration c = WeightConcentration.Of([3f, -1f, 2f, 0.5f, -4f]);
        double square = 9 + 1 + 4 + 0.25 + 16;
        Assert.Equal(square, c.SquareSum, 12);
        // 5 links: the top 10% and 20% keep 5 − ⌊0.9·5⌋ = 1 and 5 − ⌊0.8·5⌋ = 1 link, the top 50% 5 − 2 = 3.
        Assert.Equal(16 / square, c.SquareShareTop10, 12);
        Assert.Equal(16 / square, c.SquareShareTop20, 12);
        Assert.Equal((16 + 9 + 4) / square, c.SquareShareTop50, 12);
        Assert.Equal((4 + 3 + 2) / 10.5, c.AbsShareTop50, 12);
        Assert.Equal(square * square / (81 + 1 + 16 + 0.0625 + 256), c.ParticipationRatio, 12);
    }

    [Fact]
    public void Equal_weights_are_all_effective_and_one_weight_is_one_link()
    {
        Assert.Equal(7, WeightConcentration.Of(Enumerable.Repeat(-0.3f, 7).ToArray()).ParticipationRatio, 10);
        WeightConcentration one = WeightConcentration.Of([0f, 0f, 2.5f, 0f]);
        Assert.Equal(1, one.ParticipationRatio, 12);
        Assert.Equal(1, one.SquareShareTop20, 12);
        Assert.Equal(0.75, one.AbsGini, 12);
        WeightConcentration none = WeightConcentration.Of([]);
        Assert.True(double.IsNaN(none.SquareShareTop20) && double.IsNaN(none.ParticipationRatio));
        Assert.True(double.IsNaN(WeightConcentration.Of([0f, 0f]).SquareShareTop50));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void The_top_share_is_what_smallest_first_removal_keeps(double q)
    {
        // The measure the compressibility prediction uses: the Σw² the layers keep after reverse-weight-order removal
        // of 1 − q of their links, computed through the perturbation itself.
        Network network = HandBuiltNetworks.Build(HandBuiltNetworks.Random([40, 37, 23, 5], 0.3, 11));
        var plan = new PerturbationPlan(network, Perturbations.ReverseWeightOrder, PerturbationScope.Sparse, 3, 0);
        Network removed = plan.Apply(1, 1 - q);
        for (int k = 0; k < network.Layers.Count - 1; k++)
        {
            WeightConcentration c = WeightConcentration.Of(network.Layers[k].Weights);
            double kept = removed.Layers[k].Weights.Sum(w => (double)w * w);
            Assert.Equal(Square(c, q), kept / c.SquareSum, 12);
        }
    }

    [Fact]
    public void The_strength_degree_exponent_recovers_a_power_law_and_needs_two_degrees()
    {
        double[] degrees = [1, 2, 3, 5, 8, 13, 0];
        double[] strengths = degrees.Select(k => 0.7 * Math.Pow(k, 1.35)).ToArray();
        strengths[^1] = 4; // a neuron without links takes no part, whatever its strength says
        Assert.Equal(1.35, StrengthDegree.Exponent(degrees, strengths), 10);
        Assert.True(double.IsNaN(StrengthDegree.Exponent([2, 2, 2], [1, 2, 3])));
        Assert.True(double.IsNaN(StrengthDegree.Exponent([1, 3], [0, 2])));
    }

    private static double Abs(WeightConcentration c, double q) =>
        q switch
        {
            0.1 => c.AbsShareTop10,
            0.2 => c.AbsShareTop20,
            _ => c.AbsShareTop50,
        };

    private static double Square(WeightConcentration c, double q) =>
        q switch
        {
            0.1 => c.SquareShareTop10,
            0.2 => c.SquareShareTop20,
            _ => c.SquareShareTop50,
        };
}
