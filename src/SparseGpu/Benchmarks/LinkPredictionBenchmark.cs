using System.Diagnostics;
using SparseGpu.Engines;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;

namespace SparseGpu.Benchmarks;

/// <summary>One layer size of the link-prediction benchmark.</summary>
public sealed record LinkPredictionRow(
    int Size,
    int Links,
    long Paths,
    int Selected,
    double Seconds,
    long AllocatedBytes
)
{
    public double NanosecondsPerPath => Seconds * 1e9 / Math.Max(1, Paths);
}

public sealed record LinkPredictionBenchmarkReport(
    string Method,
    string Device,
    IReadOnlyList<LinkPredictionRow> Rows,
    long PeakWorkingSetBytes
);

/// <summary>
/// `sparsegpu bench --suite linkpred`: one predictor's (<see cref="LinkPredictionMethods"/>: CH3-L3 by default,
/// `--predictors`) scoring of every absent link of a square layer with 10 links per output
/// neuron, selecting the best 30% of the link count (3,000 for 1000×1000), as a topology update does, for growing
/// sizes. Time should follow the number of length-3 paths, memory the links and the selection.
/// </summary>
public static class LinkPredictionBenchmark
{
    public const int LinksPerNeuron = 10;
    public const double Selected = 0.3;

    /// <param name="method">A <see cref="LinkPredictionMethods"/> name.</param>
    public static LinkPredictionBenchmarkReport Run(
        string method,
        string device,
        int threads,
        IReadOnlyList<int> sizes,
        Action<string> log
    )
    {
        method = LinkPredictionMethods.Require(method);
        using OpenedScorer opened = LinkScorers.Open(method, device, threads, log);
        ILinkScorer scorer = opened.Scorer;
        var rows = new List<LinkPredictionRow>();
        foreach (int size in sizes)
        {
            int links = (int)LinkBudget.FromFanIn(LinksPerNeuron).LinksFor(0, size, size);
            long[] keys = AbsentKeySampler.Sample(
                (long)size * size,
                [],
                links,
                RandomStreams.Derive(1, RandomPurpose.Topology, 0, size)
            );
            var topology = LayerTopology.FromSortedKeys(size, size, keys);
            int count = (int)(Selected * links);
            var ranking = LinkRanking.Seeded(1);
            int repeats = size <= 3000 ? 5 : 1;
            scorer.Best(topology, keys, count, ranking); // warm-up: JIT or kernel compilation
            double best = double.MaxValue;
            long allocated = 0;
            int selected = 0;
            for (int r = 0; r < repeats; r++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                selected = scorer.Best(topology, keys, count, ranking).Length;
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
                allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            }
            var row = new LinkPredictionRow(size, links, PathCount(topology), selected, best, allocated);
            log($"bench linkpred: {method} {size}x{size}: {row.Seconds * 1000:F1} ms");
            rows.Add(row);
        }
        return new LinkPredictionBenchmarkReport(
            method,
            opened.Description,
            rows,
            Process.GetCurrentProcess().PeakWorkingSet64
        );
    }

    /// <summary>Length-3 walks v – a – b – u the scorer visits: Σ_v Σ_{a∈N(v)} Σ_{b∈N(a), b≠v} deg(b).</summary>
    public static long PathCount(LayerTopology t)
    {
        long paths = 0;
        for (int v = 0; v < t.Outputs; v++)
        for (int p = t.RowOffsets[v]; p < t.RowOffsets[v + 1]; p++)
        {
            int a = t.Columns[p];
            for (int q = t.TransposeOffsets[a]; q < t.TransposeOffsets[a + 1]; q++)
            {
                int b = t.TransposeRows[q];
                if (b != v)
                    paths += t.InDegree(b);
            }
        }
        return paths;
    }
}
