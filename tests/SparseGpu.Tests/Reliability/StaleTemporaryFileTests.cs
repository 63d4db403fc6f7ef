using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Reliability;

/// <summary>Temporary files of killed checkpoint writes are deleted by the next write (issue 11, defect 15).</summary>
public sealed class StaleTemporaryFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Leftover(int pid, TimeSpan age)
    {
        string path = _temp.File($".model.ckpt.{pid}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(path, "half a checkpoint");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    [Fact]
    public void The_next_write_deletes_leftovers_of_dead_processes_and_keeps_live_or_fresh_ones()
    {
        const int deadPid = int.MaxValue - 7; // no such process
        string dead = Leftover(deadPid, TimeSpan.FromMinutes(5));
        string fresh = Leftover(deadPid, TimeSpan.Zero); // perhaps another machine's write in progress
        string live = Leftover(Environment.ProcessId + 0, TimeSpan.FromMinutes(5));
        string otherLive = Leftover(1, TimeSpan.FromMinutes(5)); // another process that is running (PID 1 always is)
        string ancient = Leftover(1, TimeSpan.FromHours(2)); // PID 1 is alive, but no write takes two hours
        string otherFile = _temp.File($".metrics.csv.{deadPid}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(otherFile, "another file's leftover");
        File.SetLastWriteTimeUtc(otherFile, DateTime.UtcNow - TimeSpan.FromMinutes(5));

        AtomicFile.WriteAllText(_temp.File("model.ckpt"), "new");

        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(ancient));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(otherLive), "a running process's write may still be going on");
        Assert.True(File.Exists(otherFile), "only the written file's leftovers are considered");
        Assert.Equal("new", File.ReadAllText(_temp.File("model.ckpt")));
    }
}
