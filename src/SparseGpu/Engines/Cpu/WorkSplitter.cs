namespace SparseGpu.Engines.Cpu;

/// <summary>
/// Splits a range of neurons or links into contiguous parts, one per thread. Each output element is computed
/// whole by one thread in a fixed order, so results do not depend on the number of threads.
/// </summary>
internal sealed class WorkSplitter : IDisposable
{
    private readonly WorkerPool _pool;

    public WorkSplitter(int threads)
    {
        if (threads <= 0)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "must be positive");
        _pool = new WorkerPool(threads);
    }

    public int Threads => _pool.Threads;

    /// <param name="minimumPerPart">Below this much work per part, fewer parts are used (a hand-off costs about a
    /// microsecond).</param>
    public void For(int count, int minimumPerPart, Action<int, int> body)
    {
        int parts = Math.Clamp(count / Math.Max(1, minimumPerPart), 1, Threads);
        if (parts == 1)
        {
            body(0, count);
            return;
        }
        _pool.Run(parts, part => body((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts)));
    }

    /// <summary>
    /// Like <see cref="For"/> over rows [0, <paramref name="count"/>), but the parts get about equal work, a row's work
    /// being its links (offsets[r+1] − offsets[r]) plus one: a hub with thousands of links (CH3-L3 concentrates
    /// them) then cannot leave the other threads idle while one finishes its part.
    /// </summary>
    /// <param name="minimumLinksPerPart">Below this much work per part, fewer parts are used.</param>
    public void ForByLinks(int count, int[] offsets, long minimumLinksPerPart, Action<int, int> body)
    {
        long Work(int rows) => offsets[rows] - offsets[0] + (long)rows;
        long total = Work(count);
        int parts = (int)Math.Clamp(total / Math.Max(1, minimumLinksPerPart), 1, Threads);
        if (parts == 1)
        {
            body(0, count);
            return;
        }
        int[] bounds = new int[parts + 1];
        bounds[parts] = count;
        for (int part = 1; part < parts; part++)
        {
            // The first row at which the work done reaches this part's share.
            long target = total * part / parts;
            int low = bounds[part - 1],
                high = count;
            while (low < high)
            {
                int middle = low + (high - low) / 2;
                if (Work(middle) >= target)
                    high = middle;
                else
                    low = middle + 1;
            }
            bounds[part] = low;
        }
        _pool.Run(parts, part => body(bounds[part], bounds[part + 1]));
    }

    public void Dispose() => _pool.Dispose();
}
