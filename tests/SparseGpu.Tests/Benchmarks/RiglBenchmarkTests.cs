using SparseGpu.Benchmarks;
using SparseGpu.Cli;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Benchmarks;

/// <summary>`bench --suite rigl`: RigL's gradient pass against training the same window, its table, and the options
/// it refuses.</summary>
public sealed class RiglBenchmarkTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void Each_round_times_the_window_and_its_gradients_on_the_network_asked(string device)
    {
        var request = new BenchmarkRequest
        {
            Device = device,
            Threads = 2,
            BatchSize = 8,
            Hidden = [30, 20],
            DataDirectory = _temp.Path, // no MNIST: random images of its size
        };
        RiglBenchmarkReport report = RiglBenchmark.Run(request, windowBatches: 2, rounds: 3, _ => { });

        Assert.Equal(device, report.Device);
        Assert.Equal((8, 2, 3), (report.BatchSize, report.WindowBatches, report.Rounds.Count));
        // 784-30-20-10 at the default density: the three sparse layers' links, and every other position absent.
        Assert.Equal(784 * 30 + 30 * 20 + 20 * 10, report.Links + report.CandidateLinks);
        Assert.All(report.Rounds, r => Assert.True(r.TrainSeconds > 0 && r.GradientSeconds > 0));
        Assert.InRange(
            report.MedianRatio,
            report.Rounds.Min(r => r.Ratio) * 0.99,
            report.Rounds.Max(r => r.Ratio) * 1.01
        );
        Assert.True(report.RiglUpdateSeconds > 0 && report.RlrUpdateSeconds > 0 && report.Ch3L3UpdateSeconds > 0);
    }

    [Fact]
    public void The_table_has_a_row_per_round_then_the_median_and_the_best_and_the_three_updates()
    {
        CliRunner.Result result = CliRunner.Run(
            "bench",
            "--suite",
            "rigl",
            "--rounds",
            "3",
            "--device",
            "cpu",
            "--hidden",
            "30,20",
            "--batch-size",
            "16",
            "--data-dir",
            _temp.Path
        );
        Assert.Equal(CliApp.Success, result.ExitCode);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var (header, rows) = BenchOutput.Table(result.Output, "round ", rows: 5);
        Assert.Equal(["round", "train", "ms", "gradients", "ms", "ratio"], header);
        Assert.Equal(["1", "2", "3", "median", "best"], rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(4, r.Length));
        Assert.Contains(lines, l => l.Contains("hidden 30,20") && l.Contains("1 batch(es) of 16"));
        Assert.Matches(@"RigL [\d.]+ ms, RLR [\d.]+ ms, CH3L3 [\d.]+ ms", result.Output);
    }

    [Theory]
    [InlineData("--suite rigl --rounds 0", "--rounds must be positive, got 0")]
    [InlineData("--suite rigl --rigl-batches 0", "--rigl-batches must be a positive number of batches, got 0")]
    [InlineData("--suite rigl --batch-size 0", "--batch-size must be positive, got 0")]
    [InlineData("--suite rigl --widths 100", "--widths: not measured by --suite rigl")]
    [InlineData("--suite rigl --pack 2 --sizes 100", "--sizes, --pack: not measured by --suite rigl; leave them out")]
    [InlineData("--rounds 3", "--rounds: only --suite rigl reads it, not --suite training")]
    [InlineData(
        "--suite linkpred --rigl-batches 2 --rounds 3",
        "--rigl-batches, --rounds: only --suite rigl reads them, not --suite linkpred"
    )]
    [InlineData("--suite rig", "--suite 'rig' is not valid; valid: training, linkpred, rigl")]
    public void What_the_suite_cannot_measure_is_refused_naming_it(string arguments, string message) =>
        BenchOutput.AssertRefused(_temp.Path, arguments, message);
}
