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
        if (threads <= 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "must be positive");
        _pool = new WorkerPool(threads);
    }

    public int Threads => _pool.Threads;

    /// <param name="minimumPerPart">Below this much work per part, fewer parts are used (a hand-off costs about a microsecond).</param>
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

    public void Dispose() => _pool.Dispose();
}
