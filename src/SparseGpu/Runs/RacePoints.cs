namespace SparseGpu.Runs;

/// <summary>
/// Named points between two file operations where another process may act (release a lock, take it over).
/// Tests make those interleavings happen deterministically by acting at a point; elsewhere nothing is registered
/// and reaching a point costs one null check. The hook flows with the execution context, so a test's hook never
/// fires in another test running at the same time.
/// </summary>
internal static class RacePoints
{
    private static readonly AsyncLocal<Action<string>?> Hook = new();

    /// <summary>Runs <paramref name="action"/> at every point reached in this execution context until
    /// disposed.</summary>
    public static IDisposable Register(Action<string> action)
    {
        Hook.Value = action;
        return new Unregister();
    }

    public static void Reach(string point) => Hook.Value?.Invoke(point);

    private sealed class Unregister : IDisposable
    {
        public void Dispose() => Hook.Value = null;
    }
}
