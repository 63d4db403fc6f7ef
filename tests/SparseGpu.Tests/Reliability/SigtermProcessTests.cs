using System.Diagnostics;
using SparseGpu.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Reliability;

/// <summary>
/// SIGTERM sent by the operating system to a real `sparsegpu` process (as a scheduler or `kill` sends it), not a
/// simulated signal: a command in the middle of a long write stops, exits with the interrupt code and leaves
/// neither its output nor its temporary file behind (issue 11, defect 6: a stopped linkpred left a 2.1 GB temp).
/// </summary>
public sealed class SigtermProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void Sigterm_stops_a_long_linkpred_write_and_removes_its_temporary_file()
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX signals");
        string directory = _temp.File("out");
        Directory.CreateDirectory(directory);
        string edges = _temp.File("edges.csv");
        File.WriteAllText(edges, "input,output\n0,0\n1,0\n1,1\n2,1\n");
        string output = Path.Combine(directory, "scores.csv");
        // --all on 30,000 x 30,000 writes 900 million rows: minutes of work, stopped within the first seconds.
        var start = new ProcessStartInfo(
            Path.Combine(AppContext.BaseDirectory, "sparsegpu"),
            ["linkpred", "--edges", edges, "--inputs", "30000", "--outputs", "30000", "--all", "--out", output]
        )
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using Process linkpred = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        while (Directory.GetFiles(directory).Length == 0 && !linkpred.HasExited && clock.Elapsed.TotalSeconds < 60)
            Thread.Sleep(20);
        if (linkpred.HasExited)
            Assert.Fail($"linkpred ended before writing: {linkpred.StandardError.ReadToEnd()}");
        Thread.Sleep(300); // well into the write
        using (Process kill = Process.Start("kill", ["-TERM", linkpred.Id.ToString()])!)
            kill.WaitForExit();
        Assert.True(linkpred.WaitForExit(TimeSpan.FromSeconds(30)), "linkpred did not stop within 30 s of SIGTERM");
        Assert.Equal(CliApp.Interrupted, linkpred.ExitCode);
        Assert.Empty(Directory.GetFiles(directory));
    }
}
