namespace SparseGpu.Engines.Cpu;

/// <summary>
/// Splits a range of neurons or links into contiguous parts, one per thread. Each output element is computed
/// whole by one thread in a fixed order, so results do not depend on the number of threads.
/// </summary>
internal sealed class WorkSplitter
{
    private readonly ParallelOptions _options;

    public WorkSplitter(int threads)
    {
        if (threads <= 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "must be positive");
        Threads = threads;
        _options = new ParallelOptions { MaxDegreeOfParallelism = threads };
    }

    public int Threads { get; }

    /// <param name="minimumPerPart">Below this much work per part, fewer parts are used (threads cost microseconds).</param>
    public void For(int count, int minimumPerPart, Action<int, int> body)
    {
        int parts = Math.Clamp(count / Math.Max(1, minimumPerPart), 1, Threads);
        if (parts == 1)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, parts, _options, part => body((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts)));
    }
}
