using SparseGpu.Engines.Cpu;

namespace SparseGpu.Tests.Engines;

public sealed class WorkerPoolTests
{
    [Fact]
    public void Every_part_runs_once_per_job_over_many_jobs()
    {
        using var splitter = new WorkSplitter(3);
        int[] hits = new int[1000];
        for (int job = 0; job < 200; job++)
            splitter.For(
                hits.Length,
                1,
                (start, end) =>
                {
                    for (int i = start; i < end; i++)
                        hits[i]++;
                }
            );
        Assert.All(hits, h => Assert.Equal(200, h));
    }

    [Fact]
    public void Parts_by_links_cover_every_row_once_and_split_a_hub_from_the_rest()
    {
        // Row 0 is a hub with 2,000 links; rows 1..1999 have one each: half the work is the hub.
        int[] offsets = new int[2001];
        offsets[1] = 2000;
        for (int r = 2; r <= 2000; r++)
            offsets[r] = offsets[r - 1] + 1;
        using var splitter = new WorkSplitter(2);
        var parts = new List<(int Start, int End)>();
        int[] hits = new int[2000];
        splitter.ForByLinks(
            2000,
            offsets,
            1,
            (start, end) =>
            {
                lock (parts)
                    parts.Add((start, end));
                for (int i = start; i < end; i++)
                    Interlocked.Increment(ref hits[i]);
            }
        );
        Assert.All(hits, h => Assert.Equal(1, h));
        // Work = links + 1 per row: 5,999 in all; the hub and the next 499 rows make 2,999 of it. Split by rows
        // (0..1000, 1000..2000), the first part would have had twice the second's work.
        Assert.Equal([(0, 500), (500, 2000)], parts.OrderBy(p => p.Start));
    }

    [Fact]
    public void Small_work_stays_on_the_calling_thread()
    {
        using var splitter = new WorkSplitter(4);
        int caller = Environment.CurrentManagedThreadId;
        var threads = new List<int>();
        splitter.For(10, 100, (_, _) => threads.Add(Environment.CurrentManagedThreadId));
        Assert.Equal([caller], threads);
    }

    [Fact]
    public void A_failure_in_a_worker_reaches_the_caller_and_the_pool_keeps_working()
    {
        using var pool = new WorkerPool(2);
        var e = Assert.Throws<InvalidOperationException>(() =>
            pool.Run(
                2,
                part =>
                {
                    if (part == 1)
                        throw new InvalidOperationException("part 1 failed");
                }
            )
        );
        Assert.Equal("part 1 failed", e.Message);
        int total = 0;
        pool.Run(2, part => Interlocked.Add(ref total, part + 1));
        Assert.Equal(3, total);
    }

    [Fact]
    public void Workers_that_went_to_sleep_wake_up_for_the_next_job()
    {
        using var pool = new WorkerPool(2);
        Thread.Sleep(50); // longer than the spin period: the worker blocks
        int total = 0;
        pool.Run(2, part => Interlocked.Add(ref total, part + 1));
        Assert.Equal(3, total);
    }
}
