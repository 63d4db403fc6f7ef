namespace SparseGpu;

/// <summary>
/// Checks an estimate of the memory a job will need against what this machine (or its container limit) offers,
/// before the job allocates it: a too-large request is a one-line error with both figures, not minutes of
/// swapping followed by "Out of memory".
/// </summary>
public static class MemoryBudget
{
    private static readonly AsyncLocal<long?> AvailableOverride = new();

    /// <summary>Memory the process may use: physical memory, or the container's limit where there is one.</summary>
    public static long Available => AvailableOverride.Value ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Throws when <paramref name="bytes"/> (an estimate of what <paramref name="what"/> needs) exceeds
    /// <see cref="Available"/>. Estimates are doubles so that absurd sizes cannot overflow on the way here.</summary>
    public static void Require(double bytes, string what)
    {
        long available = Available;
        if (bytes <= available)
            return;
        string needed =
            bytes >= long.MaxValue
                ? $"more than {ByteSize.Format(long.MaxValue)}"
                : $"about {ByteSize.Format((long)bytes)}";
        throw new SparseGpuException(
            $"{what} needs {needed} of memory; this machine offers {ByteSize.Format(available)}"
        );
    }

    /// <summary>Pretends, for the calling flow only, that the machine offers <paramref name="bytes"/>
    /// (tests).</summary>
    internal static IDisposable Pretend(long bytes)
    {
        long? previous = AvailableOverride.Value;
        AvailableOverride.Value = bytes;
        return new Restore(() => AvailableOverride.Value = previous);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
