using SparseGpu.Data;
using SparseGpu.Model;
using SparseGpu.Tests.Data;
using SparseGpu.Training;

namespace SparseGpu.Tests.Model;

public sealed class CorrelatedTopologyTests
{
    // The hand image set's |C|, largest first: |C01| ≈ 0.983 > |C02| ≈ 0.730 > |C12| ≈ 0.690; the constant p3 and the
    // diagonal score 0. A link (input a → output b) of a 4 → 4 layer scores |C[a, b]|.
    private static CorrelatedTopology Hand() => new(4, PixelCorrelations.Of(PixelCorrelationsTests.HandImages()));

    private static (int Input, int Output)[] Links(LayerTopology t) =>
        Enumerable.Range(0, t.LinkCount).Select(l => (t.Columns[l], t.Rows[l])).OrderBy(l => l).ToArray();

    [Fact]
    public void The_links_are_the_pairs_of_largest_absolute_correlation()
    {
        // 4 links: both directions of the most correlated pair (0, 1), then of the anticorrelated pair (0, 2), which
        // enters by |C| (its C is negative, below the zeros of the diagonal and of the constant pixel).
        LayerTopology t = Hand().Draw(0, 4, 4, 4, seed: 1);
        Assert.Equal([(0, 1), (0, 2), (1, 0), (2, 0)], Links(t));
        // 6 links: the third pair (1, 2) as well; never a self-pair or the constant pixel.
        Assert.Equal([(0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1)], Links(Hand().Draw(0, 4, 4, 6, seed: 1)));
    }

    [Fact]
    public void A_tie_at_the_threshold_is_broken_by_the_seed_keeping_the_exact_count()
    {
        // 3 links: (0, 1) and (1, 0) above the threshold |C02|, then one of the tied (0, 2) and (2, 0).
        var seen = new HashSet<(int, int)>();
        for (ulong seed = 1; seed <= 20; seed++)
        {
            (int Input, int Output)[] links = Links(Hand().Draw(0, 4, 4, 3, seed));
            Assert.Equal(3, links.Length);
            Assert.Contains((0, 1), links);
            Assert.Contains((1, 0), links);
            (int, int) third = Assert.Single(links, l => l != (0, 1) && l != (1, 0));
            Assert.Contains(third, new[] { (0, 2), (2, 0) });
            seen.Add(third);
            Assert.Equal(links, Links(Hand().Draw(0, 4, 4, 3, seed)));
        }
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void Hidden_neurons_stand_for_their_pixel_modulo_the_pixel_count_in_every_layer()
    {
        // Hidden width 8 = 2 × 4 pixels (the reference's dimension 2): the first layer scores a → b by |C[a, b mod 4]|,
        // the next (8 → 8, inputs that are hidden neurons) by |C[a mod 4, b mod 4]|. Eight links take exactly the
        // copies of the pairs (0, 1) and (0, 2) in the first layer and of the pair (0, 1) in the second.
        CorrelatedTopology init = Hand();
        Assert.Equal(
            [(0, 1), (0, 2), (0, 5), (0, 6), (1, 0), (1, 4), (2, 0), (2, 4)],
            Links(init.Draw(0, 4, 8, 8, seed: 1))
        );
        Assert.Equal(
            [(0, 1), (0, 5), (1, 0), (1, 4), (4, 1), (4, 5), (5, 0), (5, 4)],
            Links(init.Draw(1, 8, 8, 8, seed: 1))
        );
    }

    [Fact]
    public void Fewer_correlated_pairs_than_links_fill_up_among_the_uncorrelated_pairs()
    {
        // 6 pairs have |C| > 0; 10 links take them and 4 of the 10 zero pairs (diagonal, constant pixel).
        LayerTopology t = Hand().Draw(0, 4, 4, 10, seed: 2);
        Assert.Equal(10, t.LinkCount);
        Assert.Equal(10, t.Keys().Distinct().Count());
        Assert.Superset(
            new HashSet<(int, int)>(Links(Hand().Draw(0, 4, 4, 6, seed: 1))),
            new HashSet<(int, int)>(Links(t))
        );
    }

    [Fact]
    public void Each_layer_of_a_network_keeps_its_exact_link_count()
    {
        var settings = new TrainingSettings
        {
            Init = InitialTopologies.Correlated,
            Hidden = [8, 4],
            Density = new Densities([0.3, 0.45]),
        };
        ImageSet images = PixelCorrelationsTests.HandImages();
        IInitialTopology init = InitialTopologies.For(settings, images);
        Network network = NetworkFactory.Create(settings.Shape(4, 2), 3, init);
        Assert.Equal([9, 14, 8], network.Layers.Select(l => l.LinkCount));
        // Layer 1 (4 → 8, 9 links): the copies of (0, 1) and (0, 2), and one of the four tied copies of (1, 2).
        (int, int)[] first = Links(network.Layers[0].Topology);
        Assert.Equal(
            8,
            first.Count(l => l is (0, 1) or (0, 5) or (1, 0) or (1, 4) or (0, 2) or (0, 6) or (2, 0) or (2, 4))
        );
        Assert.Single(first, l => l is (1, 2) or (1, 6) or (2, 1) or (2, 5));
        // Layer 2 (8 → 4, 14 links): all 12 pairs of non-zero |C[a mod 4, b]|, and 2 more.
        (int, int)[] correlated =
        [
            (0, 1),
            (4, 1),
            (1, 0),
            (5, 0),
            (0, 2),
            (4, 2),
            (2, 0),
            (6, 0),
            (1, 2),
            (5, 2),
            (2, 1),
            (6, 1),
        ];
        Assert.Equal(12, Links(network.Layers[1].Topology).Intersect(correlated).Count());
    }

    [Fact]
    public void Hidden_widths_that_do_not_tile_the_pixels_are_a_one_line_error()
    {
        var e = Assert.Throws<InvalidSettingException>(() =>
            InitialTopologies.For(
                new TrainingSettings { Init = InitialTopologies.Correlated, Hidden = [8, 6] },
                PixelCorrelationsTests.HandImages()
            )
        );
        Assert.Equal(
            "--init csti needs every hidden width to be a multiple of the 4 input pixels (hidden neuron j stands for "
                + "pixel j mod 4); hidden layer 2 has 6 neurons",
            e.Message
        );
        Assert.Throws<ArgumentException>(() => Hand().Draw(0, 4, 6, 3, seed: 1));
    }

    [Fact]
    public void Images_without_any_pixel_correlation_are_a_one_line_error_not_a_random_layer()
    {
        // Two pixels that never change: every pair would tie at 0 and csti would be er by another name.
        var flat = new ImageSet("flat", 1, 4, 2, [0, 9, 9, 9, 0, 9, 9, 9, 0, 9, 9, 9], [0, 1, 0]);
        var e = Assert.Throws<InvalidSettingException>(() =>
            InitialTopologies.For(new TrainingSettings { Init = InitialTopologies.Correlated, Hidden = [4] }, flat)
        );
        Assert.Equal("--init csti: the 3 training images give no two pixels a non-zero correlation", e.Message);
    }
}
