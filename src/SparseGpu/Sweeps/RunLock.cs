namespace SparseGpu.Sweeps;

/// <summary>
/// Claims a run folder for one process: running.lock is created exclusively and its modification time refreshed
/// every <see cref="RunFolder.HeartbeatInterval"/>. A lock left by a process that died goes stale after
/// <see cref="RunFolder.StaleAfter"/> and may then be taken over; this works across machines sharing a directory.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly string _path;
    private readonly Timer _heartbeat;

    private RunLock(string path)
    {
        _path = path;
        _heartbeat = new Timer(_ => Touch(), null, RunFolder.HeartbeatInterval, RunFolder.HeartbeatInterval);
    }

    /// <returns>The lock, or null when another live process holds it.</returns>
    public static RunLock? TryAcquire(RunFolder folder)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                using (var stream = new FileStream(folder.Lock, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream))
                    writer.Write($"running on {Environment.MachineName}, process {Environment.ProcessId}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
                return new RunLock(folder.Lock);
            }
            catch (IOException) when (File.Exists(folder.Lock))
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(folder.Lock) < RunFolder.StaleAfter) return null;
                try { File.Delete(folder.Lock); }
                catch (IOException) { }
            }
        }
        return null;
    }

    public void Dispose()
    {
        _heartbeat.Dispose();
        try { File.Delete(_path); }
        catch (IOException) { }
    }

    private void Touch()
    {
        try { File.SetLastWriteTimeUtc(_path, DateTime.UtcNow); }
        catch (IOException) { }
    }
}
