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
            splitter.For(hits.Length, 1, (start, end) =>
            {
                for (int i = start; i < end; i++) hits[i]++;
            });
        Assert.All(hits, h => Assert.Equal(200, h));
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
        var e = Assert.Throws<InvalidOperationException>(() => pool.Run(2, part =>
        {
            if (part == 1) throw new InvalidOperationException("part 1 failed");
        }));
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
