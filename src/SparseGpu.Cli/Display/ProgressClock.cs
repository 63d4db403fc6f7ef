using System.Diagnostics;

namespace SparseGpu.Cli.Display;

/// <summary>Time since the display started; a fake one in tests makes ETA and throttling testable.</summary>
public interface IProgressClock
{
    TimeSpan Elapsed { get; }
}

public sealed class StopwatchClock : IProgressClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public TimeSpan Elapsed => _watch.Elapsed;
}
