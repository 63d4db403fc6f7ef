using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

/// <summary>
/// `--method set` and `--chain-removal` through the real <see cref="Trainer"/>: the engines (reference, fast CPU
/// path, ILGPU CPU accelerator) reach the same topology after every update, a run interrupted mid-epoch resumes from
/// its checkpoint file bit for bit, and chain removal takes more links than the rule alone while every layer keeps
/// its count.
/// </summary>
public sealed class TopologyMethodTrainingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The second layer (24 links over 12 × 10 neurons) strands neurons when ζ of its links go.</summary>
    private static readonly TrainingSettings Small = SmallTrainerRuns.Settings;

    public static TheoryData<string, bool> Methods() =>
        new()
        {
            { "set", false },
            { "set", true },
            { "rlr", true },
            { "ch3l3", true },
        };

    [Theory]
    [MemberData(nameof(Methods))]
    public void The_engines_reach_the_same_topology_after_every_update(string method, bool chain)
    {
        var (train, test) = SmallTrainerRuns.Data(_temp.Path);
        TrainingSettings settings = Small with { Regrowth = method, ChainRemoval = chain };
        var runs = new[] { "reference", "cpu", "ilgpu-cpu" }.ToDictionary(
            name => name,
            name => SmallTrainerRuns.Train(name, settings, train, test)
        );
        RecordedEpochs reference = runs["reference"];
        foreach (string name in new[] { "cpu", "ilgpu-cpu" })
        {
            RecordedEpochs other = runs[name];
            for (int epoch = 0; epoch < settings.Epochs; epoch++)
            {
                for (int k = 0; k < 3; k++)
                    Assert.Equal(
                        reference.Networks[epoch].Layers[k].Topology.Keys(),
                        other.Networks[epoch].Layers[k].Topology.Keys()
                    );
                AssertClose.Value(
                    reference.Metrics[epoch].TestLoss,
                    other.Metrics[epoch].TestLoss,
                    Tolerance.Loss,
                    $"{name}, epoch {epoch + 1} test loss"
                );
            }
            for (int k = 0; k < 3; k++)
                AssertClose.All(
                    reference.Networks[^1].Layers[k].Weights.Select(w => (double)w).ToArray(),
                    other.Networks[^1].Layers[k].Weights.Select(w => (double)w).ToArray(),
                    new Tolerance(1e-5, 1e-3),
                    $"{name}, layer {k + 1} final weights"
                );
        }
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void An_interrupted_set_run_with_chain_removal_resumes_bit_for_bit_from_its_checkpoint(string engine)
    {
        var (train, test) = SmallTrainerRuns.Data(_temp.Path);
        TrainingSettings settings = Small with { Regrowth = "set", SetZeta = 0.4, ChainRemoval = true };
        SmallTrainerRuns.AssertInterruptedRunResumesBitForBit(
            engine,
            settings,
            train,
            test,
            _temp.File("set.ckpt"),
            (interrupted, restored) =>
            {
                Assert.Equal((1, 2 * 16), (interrupted.CompletedEpochs, interrupted.NextSample));
                Assert.Equal((0.4, true), (restored.Settings.SetZeta, restored.Settings.ChainRemoval));
            }
        );
    }

    [Fact]
    public void Chain_removal_takes_more_than_the_rule_and_every_layer_keeps_its_links()
    {
        var (train, test) = SmallTrainerRuns.Data(_temp.Path);
        TrainingSettings plain = Small with { Regrowth = "rlr", Epochs = 4 },
            chained = plain with { ChainRemoval = true };
        RecordedEpochs withChain = SmallTrainerRuns.Train("cpu", chained, train, test);
        RecordedEpochs without = SmallTrainerRuns.Train("cpu", plain, train, test);

        int[] links = without.Metrics[0].Layers.Select(l => l.Links).ToArray();
        Assert.All(withChain.Metrics, m => Assert.Equal(links, m.Layers.Select(l => l.Links).ToArray()));
        Assert.All(withChain.Metrics, m => Assert.All(m.Layers, l => Assert.Equal(l.Removed, l.Regrown)));
        Assert.All(
            without.Metrics.Skip(1),
            m => Assert.All(m.Layers, l => Assert.Equal(TopologyEditor.RemovalCount(l.Links, 0.3), l.Removed))
        );
        // A first-layer neuron whose few outgoing links all go takes its ~150 inputs with it.
        Assert.Contains(
            withChain.Metrics.Skip(1),
            m => m.Layers[0].Removed > TopologyEditor.RemovalCount(m.Layers[0].Links, 0.3)
        );
        Assert.NotEqual(without.Rows, withChain.Rows);
    }
}
