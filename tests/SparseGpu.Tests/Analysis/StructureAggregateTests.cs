using SparseGpu.Analysis;
using SparseGpu.Sweeps;

namespace SparseGpu.Tests.Analysis;

public sealed class StructureAggregateTests
{
    [Fact]
    public void Method_rows_are_the_mean_and_sample_std_over_the_seeds()
    {
        var models = new[] { 1, 2, 3 }
            .Select(seed => new AnalyzedModel(
                $"m{seed}",
                "rlr",
                "mnist",
                (ulong)seed,
                HandBuiltNetworks.Build(HandBuiltNetworks.Random([12, 8, 6, 3], 0.3, seed))
            ))
            .Append(
                new AnalyzedModel(
                    "c1",
                    "ch3l3",
                    "mnist",
                    1,
                    HandBuiltNetworks.Build(HandBuiltNetworks.Random([12, 8, 6, 3], 0.3, 9))
                )
            )
            .ToList();
        var layers = models
            .SelectMany(m => Enumerable.Range(0, 2).Select(k => (m, LayerStructure.Of(m.Network, k))))
            .ToList();
        List<StructureMethodRow> rows = StructureAggregate.ByMethod(layers);
        Assert.Equal([("ch3l3", 1), ("ch3l3", 2), ("rlr", 1), ("rlr", 2)], rows.Select(r => (r.Method, r.Layer)));
        StructureMethodRow rlr2 = rows[3];
        Assert.Equal(3, rlr2.Models);
        int gini = StructureAggregate.Columns.ToList().FindIndex(c => c.Name == "in_degree_gini");
        double[] values = models.Take(3).Select(m => LayerStructure.Of(m.Network, 1).InDegreeGini).ToArray();
        double mean = values.Average();
        Assert.Equal(mean, rlr2.Values[gini].Mean, 12);
        Assert.Equal(Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / 2), rlr2.Values[gini].Std, 12);
        Assert.Equal(0, rows[0].Values[gini].Std); // one model
    }
}
