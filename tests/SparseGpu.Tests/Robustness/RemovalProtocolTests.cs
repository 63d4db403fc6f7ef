using SparseGpu.Jobs;
using SparseGpu.Model;
using SparseGpu.Robustness;
using SparseGpu.Runs;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// The removal protocols beyond the nested per-layer one: --relative (each level a step on the network the previous
/// one left) and --order global (one |w| ranking over every perturbed layer).
/// </summary>
public sealed class RemovalProtocolTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private RobustnessResult Run(string output, string perturbations, bool relative, LinkOrder order) =>
        RobustnessJob.Run(
            new RobustnessRequest
            {
                Models = [fixture.Model],
                Perturbations = perturbations,
                Levels = "0:1:0.25",
                Repeats = 3,
                Relative = relative,
                Order = order,
                Device = "cpu",
                DataDirectory = fixture.DataDirectory,
                AllowDownload = false,
                OutDirectory = fixture.Scratch(output),
            },
            SilentReporter.Instance,
            null,
            CancellationToken.None
        );

    [Fact]
    public void Relative_random_removal_without_retraining_gives_exactly_the_nested_random_sets_accuracies()
    {
        // The invariant: iterated-of-remaining random removal at matched totals is the nested random
        // removal, result for result; only the fraction of the remaining column tells them apart.
        RobustnessResult nested = Run("nested", "random", relative: false, LinkOrder.PerLayer);
        RobustnessResult relative = Run("relative", "random", relative: true, LinkOrder.PerLayer);
        Assert.Equal(15, nested.Records.Count);
        Assert.Equal(nested.Records.Count, relative.Records.Count);
        foreach (var (a, b) in nested.Records.Zip(relative.Records))
        {
            Assert.Equal((a.Level, a.Repeat), (b.Level, b.Repeat));
            Assert.Equal(a.Accuracy, b.Accuracy);
            Assert.Equal(a.Loss, b.Loss);
            Assert.Equal(a.LinksRemaining, b.LinksRemaining);
            Assert.Equal(a.ActiveNeurons, b.ActiveNeurons);
            Assert.True(double.IsNaN(a.FractionOfRemaining));
        }
        // Each step removes its share of what remained: 1/4 of all, then 1/3, 1/2 and all of the rest (up to the
        // per-layer rounding of ⌊f·links⌋).
        double[] shares = [0, 0.25, 1.0 / 3, 0.5, 1];
        foreach (RobustnessRecord r in relative.Records)
            Assert.Equal(shares[(int)Math.Round(r.Level * 4)], r.FractionOfRemaining, 0.02);
        string[] lines = File.ReadAllLines(relative.RecordsFile);
        Assert.EndsWith(",fraction_of_remaining", lines[0]);
        Assert.Equal(relative.Records, RobustnessCsv.Read(relative.RecordsFile));
    }

    [Fact]
    public void Relative_weight_order_removal_re_ranks_by_the_remaining_weights_and_keeps_its_totals()
    {
        RobustnessResult nested = Run("nested-w", "reverse-weight-order", relative: false, LinkOrder.PerLayer);
        RobustnessResult relative = Run("relative-w", "reverse-weight-order", relative: true, LinkOrder.PerLayer);
        // Without compensation the remaining weights keep their trained values, so re-ranking them picks the same
        // smallest links: the same links remain at every level, and so the same accuracies.
        Assert.Equal(nested.Records.Select(r => r.LinksRemaining), relative.Records.Select(r => r.LinksRemaining));
        Assert.Equal(nested.Records.Select(r => r.Accuracy), relative.Records.Select(r => r.Accuracy));
        Assert.All(relative.Records.Where(r => r.Level > 0), r => Assert.InRange(r.FractionOfRemaining, 0.2, 1));
    }

    /// <summary>Two sparse layers of four links, the first with |w| 10 to 13, the second 0.1 to 0.4, and a dense
    /// read-out (outside the scope).</summary>
    private static Network TwoScales()
    {
        static Layer Layer(int inputs, int outputs, float[] weights, bool relu)
        {
            LayerTopology t =
                inputs * outputs == weights.Length
                    ? LayerTopology.Dense(inputs, outputs)
                    : throw new ArgumentException();
            return new Layer(t, weights, new float[t.LinkCount], new float[outputs], new float[outputs], relu, relu);
        }
        return new Network([
            Layer(2, 2, [10, -13, 11, -12], relu: true),
            Layer(2, 2, [-0.3f, 0.1f, 0.4f, -0.2f], relu: true),
            Layer(2, 1, [1, 1], relu: false),
        ]);
    }

    private static float[][] Weights(Network n) => n.Layers.Select(l => l.Weights).ToArray();

    [Fact]
    public void A_global_order_ranks_every_perturbed_layer_together_where_per_layer_ranks_each_alone()
    {
        Network trained = TwoScales();
        double[] levels = [0, 0.25, 0.5, 1];
        var global = new PerturbationOptions(Order: LinkOrder.Global);
        List<Network> largestGlobal = DamageRecorder.Networks(
            Perturbations.WeightOrder,
            trained,
            levels,
            options: global
        );
        List<Network> largestPerLayer = DamageRecorder.Networks(Perturbations.WeightOrder, trained, levels);
        List<Network> smallestGlobal = DamageRecorder.Networks(
            Perturbations.ReverseWeightOrder,
            trained,
            levels,
            options: global
        );
        // Global, largest first: the large-scale layer goes first, two links at 0.25 (13, 12), all four at 0.5.
        Assert.Equal(
            [
                [10, 11],
                [-0.3f, 0.1f, 0.4f, -0.2f],
                [1, 1],
            ],
            Weights(largestGlobal[1])
        );
        Assert.Equal(
            [
                [],
                [-0.3f, 0.1f, 0.4f, -0.2f],
                [1, 1],
            ],
            Weights(largestGlobal[2])
        );
        // Per layer: each layer loses its own largest half at 0.5.
        Assert.Equal(
            [
                [10, 11],
                [0.1f, -0.2f],
                [1, 1],
            ],
            Weights(largestPerLayer[2])
        );
        // Global, smallest first: the small-scale layer goes first.
        Assert.Equal(
            [
                [10, -13, 11, -12],
                [],
                [1, 1],
            ],
            Weights(smallestGlobal[2])
        );
        Assert.All(
            [largestGlobal[3], largestPerLayer[3], smallestGlobal[3]],
            n => Assert.Equal(2, n.Layers.Sum(l => l.LinkCount))
        );
    }
}
