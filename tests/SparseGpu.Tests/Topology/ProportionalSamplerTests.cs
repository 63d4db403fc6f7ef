using SparseGpu.LinkPrediction;
using SparseGpu.Topology;

namespace SparseGpu.Tests.Topology;

/// <summary>
/// <see cref="ProportionalSampler"/>, the draw behind `--method chts`: goodness of fit against the exact
/// probabilities of successive sampling without replacement ∝ score. Each trial uses the next seed of a fixed stream,
/// so the statistics are deterministic; the bound is Pearson's χ² critical value at p = 0.001 (a correct sampler
/// passes it with a fixed seed it was not tuned to, and sampling uniformly or ∝ score² misses it by thousands).
/// </summary>
public sealed class ProportionalSamplerTests
{
    private const int Trials = 20_000;

    /// <summary>Scores spread from 1 to 10 on keys that are neither contiguous nor in score order.</summary>
    private static readonly ScoredLink[] Candidates = [new(40, 3), new(3, 1), new(99, 10), new(17, 2), new(41, 4)];

    /// <summary>χ² critical values at p = 0.001 by degrees of freedom (4: five first draws; 9: ten pairs).</summary>
    private static readonly Dictionary<int, double> Critical = new() { [4] = 18.467, [9] = 27.877 };

    private static double ChiSquare(IReadOnlyList<int> observed, IReadOnlyList<double> probabilities, int trials) =>
        observed
            .Select(
                (o, i) =>
                    (o - trials * probabilities[i]) * (o - trials * probabilities[i]) / (trials * probabilities[i])
            )
            .Sum();

    /// <summary>The probability of drawing exactly this set of candidates (indices into <paramref name="scores"/>)
    /// in |set| successive draws ∝ score without replacement, by enumerating every order of the draws.</summary>
    private static double ExactSetProbability(double[] scores, int[] set)
    {
        double Orders(int[] left, double remaining)
        {
            if (left.Length == 0)
                return 1;
            double sum = 0;
            foreach (int i in left)
                sum += scores[i] / remaining * Orders(left.Where(j => j != i).ToArray(), remaining - scores[i]);
            return sum;
        }
        return Orders(set, scores.Sum());
    }

    private static IEnumerable<int[]> Subsets(int n, int k) =>
        k == 0
            ?
            [
                [],
            ]
            : Enumerable.Range(0, n).SelectMany(i => Subsets(i, k - 1).Select(s => s.Append(i).ToArray()));

    [Fact]
    public void The_first_draw_falls_on_each_candidate_in_proportion_to_its_score()
    {
        double total = Candidates.Sum(c => c.Score);
        double[] expected = Candidates.Select(c => c.Score / total).ToArray();
        int[] observed = new int[Candidates.Length];
        var seeds = new Rng(2026);
        for (int trial = 0; trial < Trials; trial++)
        {
            long drawn = Assert.Single(ProportionalSampler.Sample(Candidates, 1, seeds.NextUInt64()));
            observed[Array.FindIndex(Candidates, c => c.Key == drawn)]++;
        }
        double chi = ChiSquare(observed, expected, Trials);
        Assert.True(
            chi < Critical[4],
            $"χ² = {chi:F2} over 4 degrees of freedom; counts {string.Join(", ", observed)}"
        );
    }

    [Fact]
    public void Two_draws_give_each_pair_and_each_inclusion_its_exact_probability_without_replacement()
    {
        double[] scores = Candidates.Select(c => c.Score).ToArray();
        int[][] pairs = Subsets(Candidates.Length, 2).ToArray();
        double[] exact = pairs.Select(p => ExactSetProbability(scores, p)).ToArray();
        Assert.Equal(1.0, exact.Sum(), 12);
        var index = pairs
            .Select((p, i) => (Key: (Candidates[p[0]].Key, Candidates[p[1]].Key), i))
            .ToDictionary(x => x.Key.Item1 < x.Key.Item2 ? x.Key : (x.Key.Item2, x.Key.Item1), x => x.i);

        int[] observed = new int[pairs.Length];
        int[] included = new int[Candidates.Length];
        var seeds = new Rng(7);
        for (int trial = 0; trial < Trials; trial++)
        {
            long[] drawn = ProportionalSampler.Sample(Candidates, 2, seeds.NextUInt64());
            Assert.True(drawn[0] < drawn[1], "two distinct keys, ascending");
            observed[index[(drawn[0], drawn[1])]]++;
            foreach (long key in drawn)
                included[Array.FindIndex(Candidates, c => c.Key == key)]++;
        }
        double chi = ChiSquare(observed, exact, Trials);
        Assert.True(
            chi < Critical[9],
            $"χ² = {chi:F2} over 9 degrees of freedom; counts {string.Join(", ", observed)}"
        );

        // Inclusion: π_i = Σ of the exact pair probabilities that hold i (not s_i / Σs × 2, which exceeds 1 for the
        // heaviest); each frequency within 4 standard errors.
        for (int i = 0; i < Candidates.Length; i++)
        {
            double pi = pairs.Select((p, j) => p.Contains(i) ? exact[j] : 0).Sum();
            double frequency = included[i] / (double)Trials;
            double standardError = Math.Sqrt(pi * (1 - pi) / Trials);
            Assert.True(
                Math.Abs(frequency - pi) < 4 * standardError,
                $"key {Candidates[i].Key}: included {frequency:F4}, exact {pi:F4}"
            );
        }
    }

    [Fact]
    public void The_sample_depends_on_the_seed_and_the_scores_not_on_the_order_of_the_candidates()
    {
        var rng = new Rng(3);
        ScoredLink[] many = Enumerable
            .Range(0, 300)
            .Select(i => new ScoredLink(5L * i + 2, 0.1 + rng.NextDouble()))
            .ToArray();
        ScoredLink[] shuffled = (ScoredLink[])many.Clone();
        new Rng(4).Shuffle(shuffled.AsSpan());
        long[] sample = ProportionalSampler.Sample(many, 40, seed: 11);
        Assert.Equal(sample, ProportionalSampler.Sample(shuffled, 40, seed: 11));
        Assert.Equal(40, sample.Distinct().Count());
        Assert.Equal(sample.Order(), sample);
        Assert.NotEqual(sample, ProportionalSampler.Sample(many, 40, seed: 12));
        Assert.Equal(many.Select(c => c.Key).Order(), ProportionalSampler.Sample(many, many.Length, seed: 11));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_candidate_without_a_positive_finite_score_is_refused(double score)
    {
        ScoredLink[] candidates = [new(1, 2), new(5, score)];
        var e = Assert.Throws<ArgumentException>(() => ProportionalSampler.Sample(candidates, 1, seed: 1));
        Assert.Contains("candidate 5 has score", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionalSampler.Sample(candidates, 3, seed: 1));
    }
}
