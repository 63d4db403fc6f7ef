using SparseGpu.Analysis;
using SparseGpu.Data;
using SparseGpu.Model;

namespace SparseGpu.Tests.Analysis;

/// <summary>Link age and provenance on a hand-made sequence of topologies, and functionally dead units on a
/// hand-built network.</summary>
public sealed class LinkAgeAndActivityTests
{
    /// <summary>One 4 × 3 layer; a link's key is output·4 + input.</summary>
    private static LayerTopology Layer(params long[] keys) => LayerTopology.FromSortedKeys(4, 3, keys);

    [Fact]
    public void Ages_and_provenance_follow_the_sets_of_links()
    {
        var age = new LinkAge();
        LinkAgeMeasures first = age.Step(0, Layer(0, 1, 6, 11), followsPrevious: false)!;
        Assert.Equal((0.0, 0, 4.0 / 12), (first.AgeMean, first.AgeMax, first.EverUsedFraction));
        Assert.Null(first.RemovedGrownAtPreviousFraction);
        // Update 1 removes 1 and 11 and grows 5 and 8; there is no earlier update to have grown anything.
        Assert.Null(age.Step(1, Layer(0, 5, 6, 8), followsPrevious: true)!.RemovedGrownAtPreviousFraction);
        // Update 2 removes 5, which update 1 grew, and grows 9.
        Assert.Equal(1.0, age.Step(2, Layer(0, 6, 8, 9), followsPrevious: true)!.RemovedGrownAtPreviousFraction);
        // Update 3 removes 8, grown by update 1, not 2; grows 10. Ages: 0 and 6 since 0, 9 since 2, 10 new.
        LinkAgeMeasures third = age.Step(3, Layer(0, 6, 9, 10), followsPrevious: true)!;
        Assert.Equal(0.0, third.RemovedGrownAtPreviousFraction);
        Assert.Equal((1.75, 2.0, 3), (third.AgeMean, third.AgeMedian, third.AgeMax));
        Assert.Equal([(0, 1), (1, 1), (3, 2)], third.AgeDistribution);
        Assert.Equal(8.0 / 12, third.EverUsedFraction);
        // Link 1 comes back: it is young again, and the positions ever used do not grow.
        LinkAgeMeasures back = age.Step(4, Layer(0, 1, 6, 9), followsPrevious: true)!;
        Assert.Equal([(0, 1), (2, 1), (4, 2)], back.AgeDistribution);
        Assert.Equal(8.0 / 12, back.EverUsedFraction);
    }

    [Fact]
    public void A_missed_snapshot_or_a_late_start_makes_the_ages_unknown_from_then_on()
    {
        var age = new LinkAge();
        Assert.NotNull(age.Step(0, Layer(0, 1), followsPrevious: false));
        Assert.Null(age.Step(2, Layer(0, 2), followsPrevious: false));
        Assert.Null(age.Step(3, Layer(0, 3), followsPrevious: true));
        Assert.Null(new LinkAge().Step(1, Layer(0, 1), followsPrevious: false));
    }

    [Fact]
    public void A_unit_whose_pre_activation_is_never_positive_is_functionally_dead()
    {
        // Layer 1: neuron 0 sums pixels 0 and 1; neuron 1 subtracts pixel 2 with a negative bias (never active on
        // non-negative pixels); neuron 2 has no input but a positive bias (always active). Layer 2 reads only
        // neuron 1, so its neuron 0 never fires either; its neuron 1 has a positive weight from neuron 0.
        Network network = HandBuiltNetworks.Build([
            new HandLayer(3, 3, [new(0, 0, 1f), new(1, 0, 1f), new(2, 1, -1f)]),
            new HandLayer(3, 2, [new(1, 0, 5f), new(0, 1, 0.5f)]),
            HandBuiltNetworks.Dense(2, 2, 0.1f),
        ]);
        network.Layers[0].Bias[1] = -0.1f;
        network.Layers[0].Bias[2] = 0.2f;
        byte[] pixels = [0, 0, 9, 255, 0, 0, 10, 20, 255];
        var images = new ImageSet("hand", 1, 3, 2, pixels, [0, 1, 0]);
        Assert.Equal([1, 1], NeuronActivity.NeverActive(network, images));
        // The first image alone lights neither neuron 0 of layer 1 nor what it feeds.
        Assert.Equal([2, 2], NeuronActivity.NeverActive(network, images.Take(1)));
    }
}
