using System.Diagnostics;
using SparseGpu.Cli;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Runs;

/// <summary>
/// The run lock under every interleaving we could name: each test makes another process act at a named point
/// between two file operations (<see cref="RacePoints"/>), so the race happens every time, not 1 run in 12.
/// </summary>
public sealed class RunLockTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Run => _temp.Path;

    private string LockFile => RunLock.PathIn(Run);

    private static LockHolder OtherHost(string token) => new("another-host", 4242, null, token, DateTime.UtcNow);

    private void WriteLock(LockHolder holder, TimeSpan age = default)
    {
        File.WriteAllText(LockFile, holder.Serialize());
        File.SetLastWriteTimeUtc(LockFile, DateTime.UtcNow - age);
    }

    [Fact]
    public void A_lock_released_between_the_failed_create_and_the_next_look_is_taken_not_an_error()
    {
        WriteLock(OtherHost("t1"));
        using var _ = RacePoints.Register(point =>
        {
            if (point == "acquire:create-failed" && File.Exists(LockFile))
                File.Delete(LockFile); // the holder finishes just now
        });
        using RunLock? taken = RunLock.TryAcquire(Run);
        Assert.NotNull(taken);
        Assert.Equal(taken.Owner.Token, LockHolder.Parse(File.ReadAllText(LockFile))!.Token);
    }

    [Fact]
    public void A_lock_released_between_the_failed_create_and_its_own_existence_check_is_taken_not_an_error()
    {
        // Issue 11 defect 1: the create fails because the lock exists, then the holder releases it before the
        // create looks again; that "already exists" failure is a busy-or-free moment, never an IOException.
        WriteLock(OtherHost("t1"));
        using var _ = RacePoints.Register(point =>
        {
            if (point == "create:failed" && File.Exists(LockFile))
                File.Delete(LockFile);
        });
        using RunLock? taken = RunLock.TryAcquire(Run);
        Assert.NotNull(taken);
        Assert.Equal(taken.Owner.Token, LockHolder.Parse(File.ReadAllText(LockFile))!.Token);
    }

    [Fact]
    public void A_lock_released_while_it_is_being_read_is_free_and_status_says_so()
    {
        var spec = _temp.File("spec.json");
        File.WriteAllText(spec, """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "device": "cpu"}""");
        var folder = new RunFolder(_temp.File("sweep"), SweepPlan.Expand(SweepSpec.Read(spec))[0]);
        Directory.CreateDirectory(folder.Path);
        File.Copy(spec, _temp.File("sweep", "sweep.json"));
        File.WriteAllText(folder.Lock, OtherHost("t1").Serialize());
        using var _ = RacePoints.Register(point =>
        {
            if (point == "inspect:stat" && File.Exists(folder.Lock))
                File.Delete(folder.Lock);
        });
        Assert.Equal(RunState.Pending, folder.Status().State);
        File.WriteAllText(folder.Lock, OtherHost("t2").Serialize());
        CliRunner.Result status = CliRunner.Run("sweep", "status", "--out", _temp.File("sweep"));
        Assert.Equal(CliApp.Success, status.ExitCode);
        Assert.Contains("pending 1 (of 1)", status.Output);
    }

    [Fact]
    public void A_lock_retaken_by_another_process_between_the_failed_create_and_the_look_is_busy()
    {
        WriteLock(OtherHost("t1"));
        using var _ = RacePoints.Register(point =>
        {
            if (point == "acquire:create-failed")
                WriteLock(OtherHost("t2")); // released and taken again by a third
        });
        Assert.Null(RunLock.TryAcquire(Run));
        Assert.Equal("t2", LockHolder.Parse(File.ReadAllText(LockFile))!.Token);
    }

    [Fact]
    public void A_stale_lock_taken_over_by_another_process_first_is_left_to_it()
    {
        WriteLock(OtherHost("dead"), age: TimeSpan.FromHours(1));
        using var _ = RacePoints.Register(point =>
        {
            // We judged the old lock stale; before we move it aside another process takes it over.
            if (point == "acquire:stale-seen")
                WriteLock(OtherHost("newer"));
        });
        Assert.Null(RunLock.TryAcquire(Run));
        Assert.Equal("newer", LockHolder.Parse(File.ReadAllText(LockFile))!.Token);
        Assert.Equal([LockFile], Directory.GetFiles(Run)); // nothing left aside
    }

    [Fact]
    public void A_lock_of_another_host_goes_stale_only_when_its_heartbeat_stops()
    {
        WriteLock(OtherHost("fresh"), age: RunLock.StaleAfter - TimeSpan.FromMinutes(1));
        Assert.Null(RunLock.TryAcquire(Run));
        File.SetLastWriteTimeUtc(LockFile, DateTime.UtcNow - RunLock.StaleAfter - TimeSpan.FromMinutes(1));
        using RunLock? taken = RunLock.TryAcquire(Run);
        Assert.NotNull(taken);
    }

    [Fact]
    public void A_dead_process_on_this_host_leaves_a_lock_that_is_stale_at_once()
    {
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        ended.WaitForExit();
        WriteLock(new LockHolder(Environment.MachineName, ended.Id, null, "dead", DateTime.UtcNow)); // heartbeat fresh
        using RunLock? taken = RunLock.TryAcquire(Run);
        Assert.NotNull(taken);
    }

    [Fact]
    public void A_process_id_reused_by_another_process_does_not_hold_the_lock()
    {
        var reused = LockHolder.ThisProcess("old") with { ProcessStartUtc = DateTime.UtcNow - TimeSpan.FromDays(3) };
        WriteLock(reused);
        using RunLock? taken = RunLock.TryAcquire(Run);
        Assert.NotNull(taken);
    }

    [Fact]
    public void A_live_process_on_this_host_keeps_its_lock_however_old_its_heartbeat()
    {
        // A paused owner (SIGSTOP, Slurm suspend) on this host is alive: its lock is not taken from it.
        WriteLock(LockHolder.ThisProcess("paused"), age: TimeSpan.FromHours(2));
        Assert.Null(RunLock.TryAcquire(Run));
        var e = Assert.Throws<SparseGpuException>(() => RunLock.Acquire(Run));
        Assert.StartsWith(
            $"{Run}: another process is using this run directory (running on {Environment.MachineName}, process "
                + $"{Environment.ProcessId}, since ",
            e.Message
        );
    }

    [Fact]
    public void Damaged_locks_are_judged_by_their_heartbeat_and_never_throw()
    {
        foreach (
            string content in new[] { "", "running on another machine", "{", "null", "{\"host\": 5}", "\u0000\u00ff" }
        )
        {
            File.WriteAllText(LockFile, content);
            Assert.Null(RunLock.TryAcquire(Run));
            File.SetLastWriteTimeUtc(LockFile, DateTime.UtcNow - TimeSpan.FromHours(1));
            using (RunLock? taken = RunLock.TryAcquire(Run))
                Assert.NotNull(taken);
            Assert.False(File.Exists(LockFile));
        }
    }

    [Fact]
    public void Release_leaves_a_lock_that_is_no_longer_its_own()
    {
        RunLock mine = RunLock.TryAcquire(Run)!;
        WriteLock(OtherHost("successor"));
        Assert.Throws<RunLockLostException>(mine.EnsureHeld);
        mine.Dispose();
        Assert.Equal("successor", LockHolder.Parse(File.ReadAllText(LockFile))!.Token);
    }

    [Fact]
    public void Owners_racing_for_one_lock_get_it_exactly_once()
    {
        const int contenders = 8;
        using var start = new Barrier(contenders);
        var locks = new RunLock?[contenders];
        // Threads of their own (not the pool, which adds threads slowly on 2 cores), released together.
        Thread[] threads = Enumerable
            .Range(0, contenders)
            .Select(i => new Thread(() =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(30));
                locks[i] = RunLock.TryAcquire(Run);
            }))
            .ToArray();
        foreach (Thread thread in threads)
            thread.Start();
        foreach (Thread thread in threads)
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)));
        Assert.Single(locks, l => l is not null);
        foreach (RunLock? l in locks)
            l?.Dispose();
        Assert.False(File.Exists(LockFile));
    }

    [Fact]
    public void An_empty_lock_left_by_a_create_killed_midway_blocks_the_run_for_seconds_not_minutes()
    {
        // Issue 26 §4.7: a process killed between creating running.lock and writing its owner left an empty lock
        // that counted as held for StaleAfter (5 minutes).
        File.WriteAllText(LockFile, "");
        Assert.Null(RunLock.TryAcquire(Run)); // within the grace it may still be a create in progress
        File.SetLastWriteTimeUtc(LockFile, DateTime.UtcNow - RunLock.UnreadableGrace - TimeSpan.FromSeconds(1));
        Assert.Contains("running.lock is empty", RunLock.Inspect(Run).Detail);
        using RunLock? taken = RunLock.TryAcquire(Run);
        Assert.NotNull(taken);
    }

    [Fact]
    public void A_reader_racing_the_create_sees_no_lock_or_a_complete_one_never_an_empty_one()
    {
        // Issue 26 §4.7: the lock was created empty and then filled, so a racing resume was told it "is not in
        // the expected form". Now the owner's line is complete before the name exists.
        var seen = new List<string>();
        using (
            RacePoints.Register(point =>
            {
                if (point is not ("create:written" or "create:linked"))
                    return;
                LockView view = RunLock.Inspect(Run);
                seen.Add($"{point}: {view.State} {(view.Holder is null ? "no holder" : "holder")}");
            })
        )
        {
            using RunLock? taken = RunLock.TryAcquire(Run);
            Assert.NotNull(taken);
        }
        Assert.Equal(["create:written: Free no holder", "create:linked: Held holder"], seen);
        Assert.Empty(Directory.EnumerateFiles(Run, "*.tmp", SearchOption.AllDirectories));
    }
}
