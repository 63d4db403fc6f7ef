using SparseGpu.Cli;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Kernels;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Reliability;

/// <summary>
/// A disk that fills up at a checkpoint (issue 26 §4.6), on a real full file system: a small tmpfs mounted for the
/// test (root only; CI runs as root, so there it must not skip). It left metrics.csv one epoch ahead of model.ckpt,
/// and the message named the temporary file.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _mount;
    private readonly bool _mounted;

    public DiskFullTests()
    {
        _mount = _temp.File("small-disk");
        Directory.CreateDirectory(_mount);
        _mounted = !OperatingSystem.IsWindows() && Tool("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", _mount);
    }

    public void Dispose()
    {
        if (_mounted)
            Tool("umount", _mount);
        _temp.Dispose();
    }

    private static bool Tool(string name, params string[] arguments)
    {
        try
        {
            return ToolRun.Run(name, arguments).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private CliRunner.Result Train(params string[] extra) =>
        CliRunner.Run(["train", "--data-dir", _temp.Path, "--no-download", "--device", "cpu", "--quiet", .. extra]);

    /// <summary>Fills the file system but for <paramref name="free"/> bytes.</summary>
    private void Fill(string filler, int free)
    {
        using (var stream = new FileStream(filler, FileMode.Create, FileAccess.Write))
        {
            byte[] block = new byte[4096];
            try
            {
                while (true)
                {
                    stream.Write(block);
                    stream.Flush();
                }
            }
            catch (IOException) { }
        }
        using var shrink = new FileStream(filler, FileMode.Open, FileAccess.Write);
        shrink.SetLength(Math.Max(0, shrink.Length - free));
    }

    [SkippableFact]
    public void A_checkpoint_that_cannot_be_written_leaves_the_table_at_the_last_checkpoint_and_names_model_ckpt()
    {
        ExternalTool.RequireThat(_mounted, "a small tmpfs (mount as root)");
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 64, test: 16);
        string run = Path.Combine(_mount, "run");
        // Hidden layers wide enough that a checkpoint (~170 KB) needs far more room than config.json and a row.
        string[] shape = ["--hidden", "300,300", "--density", "0.1"];
        CliRunner.Result first = Train([.. shape, "--epochs", "1", "--out", run]);
        Assert.True(first.ExitCode == CliApp.Success, first.Error);
        string model = Path.Combine(run, "model.ckpt");
        Assert.True(new FileInfo(model).Length > 100_000);

        Fill(Path.Combine(_mount, "filler"), free: 32 * 1024);
        CliRunner.Result full = Train("--resume", model, "--epochs", "2");

        Assert.Equal(CliApp.Failure, full.ExitCode);
        string error = Assert.Single(full.ErrorLines);
        Assert.StartsWith($"error: {model}: cannot write (", error);
        Assert.DoesNotContain(".tmp", error);
        Assert.Equal(1, CheckpointFile.Read(model).State.CompletedEpochs);
        Assert.Equal(1, (MetricsFiles.WithoutTimes(Path.Combine(run, "metrics.csv")).Length - 1));
        Assert.Empty(Directory.EnumerateFiles(run, "*.tmp"));

        File.Delete(Path.Combine(_mount, "filler"));
        CliRunner.Result resumed = Train("--resume", model, "--epochs", "2");
        Assert.True(resumed.ExitCode == CliApp.Success, resumed.Error);
        Assert.Equal(2, (MetricsFiles.WithoutTimes(Path.Combine(run, "metrics.csv")).Length - 1));
    }
}
