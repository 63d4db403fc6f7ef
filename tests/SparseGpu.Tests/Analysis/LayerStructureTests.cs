using SparseGpu.Analysis;
using SparseGpu.Model;

namespace SparseGpu.Tests.Analysis;

/// <summary>Every structure.csv column against an independent brute-force computation and hand-worked values.</summary>
public sealed class LayerStructureTests
{
    [Fact]
    public void Hand_worked_values_of_the_first_layer()
    {
        LayerStructure s = LayerStructure.Of(HandBuiltNetworks.Build(HandBuiltNetworks.Small), 0);
        Assert.Equal((1, 6, 4, 7), (s.Layer, s.Inputs, s.Outputs, s.Links));
        Assert.Equal(3, s.ActiveNeurons); // neuron 3 has inputs but no link into layer 2
        Assert.Equal(1.75, s.InDegreeMean, 12); // in-degrees 3, 2, 1, 1
        Assert.Equal(3, s.InDegreeMax);
        Assert.Equal(7.0 / 6, s.OutDegreeMean, 12); // out-degrees 2, 2, 1, 1, 1, 0
        Assert.Equal((0, 1), (s.ZeroInDegree, s.ZeroOutDegree));
        Assert.Equal(0.75, s.WeightAbsP50, 6); // |w| sorted: 0.001 0.25 0.5 0.75 1 1.5 2
        Assert.Equal(1.5 + 0.4 * 0.5, s.WeightAbsP90, 6);
        Assert.Equal(1.5 + 0.94 * 0.5, s.WeightAbsP99, 6);
        Assert.Equal(1.0 / 7, s.DormantFraction, 12); // only 0.001 < 1% of 2
        Assert.Equal(6.001 / 7, s.WeightAbsMean, 6);
    }

    [Fact]
    public void Second_layer_counts_its_dead_neuron()
    {
        LayerStructure s = LayerStructure.Of(HandBuiltNetworks.Build(HandBuiltNetworks.Small), 1);
        Assert.Equal(2, s.ActiveNeurons);
        Assert.Equal(1, s.ZeroInDegree);
        Assert.Equal(1, s.ZeroOutDegree); // layer-1 neuron 3
    }

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_column_matches_a_brute_force_computation(int seed)
    {
        IReadOnlyList<HandLayer> hand = HandBuiltNetworks.Random([13, 9, 11, 3], 0.3, seed);
        Network network = HandBuiltNetworks.Build(hand);
        for (int k = 0; k < 2; k++)
        {
            LayerStructure s = LayerStructure.Of(network, k);
            HandLayer h = hand[k];
            double[] inDegree = Enumerable
                .Range(0, h.Outputs)
                .Select(o => (double)h.Links.Count(l => l.Output == o))
                .ToArray();
            double[] outDegree = Enumerable
                .Range(0, h.Inputs)
                .Select(i => (double)h.Links.Count(l => l.Input == i))
                .ToArray();
            double[] inStrength = Enumerable
                .Range(0, h.Outputs)
                .Select(o => h.Links.Where(l => l.Output == o).Sum(l => (double)Math.Abs(l.Weight)))
                .ToArray();
            Assert.Equal(h.Links.Count, s.Links);
            Assert.Equal(inDegree.Average(), s.InDegreeMean, 12);
            Assert.Equal(Std(inDegree), s.InDegreeStd, 12);
            Assert.Equal(inDegree.Max(), s.InDegreeMax);
            Assert.Equal(GiniByPairs(inDegree), s.InDegreeGini, 12);
            Assert.Equal(outDegree.Average(), s.OutDegreeMean, 12);
            Assert.Equal(Std(outDegree), s.OutDegreeStd, 12);
            Assert.Equal(outDegree.Max(), s.OutDegreeMax);
            Assert.Equal(GiniByPairs(outDegree), s.OutDegreeGini, 12);
            Assert.Equal(inDegree.Count(d => d == 0), s.ZeroInDegree);
            Assert.Equal(outDegree.Count(d => d == 0), s.ZeroOutDegree);
            Assert.Equal(GiniByPairs(inStrength), s.StrengthGini, 9);
            double[] x = h.Links.Select(l => outDegree[l.Input]).ToArray(),
                y = h.Links.Select(l => inDegree[l.Output]).ToArray();
            Assert.Equal(Correlation(x, y), s.DegreeAssortativity, 9);
            double[] magnitudes = h.Links.Select(l => (double)Math.Abs(l.Weight)).ToArray();
            Assert.Equal(magnitudes.Average(), s.WeightAbsMean, 6);
            Assert.Equal(NumpyPercentile(magnitudes, 50), s.WeightAbsP50, 6);
            Assert.Equal(NumpyPercentile(magnitudes, 90), s.WeightAbsP90, 6);
            Assert.Equal(NumpyPercentile(magnitudes, 99), s.WeightAbsP99, 6);
            Assert.Equal(
                magnitudes.Count(m => m < 0.01 * magnitudes.Max()) / (double)magnitudes.Length,
                s.DormantFraction,
                12
            );
            HandLayer next = hand[k + 1];
            int active = Enumerable
                .Range(0, h.Outputs)
                .Count(n => h.Links.Any(l => l.Output == n) && next.Links.Any(l => l.Input == n));
            Assert.Equal(active, s.ActiveNeurons);
        }
    }

    [Fact]
    public void Gini_of_known_distributions()
    {
        Assert.Equal(0, Statistics.Gini([3, 3, 3, 3]), 12);
        Assert.Equal(0.75, Statistics.Gini([0, 0, 0, 8]), 12); // (n − 1) / n for one holder of everything
        Assert.Equal(0, Statistics.Gini([0, 0]), 12);
        Assert.Equal(GiniByPairs([1, 2, 3, 10]), Statistics.Gini([10, 1, 3, 2]), 12);
    }

    [Fact]
    public void An_empty_layer_has_undefined_weight_statistics_and_no_links()
    {
        Network network = HandBuiltNetworks.Build([new HandLayer(3, 2, []), HandBuiltNetworks.Dense(2, 2, 1)]);
        LayerStructure s = LayerStructure.Of(network, 0);
        Assert.Equal((0, 0, 2, 3), (s.Links, s.ActiveNeurons, s.ZeroInDegree, s.ZeroOutDegree));
        Assert.True(double.IsNaN(s.WeightAbsMean) && double.IsNaN(s.WeightAbsP50) && double.IsNaN(s.DormantFraction));
        Assert.True(double.IsNaN(s.DegreeAssortativity));
        Assert.Equal(0, s.InDegreeGini);
    }

    private static double Std(double[] v) => Math.Sqrt(v.Select(x => (x - v.Average()) * (x - v.Average())).Average());

    /// <summary>Gini as the mean absolute difference over all ordered pairs, divided by twice the mean.</summary>
    private static double GiniByPairs(double[] v)
    {
        double mean = v.Average();
        if (mean == 0)
            return 0;
        double sum = 0;
        foreach (double a in v)
        foreach (double b in v)
            sum += Math.Abs(a - b);
        return sum / (2.0 * v.Length * v.Length * mean);
    }

    private static double Correlation(double[] x, double[] y)
    {
        double exy = x.Zip(y).Average(p => p.First * p.Second),
            ex = x.Average(),
            ey = y.Average();
        double vx = x.Average(a => a * a) - ex * ex,
            vy = y.Average(b => b * b) - ey * ey;
        return (exy - ex * ey) / Math.Sqrt(vx * vy);
    }

    private static double NumpyPercentile(double[] values, double percent)
    {
        double[] s = values.Order().ToArray();
        double rank = percent / 100 * (s.Length - 1);
        int lo = (int)rank;
        return lo + 1 < s.Length ? s[lo] + (rank - lo) * (s[lo + 1] - s[lo]) : s[lo];
    }
}
