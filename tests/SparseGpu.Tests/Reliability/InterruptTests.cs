using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using SparseGpu.Cli;
using SparseGpu.Cli.Arguments;
using SparseGpu.Cli.Verbs;
using SparseGpu.Jobs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Reliability;

/// <summary>
/// SIGTERM and the first Ctrl-C stop every verb (issue 11, defect 6): `train` and `sweep` save and exit 130; the
/// others stop within a grace period, leaving no temporary file behind.
/// </summary>
public sealed class InterruptTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private sealed class ExitRecorder
    {
        public readonly TaskCompletionSource<int> Code = new();

        public void Exit(int code) => Code.TrySetResult(code);
    }

    [Theory]
    [InlineData("evaluate", "--model", "m.ckpt")]
    [InlineData("robustness", "--model", "m.ckpt")]
    [InlineData("plot", "robustness", "--input", "r.csv")]
    [InlineData("sweep", "status", "--out", "s")]
    [InlineData("sweep", "aggregate", "--out", "s")]
    [InlineData("linkpred", "--edges", "e.csv")]
    [InlineData("data", "verify")]
    [InlineData("bench")]
    public async Task Commands_that_save_nothing_are_ended_after_the_grace_period(params string[] args)
    {
        object options = Parse(args);
        Assert.False(InterruptPolicy.SavesStateFor(options));
        var exits = new ExitRecorder();
        var policy = new InterruptPolicy(exits.Exit, TimeSpan.FromMilliseconds(50)) { SavesState = false };
        Assert.NotNull(policy.OnSignal());
        Assert.True(policy.Token.IsCancellationRequested);
        Assert.Equal(CliApp.Interrupted, await exits.Code.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("train")]
    [InlineData("sweep", "--spec", "s.json", "--out", "s")]
    public async Task Train_and_sweep_save_their_state_and_are_ended_only_by_a_second_signal(params string[] args)
    {
        Assert.True(InterruptPolicy.SavesStateFor(Parse(args)));
        var exits = new ExitRecorder();
        var policy = new InterruptPolicy(exits.Exit, TimeSpan.FromMilliseconds(50)) { SavesState = true };
        Assert.Contains("saving a checkpoint", policy.OnSignal());
        Assert.True(policy.Token.IsCancellationRequested);
        await Task.Delay(500);
        Assert.False(exits.Code.Task.IsCompleted, "a saving command is not cut short");
        Assert.Null(policy.OnSignal());
        Assert.Equal(CliApp.Interrupted, await exits.Code.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>The options object as the program binds it (some options are bound by the program itself, not
    /// by CommandLineParser).</summary>
    private static object Parse(string[] args) => CliApp.Bind(Assert.IsType<VerbRequest>(CommandLineReader.Read(args)));

    [Fact]
    public void A_linkpred_stopped_while_writing_leaves_no_temporary_file()
    {
        string edges = _temp.File("edges.csv");
        File.WriteAllLines(edges, ["input,output", "0,0", "1,1", "2,0"]);
        string output = _temp.File("out", "scores.csv");
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            SparseGpu.Jobs.LinkPredictionJob.Run(new(edges, All: true, Out: output), TextWriter.Null, stop.Token)
        );
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!));
    }

    [Fact]
    public void A_linkpred_stopped_in_the_middle_of_its_rows_ends_the_write_there()
    {
        // --all on 512 x 512 writes 262,144 rows. The stop comes after the first rows are out, so a check made only
        // before the first row misses it: the job must end within one checking interval (65,536 rows). Without
        // this, a stop during a long write only ends with the process, after the grace period.
        string edges = _temp.File("edges.csv");
        File.WriteAllLines(edges, ["input,output", "0,0", "1,1", "511,511"]);
        using var stop = new CancellationTokenSource();
        using var output = new WriterThatStops(stop, afterLines: 10);
        Assert.Throws<OperationCanceledException>(() =>
            SparseGpu.Jobs.LinkPredictionJob.Run(new(edges, All: true), output, stop.Token)
        );
        Assert.InRange(output.Lines, 10, 70_000);
    }

    /// <summary>Standard output that asks the job to stop once it has received <paramref name="afterLines"/>
    /// lines, and counts the lines it receives.</summary>
    private sealed class WriterThatStops(CancellationTokenSource stop, int afterLines) : TextWriter
    {
        public int Lines { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n' && ++Lines == afterLines)
                stop.Cancel();
        }
    }

    [SkippableFact]
    public void A_forced_exit_deletes_the_temporary_file_of_a_write_in_progress_and_refuses_new_writes()
    {
        Skip.If(OperatingSystem.IsWindows(), "a file open for writing cannot be deleted on Windows");
        // What the process runs just before it ends on a signal (after the grace period, or at a second signal),
        // whatever the command does with its token. AbandonAll stops every later write of the process, so it is
        // called on a private copy of the assembly, whose statics are its own: this process's writes go on.
        var copy = new AssemblyLoadContext("abandoned-writes", isCollectible: true);
        try
        {
            Type atomicFile = copy.LoadFromAssemblyPath(typeof(AtomicFile).Assembly.Location)
                .GetType(typeof(AtomicFile).FullName!)!;
            MethodInfo write = atomicFile.GetMethod(nameof(AtomicFile.Write))!;
            MethodInfo abandonAll = atomicFile.GetMethod(nameof(AtomicFile.AbandonAll))!;
            string directory = _temp.File("out");
            string target = Path.Combine(directory, "scores.csv");
            string[]? leftDuringTheWrite = null;
            void HalfWritten(Stream stream)
            {
                stream.Write("input,output\n0,0,"u8);
                abandonAll.Invoke(null, null);
                leftDuringTheWrite = Directory.GetFiles(directory);
            }

            Assert.Throws<TargetInvocationException>(() => write.Invoke(null, [target, (Action<Stream>)HalfWritten]));
            Assert.Empty(leftDuringTheWrite!);
            Assert.Empty(Directory.GetFiles(directory));
            var later = Assert.Throws<TargetInvocationException>(() =>
                write.Invoke(null, [target, (Action<Stream>)(s => s.Write("late"u8))])
            );
            Assert.IsType<OperationCanceledException>(later.InnerException);
            Assert.Empty(Directory.GetFiles(directory));
            AtomicFile.WriteAllText(target, "this process still writes");
            Assert.Equal("this process still writes", File.ReadAllText(target));
        }
        finally
        {
            copy.Unload();
        }
    }

    [Fact]
    public void A_stopped_linkpred_exits_with_130_and_one_line()
    {
        string edges = _temp.File("edges.csv");
        File.WriteAllLines(edges, ["input,output", "0,0", "1,1", "2,0"]);
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        CliRunner.Result result = CliRunner.Run(
            stop.Token,
            "linkpred",
            "--edges",
            edges,
            "--all",
            "--out",
            _temp.File("scores.csv")
        );
        Assert.Equal(CliApp.Interrupted, result.ExitCode);
        Assert.Equal("error: interrupted", Assert.Single(result.ErrorLines));
        Assert.Equal(["edges.csv"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }
}
