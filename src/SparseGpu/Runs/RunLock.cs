using System.Globalization;

namespace SparseGpu.Runs;

/// <summary>
/// Claims a run directory for one owner (a `train`, or a sweep working on one of its runs): running.lock is
/// created atomically with the owner's host, process id, process start time and a unique token, and its
/// modification time is refreshed every <see cref="HeartbeatInterval"/>.
/// <para>Whether a lock is stale: on the owner's own host the process is asked directly (a dead process, or a
/// process id now used by another process, is stale at once; a live one, even paused, is not). A lock from another
/// host goes stale when its heartbeat is older than <see cref="StaleAfter"/>, so this works across machines that
/// share the directory. A stale lock is taken over by renaming exactly that file aside, never by deleting a name
/// another process may have just re-created.</para>
/// <para>An owner paused longer than <see cref="StaleAfter"/> (SIGSTOP, Slurm suspend) may lose its lock to another
/// host: <see cref="EnsureHeld"/> re-reads the lock before each write and stops the owner if the token is no longer
/// its own.</para>
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = RunLayout.Lock;
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    /// <summary>How long a lock whose owner cannot be read (empty, damaged) counts as held: a create without hard
    /// links leaves it empty for microseconds, so after this it is a dead process's.</summary>
    public static readonly TimeSpan UnreadableGrace = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly Timer _heartbeat;
    private string? _lostTo;
    private bool _released;

    private RunLock(string path, LockHolder owner)
    {
        Path = path;
        Owner = owner;
        _heartbeat = new Timer(_ => Heartbeat(), null, HeartbeatInterval, HeartbeatInterval);
    }

    public string Path { get; }
    public LockHolder Owner { get; }
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public static string PathIn(string directory) =>
        System.IO.Path.Combine(System.IO.Path.GetFullPath(directory), FileName);

    /// <returns>The lock, or null when another live owner holds it.</returns>
    public static RunLock? TryAcquire(string directory) => TryAcquire(directory, LockHolder.ThisProcess);

    /// <summary>Takes the lock or says who holds it.</summary>
    public static RunLock Acquire(string directory) =>
        TryAcquire(directory)
        ?? throw new SparseGpuException(
            $"{System.IO.Path.GetFullPath(directory)}: "
                + $"another process is using this run directory ({Inspect(directory).Detail}); wait for it to finish"
        );

    /// <param name="identity">Who claims the lock, from a fresh token (tests pose as another host with it).</param>
    internal static RunLock? TryAcquire(string directory, Func<string, LockHolder> identity)
    {
        string path = PathIn(directory);
        LockHolder me = identity(Guid.NewGuid().ToString("N"));
        for (int attempt = 0; attempt < 8; attempt++)
        {
            if (TryCreate(path, me))
                return new RunLock(path, me);
            RacePoints.Reach("acquire:create-failed");
            LockView seen = Inspect(directory, me.Host);
            switch (seen.State)
            {
                case LockState.Held:
                    return null;
                case LockState.Free:
                    continue; // released between our attempt and our look: try again
                case LockState.Stale:
                    RacePoints.Reach("acquire:stale-seen");
                    MoveAsideIfStill(path, seen.Text);
                    continue;
            }
        }
        if (Inspect(directory).State == LockState.Free)
            throw new SparseGpuException($"{path}: cannot create the lock file");
        return null; // contended all along: someone else is taking it
    }

    /// <summary>What running.lock in <paramref name="directory"/> says now; never throws for a damaged or vanishing
    /// file.</summary>
    public static LockView Inspect(string directory) => Inspect(directory, Environment.MachineName);

    /// <param name="viewer">The host looking: only there can a process be asked whether it still runs.</param>
    private static LockView Inspect(string directory, string viewer)
    {
        string path = PathIn(directory);
        string text;
        DateTime heartbeat;
        try
        {
            var info = new FileInfo(path);
            heartbeat = info.LastWriteTimeUtc;
            RacePoints.Reach("inspect:stat");
            text = ReadSmall(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new LockView(LockState.Free, null, "", "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not readable (a directory of that name, no permission): nobody can take it, so it counts as held.
            string reason = e.Message.ReplaceLineEndings(" ");
            return new LockView(LockState.Held, null, "", $"{path} cannot be read: {reason}");
        }
        LockHolder? holder = LockHolder.Parse(text);
        if (holder is not null && holder.IsOn(viewer))
            return holder.ProcessIsAlive()
                ? new LockView(LockState.Held, holder, text, holder.Describe())
                : new LockView(LockState.Stale, holder, text, $"{holder.Describe()}, which has ended");
        // A lock without a readable owner is no live owner's once the instant of a create without hard links is
        // long past: a process killed in that instant must not block the run for StaleAfter.
        bool fresh = DateTime.UtcNow - heartbeat < (holder is null ? UnreadableGrace : StaleAfter);
        string who =
            holder?.Describe()
            ?? (text.Length == 0 ? "running.lock is empty" : "running.lock is not in the expected form");
        return fresh
            ? new LockView(LockState.Held, holder, text, who)
            : new LockView(
                LockState.Stale,
                holder,
                text,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{who}; no heartbeat since {heartbeat:yyyy-MM-dd HH:mm:ss} UTC"
                )
            );
    }

    /// <summary>Throws <see cref="RunLockLostException"/> unless this owner still holds the lock; call before each
    /// write.</summary>
    public void EnsureHeld()
    {
        RacePoints.Reach("ensure-held");
        lock (_gate)
        {
            if (_lostTo is null)
            {
                LockView now = Inspect(Directory);
                if (now.Holder?.Token == Owner.Token)
                    Touch();
                else
                    _lostTo = now.State == LockState.Free ? "the lock was removed" : now.Detail;
            }
            if (_lostTo is not null)
                throw new RunLockLostException(
                    $"{Directory}: this process lost its lock on the run (now {_lostTo}), most likely while it was "
                        + $"paused longer than {StaleAfter.TotalMinutes:0} minutes; it stops here and leaves the run "
                        + "to the new holder"
                );
        }
    }

    /// <summary>Whether this owner still holds the lock (as <see cref="EnsureHeld"/> decides, without
    /// throwing).</summary>
    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                if (_lostTo is null && Inspect(Directory).Holder?.Token != Owner.Token)
                    _lostTo = "another owner";
                return _lostTo is null;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_released)
                return;
            _released = true;
            _heartbeat.Dispose();
            if (_lostTo is null)
                MoveAsideIfStill(Path, null, Owner.Token);
        }
    }

    private void Heartbeat()
    {
        lock (_gate)
        {
            if (_released || _lostTo is not null)
                return;
            LockView now = Inspect(Directory);
            if (now.Holder?.Token == Owner.Token)
                Touch();
            else
                _lostTo = now.State == LockState.Free ? "the lock was removed" : now.Detail;
        }
    }

    private void Touch()
    {
        try
        {
            File.SetLastWriteTimeUtc(Path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Creates the lock with its content in one step: the owner's line goes to a complete temporary file, which is
    /// then hard-linked to the lock's name with link(2), which fails if the name exists; exactly one of any number of
    /// racing processes wins, and no reader ever sees a lock without its owner (an empty lock, left by a process
    /// killed between create and write, blocked a run for minutes). Where the file system has no hard links:
    /// O_CREAT|O_EXCL, then the owner's line (see <see cref="UnreadableGrace"/> for the instant between them).
    /// </summary>
    private static bool TryCreate(string path, LockHolder me)
    {
        string directory = System.IO.Path.GetDirectoryName(path)!;
        if (!System.IO.Directory.Exists(directory))
            throw new SparseGpuException($"{directory}: the run directory does not exist");
        StaleTemporaryFiles.DeleteFor(path);
        string temporary = System.IO.Path.Combine(directory, $".{FileName}.{Environment.ProcessId}.{me.Token}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                WriteOwner(stream, me);
            RacePoints.Reach("create:written");
            switch (HardLink.TryCreate(temporary, path))
            {
                case HardLinkResult.Created:
                    RacePoints.Reach("create:linked");
                    return true;
                case HardLinkResult.NameTaken:
                    RacePoints.Reach("create:failed");
                    return false;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!System.IO.Directory.Exists(directory))
                throw new SparseGpuException($"{directory}: the run directory does not exist");
            throw new SparseGpuException($"{path}: cannot create the lock ({e.Message.ReplaceLineEndings(" ")})");
        }
        finally
        {
            AtomicFile.TryDelete(temporary);
        }
        return TryCreateWithoutLinks(path, me);
    }

    /// <summary>O_CREAT|O_EXCL (FileMode.CreateNew), which exactly one racing process wins, then the owner's
    /// line.</summary>
    private static bool TryCreateWithoutLinks(string path, LockHolder me)
    {
        string directory = System.IO.Path.GetDirectoryName(path)!;
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RacePoints.Reach("create:failed");
            if (File.Exists(path) || System.IO.Directory.Exists(path))
                return false;
            if (!System.IO.Directory.Exists(directory))
                throw new SparseGpuException($"{directory}: the run directory does not exist");
            if (e is UnauthorizedAccessException)
                throw new SparseGpuException($"{path}: cannot create the lock ({e.Message.ReplaceLineEndings(" ")})");
            return false; // the holder released it between our attempt and our look; the caller tries again
        }
        try
        {
            using (stream)
                WriteOwner(stream, me);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AtomicFile.TryDelete(path);
            throw new SparseGpuException($"{path}: cannot write the lock ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    private static void WriteOwner(FileStream stream, LockHolder me)
    {
        stream.Write(System.Text.Encoding.UTF8.GetBytes(me.Serialize()));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Removes the lock if it is still the one judged (same text, or same token): rename it aside (atomic), compare,
    /// and put it back when it was a newer one. Deleting by name instead could delete a lock just created by another.
    /// </summary>
    private static void MoveAsideIfStill(string path, string? text, string? token = null)
    {
        string directory = System.IO.Path.GetDirectoryName(path)!;
        string aside = System.IO.Path.Combine(directory, $".{FileName}.{Guid.NewGuid():N}.old");
        try
        {
            File.Move(path, aside, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // gone already, or not ours to move
        }
        try
        {
            string moved = ReadSmall(aside);
            bool same = token is null ? moved == text : LockHolder.Parse(moved)?.Token == token;
            if (!same)
                File.Move(aside, path, overwrite: false); // a newer owner's lock: give it back
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The name was taken again meanwhile: the owner of the moved lock finds out at its next EnsureHeld.
        }
        finally
        {
            try
            {
                File.Delete(aside);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>Reads at most 4 KiB: a lock is one short line, and a huge file in its place must not cost
    /// memory.</summary>
    private static string ReadSmall(string path)
    {
        FileKind kind = FileKinds.OfTarget(path);
        if (kind is not (FileKind.Regular or FileKind.Missing))
            throw new IOException($"it is {FileKinds.Describe(kind)}, not a regular file"); // a pipe would block
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        byte[] buffer = new byte[4096];
        int length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }
}

public enum LockState
{
    Free,
    Held,
    Stale,
}

/// <summary>A look at running.lock: its state, its holder when the content is readable, its text, and a
/// description.</summary>
public sealed record LockView(LockState State, LockHolder? Holder, string Text, string Detail);

/// <summary>Thrown before a write by an owner whose lock was taken over; the run is the new holder's now.</summary>
public sealed class RunLockLostException(string message) : SparseGpuException(message);
