using SparseGpu.Model;

namespace SparseGpu.Tests.Model;

public sealed class WattsStrogatzTopologyTests
{
    /// <summary>
    /// The lattice by brute force, written from its definition independently of the code under test: every pair of
    /// the dense matrix is tested for membership in its larger-side node's window (a ring distance from the window's
    /// start below the node's degree), with the start computed in decimal arithmetic.
    /// </summary>
    private static bool[,] BruteForceLattice(int inputs, int outputs, int links)
    {
        bool outputsHaveWindows = outputs >= inputs;
        int larger = Math.Max(inputs, outputs),
            smaller = Math.Min(inputs, outputs);
        var linked = new bool[outputs, inputs];
        for (int output = 0; output < outputs; output++)
        for (int input = 0; input < inputs; input++)
        {
            (int j, int i) = outputsHaveWindows ? (output, input) : (input, output);
            int degree = (int)(Math.Floor((decimal)(j + 1) * links / larger) - Math.Floor((decimal)j * links / larger));
            decimal centre = (decimal)j * smaller / larger - degree / 2m;
            int start = (int)decimal.Truncate(centre);
            int distance = ((i - start) % smaller + smaller) % smaller;
            linked[output, input] = distance < degree;
        }
        return linked;
    }

    private static bool[,] Dense(LayerTopology topology)
    {
        var linked = new bool[topology.Outputs, topology.Inputs];
        for (int link = 0; link < topology.LinkCount; link++)
            linked[topology.Rows[link], topology.Columns[link]] = true;
        return linked;
    }

    [Theory]
    [InlineData(784, 100, 784)] // wide input: each input gets a window of 1 output
    [InlineData(784, 100, 7840)]
    [InlineData(100, 784, 7841)] // each output a window of inputs; degrees 10 and 11
    [InlineData(50, 50, 137)] // square: the outputs get the windows
    [InlineData(7, 3, 21)] // dense: every window is the whole smaller side
    [InlineData(10, 13, 1)]
    [InlineData(13, 10, 129)]
    public void At_beta_zero_the_layer_is_exactly_the_ring_lattice(int inputs, int outputs, int links)
    {
        LayerTopology topology = new WattsStrogatzTopology(0).Draw(0, inputs, outputs, links, seed: 5);
        Assert.Equal(links, topology.LinkCount);
        bool[,] expected = BruteForceLattice(inputs, outputs, links);
        Assert.Equal(links, expected.Cast<bool>().Count(b => b));
        Assert.Equal(expected, Dense(topology));
        // One fixed graph: the seed does not enter at β = 0.
        Assert.Equal(topology.Keys(), new WattsStrogatzTopology(0).Draw(3, inputs, outputs, links, seed: 9).Keys());
    }

    [Fact]
    public void The_lattice_of_a_small_layer_is_the_hand_drawn_one()
    {
        // 4 inputs, 8 outputs, 12 links: output j has degree ⌊(j+1)·12/8⌋ − ⌊j·12/8⌋ = 1,2,1,2,1,2,1,2 and a window
        // starting at trunc(j/2 − d/2) mod 4 = 0,0,0,0,1,1,2,2 (j = 0..7; −0.5 truncates to 0).
        long[] keys = WattsStrogatzTopology.Lattice(4, 8, 12);
        (int Output, int Input)[] expected =
        [
            (0, 0),
            (1, 0),
            (1, 1),
            (2, 0),
            (3, 0),
            (3, 1),
            (4, 1),
            (5, 1),
            (5, 2),
            (6, 2),
            (7, 2),
            (7, 3),
        ];
        Assert.Equal(expected.Select(l => (long)l.Output * 4 + l.Input), keys);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Rewiring_keeps_the_exact_link_count_without_duplicates_and_follows_the_seed(double beta)
    {
        var init = new WattsStrogatzTopology(beta);
        foreach ((int inputs, int outputs, int links) in new[] { (784, 200, 1568), (200, 200, 400), (30, 40, 1100) })
        {
            LayerTopology a = init.Draw(1, inputs, outputs, links, seed: 3);
            long[] keys = a.Keys();
            Assert.Equal(links, keys.Length);
            Assert.Equal(links, keys.Distinct().Count());
            Assert.All(keys, k => Assert.InRange(k, 0, (long)inputs * outputs - 1));
            Assert.Equal(keys, init.Draw(1, inputs, outputs, links, seed: 3).Keys());
            Assert.NotEqual(keys, init.Draw(1, inputs, outputs, links, seed: 4).Keys());
            Assert.NotEqual(keys, init.Draw(2, inputs, outputs, links, seed: 3).Keys());
        }
    }

    [Fact]
    public void A_fraction_beta_of_the_lattice_links_is_rewired()
    {
        // 20000 lattice links at β = 0.3: about 6000 leave, and regrowth lands back on the lattice with probability
        // (kept absent lattice links)/(absent links) ≈ 6000/980000, so the kept share is 0.7 within a few σ (σ≈0.0032).
        int inputs = 1000,
            outputs = 1000,
            links = 20000;
        var lattice = new HashSet<long>(WattsStrogatzTopology.Lattice(inputs, outputs, links));
        long[] keys = new WattsStrogatzTopology(0.3).Draw(0, inputs, outputs, links, seed: 11).Keys();
        double kept = keys.Count(lattice.Contains) / (double)links;
        Assert.InRange(kept, 0.7 - 0.015, 0.7 + 0.015);
    }

    [Fact]
    public void At_beta_one_the_degrees_are_those_of_a_uniformly_random_layer()
    {
        // L uniform links over n_out rows: each in-degree is hypergeometric, mean L/n_out, variance
        // n_in·p(1−p)·(N−n_in)/(N−1) with p = L/N. The lattice's in-degrees are 10 or 11 (variance ≈ 0), so a
        // lattice-like leftover would show as a small variance; a chi-square test of the degree histogram
        // against the hypergeometric law checks the shape too.
        int inputs = 500,
            outputs = 2000,
            links = 20000;
        LayerTopology t = new WattsStrogatzTopology(1).Draw(0, inputs, outputs, links, seed: 21);
        int[] degrees = Enumerable.Range(0, outputs).Select(t.InDegree).ToArray();
        double n = (double)inputs * outputs,
            p = links / n;
        double expectedVariance = inputs * p * (1 - p) * (n - inputs) / (n - 1);
        double mean = degrees.Average(),
            variance = degrees.Sum(d => (d - mean) * (d - mean)) / (outputs - 1);
        Assert.Equal(10.0, mean);
        // The sample variance of 2000 values has a relative standard error of about sqrt(2/2000) ≈ 3%.
        Assert.InRange(variance / expectedVariance, 0.85, 1.15);

        // Chi-square over the bins ≤5, 6, ..., 14, ≥15 against the binomial(500, 0.02) (the hypergeometric law at
        // this size differs by far less than the test resolves); 10 degrees of freedom, 99.9th percentile 29.6.
        double[] probability = new double[inputs + 1];
        for (int k = 0; k <= inputs; k++)
            probability[k] = Math.Exp(LogChoose(inputs, k) + k * Math.Log(p) + (inputs - k) * Math.Log(1 - p));
        double chiSquare = 0;
        for (int bin = 5; bin <= 15; bin++)
        {
            Func<int, bool> inBin =
                bin == 5 ? d => d <= 5
                : bin == 15 ? d => d >= 15
                : d => d == bin;
            double expected = outputs * Enumerable.Range(0, inputs + 1).Where(inBin).Sum(k => probability[k]);
            int observed = degrees.Count(inBin);
            chiSquare += (observed - expected) * (observed - expected) / expected;
        }
        Assert.InRange(chiSquare, 0, 29.6);
    }

    private static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double LogFactorial(int n)
    {
        double sum = 0;
        for (int i = 2; i <= n; i++)
            sum += Math.Log(i);
        return sum;
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void A_rewiring_probability_outside_zero_to_one_is_refused(double beta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WattsStrogatzTopology(beta));
}
