using SparseGpu.Data;

namespace SparseGpu.Tests.Data;

public sealed class PixelCorrelationsTests
{
    /// <summary>
    /// Four images of four pixels, pixel by pixel: p0 = 0,1,2,3; p1 = 0,1,2,4; p2 = 3,0,1,0; p3 = 5,5,5,5 (constant).
    /// By hand: p0 has mean 1.5 and Σ(x−x̄)² = 5, p1 mean 1.75 and 8.75, p2 mean 1 and 6; the cross sums are
    /// Σ(x0−x̄0)(x1−x̄1) = 6.5, Σ(x0−x̄0)(x2−x̄2) = −4, Σ(x1−x̄1)(x2−x̄2) = −5.
    /// </summary>
    public static ImageSet HandImages() =>
        new("hand", 1, 4, 2, [0, 0, 3, 5, 1, 1, 0, 5, 2, 2, 1, 5, 3, 4, 0, 5], [0, 1, 0, 1]);

    public static readonly double C01 = 6.5 / Math.Sqrt(5 * 8.75),
        C02 = -4 / Math.Sqrt(5 * 6),
        C12 = -5 / Math.Sqrt(8.75 * 6);

    [Fact]
    public void The_correlations_of_a_hand_made_image_set_are_the_hand_computed_ones()
    {
        double[] c = PixelCorrelations.Of(HandImages());
        double[] expected =
        [
            1,
            C01,
            C02,
            double.NaN,
            C01,
            1,
            C12,
            double.NaN,
            C02,
            C12,
            1,
            double.NaN,
            double.NaN,
            double.NaN,
            double.NaN,
            double.NaN,
        ];
        for (int i = 0; i < 16; i++)
            if (double.IsNaN(expected[i]))
                Assert.True(double.IsNaN(c[i]), $"entry {i}: a constant pixel has no correlation, got {c[i]}");
            else
                Assert.Equal(expected[i], c[i], 1e-14);
    }

    [Fact]
    public void Random_images_give_the_two_pass_pearson_correlation_exactly_symmetric()
    {
        // Sparse images (most pixels zero, as in MNIST) through the non-zero accumulation, against the textbook
        // two-pass formula in doubles over every pixel.
        var rng = new Random(7);
        int pixels = 30,
            count = 9000;
        byte[] data = new byte[pixels * count];
        for (int i = 0; i < data.Length; i++)
            data[i] = rng.NextDouble() < 0.6 ? (byte)0 : (byte)rng.Next(1, 256);
        var images = new ImageSet("random", 5, 6, 2, data, new byte[count]);
        double[] c = PixelCorrelations.Of(images);
        double[] mean = new double[pixels];
        for (int n = 0; n < count; n++)
        for (int a = 0; a < pixels; a++)
            mean[a] += data[n * pixels + a] / (double)count;
        for (int a = 0; a < pixels; a++)
        for (int b = 0; b < pixels; b++)
        {
            double ab = 0,
                aa = 0,
                bb = 0;
            for (int n = 0; n < count; n++)
            {
                double x = data[n * pixels + a] - mean[a],
                    y = data[n * pixels + b] - mean[b];
                ab += x * y;
                aa += x * x;
                bb += y * y;
            }
            Assert.Equal(ab / Math.Sqrt(aa * bb), c[a * pixels + b], 1e-10);
            Assert.Equal(c[a * pixels + b], c[b * pixels + a]);
        }
    }
}
