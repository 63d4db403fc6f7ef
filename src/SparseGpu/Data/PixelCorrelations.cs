namespace SparseGpu.Data;

/// <summary>
/// The Pearson correlation of every pair of pixels over a set of images (numpy's <c>corrcoef</c> of the pixels as
/// variables, the images as observations), as a row-major P×P matrix; a pixel that never changes has no correlation
/// (NaN). The moments are summed exactly in integers over each image's non-zero pixels only, so the matrix is exactly
/// symmetric, independent of the thread count, and a handwritten example gives the same numbers.
/// </summary>
public static class PixelCorrelations
{
    public static double[] Of(ImageSet images)
    {
        int pixels = images.InputSize;
        long count = images.Count;
        long[] sums = new long[pixels];
        long[] products = new long[(long)pixels * pixels];
        // Integer sums are associative: splitting the images among threads cannot change a bit.
        int parts = Math.Max(1, Math.Min(Environment.ProcessorCount, images.Count / 4096));
        var partials = new (long[] Sums, long[] Products)[parts];
        Parallel.For(
            0,
            parts,
            part =>
            {
                long[] s = new long[pixels];
                long[] p = new long[(long)pixels * pixels];
                int[] lit = new int[pixels];
                for (int image = part; image < images.Count; image += parts)
                    Accumulate(images.Image(image), lit, s, p);
                partials[part] = (s, p);
            }
        );
        foreach ((long[] s, long[] p) in partials)
        {
            for (int i = 0; i < pixels; i++)
                sums[i] += s[i];
            for (long i = 0; i < products.Length; i++)
                products[i] += p[i];
        }

        // count² · covariance(a, b) = count · Σ x_a x_b − Σ x_a · Σ x_b, exact in 128 bits.
        Int128 Scaled(int a, int b) =>
            (Int128)count * products[(long)Math.Min(a, b) * pixels + Math.Max(a, b)] - (Int128)sums[a] * sums[b];
        double[] variance = new double[pixels];
        for (int a = 0; a < pixels; a++)
            variance[a] = (double)Scaled(a, a);
        double[] correlations = new double[(long)pixels * pixels];
        for (int a = 0; a < pixels; a++)
        for (int b = a; b < pixels; b++)
        {
            double r =
                variance[a] > 0 && variance[b] > 0
                    ? (double)Scaled(a, b) / Math.Sqrt(variance[a] * variance[b])
                    : double.NaN;
            correlations[(long)a * pixels + b] = r;
            correlations[(long)b * pixels + a] = r;
        }
        return correlations;
    }

    /// <summary>Adds one image's pixels and the products of its non-zero pixel pairs (a ≤ b).</summary>
    private static void Accumulate(ReadOnlySpan<byte> image, int[] lit, long[] sums, long[] products)
    {
        int pixels = image.Length,
            n = 0;
        for (int i = 0; i < pixels; i++)
            if (image[i] != 0)
                lit[n++] = i;
        for (int x = 0; x < n; x++)
        {
            int a = lit[x];
            long value = image[a];
            sums[a] += value;
            long row = (long)a * pixels;
            for (int y = x; y < n; y++)
                products[row + lit[y]] += value * image[lit[y]];
        }
    }
}
