using SparseGpu.Benchmarks;
using SparseGpu.Cli;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Benchmarks;

/// <summary>`bench --pack K,...`: K networks trained together, per K, on the ILGPU CPU accelerator (packed) and the
/// fast CPU path (one after another), and the options it refuses.</summary>
public sealed class PackedBenchmarkTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private BenchmarkRequest Request(string device) =>
        new()
        {
            Device = device,
            Threads = 2,
            BatchSize = 16,
            Hidden = [30, 20],
            EpochSamples = 40, // a partial last batch
            DataDirectory = _temp.Path, // no MNIST: random images of its size
        };

    [Theory]
    [InlineData("ilgpu-cpu", true)]
    [InlineData("cpu", false)]
    public void Each_pack_reports_its_networks_samples_and_rates_in_the_order_asked(string device, bool packed)
    {
        var notices = new List<string>();
        PackBenchmarkReport report = PackedTrainingBenchmark.Run(Request(device), [3, 1], notices.Add);

        Assert.Equal(device, report.Device);
        Assert.Equal([3, 1], report.Rows.Select(r => r.Networks));
        Assert.All(
            report.Rows,
            row =>
            {
                Assert.Equal(packed, row.Packed);
                Assert.Equal(40, row.SamplesPerNetwork);
                Assert.True(row.Seconds > 0);
                Assert.Equal(row.Networks * row.SamplesPerSecondPerNetwork, row.SamplesPerSecondInAll, 6);
            }
        );
        Assert.Contains(notices, n => n.Contains(packed ? "3 networks × 40 samples" : "one after another"));
    }

    [Fact]
    public void The_table_has_one_row_per_pack()
    {
        CliRunner.Result result = CliRunner.Run(
            "bench",
            "--pack",
            "1,2",
            "--device",
            "ilgpu-cpu",
            "--hidden",
            "30,20",
            "--batch-size",
            "16",
            "--epoch-samples",
            "32",
            "--data-dir",
            _temp.Path
        );
        Assert.Equal(CliApp.Success, result.ExitCode);
        var (_, rows) = BenchOutput.Table(result.Output, "K ");
        Assert.Equal(["1", "2"], rows.Select(r => r[0]));
        Assert.Contains("packed into the same kernel launches", result.Output);
    }

    [Theory]
    [InlineData("--pack 0", "--pack '0': every K must be at least 1")]
    [InlineData("--pack 1 --widths 100", "--widths: the width scaling is not measured with --pack")]
    [InlineData("--pack 1 --no-ch3l3 --figure a.png", "--no-ch3l3, --figure: the width scaling is not measured")]
    [InlineData("--pack 2 --epoch-samples 8", "8 samples per network is less than one batch of 32")]
    public void What_the_pack_cannot_measure_is_refused_naming_it(string arguments, string message) =>
        BenchOutput.AssertRefused(_temp.Path, arguments, message);
}
