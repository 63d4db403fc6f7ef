using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// Fork-join over dedicated threads that spin briefly between jobs. A training step is a dozen operations of
/// 20–80 µs each; Parallel.For's thread-pool hand-off costs about as much as the work, so on two cores it made
/// training slower than one thread. Workers spin for a short while after each job (the next one comes within
/// microseconds inside the batch loop) and then block, so an idle engine costs no CPU.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private readonly Thread[] _workers;
    private readonly object _gate = new();
    private readonly object _runLock = new();
    private Action<int>? _body;
    private int _parts;
    private int _generation;
    private int _pending;
    private volatile bool _stopping;
    private ExceptionDispatchInfo? _failure;

    /// <param name="threads">Total threads including the caller's.</param>
    public WorkerPool(int threads)
    {
        _workers = new Thread[Math.Max(0, threads - 1)];
        for (int w = 0; w < _workers.Length; w++)
        {
            int part = w + 1;
            _workers[w] = new Thread(() => WorkerLoop(part)) { IsBackground = true, Name = $"sparsegpu-cpu-{part}" };
            _workers[w].Start();
        }
    }

    public int Threads => _workers.Length + 1;

    /// <summary>Runs body(0 .. parts-1), part 0 on the calling thread, and returns when all are done.</summary>
    public void Run(int parts, Action<int> body)
    {
        if (parts > Threads)
            throw new ArgumentOutOfRangeException(nameof(parts), parts, $"at most {Threads} parts");
        if (parts <= 1 || _workers.Length == 0)
        {
            for (int p = 0; p < parts; p++)
                body(p);
            return;
        }
        lock (_runLock)
        {
            _body = body;
            _parts = parts;
            _failure = null;
            Volatile.Write(ref _pending, _workers.Length);
            Interlocked.Increment(ref _generation);
            lock (_gate)
                Monitor.PulseAll(_gate);
            try
            {
                body(0);
            }
            finally
            {
                var spinner = new SpinWait();
                while (Volatile.Read(ref _pending) > 0)
                    spinner.SpinOnce(sleep1Threshold: -1);
                _body = null;
            }
            _failure?.Throw();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        lock (_gate)
            Monitor.PulseAll(_gate);
        foreach (Thread worker in _workers)
            worker.Join();
    }

    private void WorkerLoop(int part)
    {
        int seen = 0;
        while (true)
        {
            if (!WaitForJob(seen))
                return;
            seen = Volatile.Read(ref _generation);
            try
            {
                if (part < _parts)
                    _body!(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    /// <returns>False when the pool is shutting down.</returns>
    private bool WaitForJob(int seen)
    {
        long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
        var spinner = new SpinWait();
        while (Volatile.Read(ref _generation) == seen)
        {
            if (_stopping)
                return false;
            if (Stopwatch.GetTimestamp() < spinUntil)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            lock (_gate)
            {
                while (Volatile.Read(ref _generation) == seen && !_stopping)
                    Monitor.Wait(_gate);
            }
        }
        return !_stopping;
    }
}
