namespace SparseGpu;

/// <summary>
/// The thread count of the fast CPU path, checked where it is given: `--threads 100000` used to start that many
/// threads and die with "Out of memory." (exit 134). More threads than cores only add switching, so the cap is far
/// above any real machine and far below what exhausts memory.
/// </summary>
public static class CpuThreads
{
    public const int Max = 1024;

    /// <summary>Fails with a usage error unless 0 (all cores) ≤ <paramref name="requested"/> ≤ <see
    /// cref="Max"/>.</summary>
    public static void Require(int requested)
    {
        if (requested is < 0 or > Max)
            throw new InvalidSettingException(
                "threads",
                $" must be 0 (all cores) or between 1 and {Max}, got {requested}"
            );
    }

    /// <summary>The threads to start: <paramref name="requested"/>, or every core for 0.</summary>
    public static int Resolve(int requested)
    {
        Require(requested);
        return requested > 0 ? requested : Environment.ProcessorCount;
    }
}
