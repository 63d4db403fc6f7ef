using SparseGpu.Benchmarks;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Benchmarks;

public sealed class ScalingBenchmarkTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Each_width_reports_its_links_updates_and_every_pass_with_its_traffic_and_bound()
    {
        var request = new BenchmarkRequest
        {
            Device = "cpu",
            Threads = 2,
            Widths = [40, 20],
            FanIn = 2,
            ScalingSamples = 96,
            EpochSamples = 64,
            TopologyUpdates = 1,
            ProfiledBatches = 2,
            DataDirectory = _temp.Path, // no MNIST: random images of its size
        };
        BenchmarkReport report = TrainingBenchmark.Run(request, _ => { });

        Assert.Equal([20, 40], report.Scaling.Select(r => r.Width)); // ascending, whatever the order asked
        foreach (ScalingRow row in report.Scaling)
        {
            // ⌊2·width⌋ links in each of the three sparse layers, plus the dense read-out to 10 classes.
            Assert.Equal(3 * 2 * row.Width + 10 * row.Width, row.Links);
            Assert.True(row.SamplesPerSecond > 0 && row.RlrUpdateSeconds >= 0 && row.Ch3L3UpdateSeconds >= 0);
            Assert.True(row.PeakWorkingSetBytes > 0);
            Assert.Equal(
                [
                    "forward 1",
                    "forward 2",
                    "forward 3",
                    "forward 4",
                    "backward input and update 4",
                    "backward input and update 3",
                    "backward input and update 2",
                    "sgd update 1",
                ],
                row.Passes.Select(p => p.Operation)
            );
            // The fused pass: a random dy row, link, row, weight and velocity per link; x read and dx written per
            // input; dy read for the biases per output.
            PassTraffic fused3 = row.Passes.Single(p => p.Operation == "backward input and update 3");
            Assert.Equal(2.0 * row.Width * (128 + 24) + row.Width * 2 * 128 + row.Width * 128, fused3.Bytes);
            Assert.Equal(row.Width, fused3.SourceRows);
            PassTraffic forward2 = row.Passes.Single(p => p.Operation == "forward 2");
            Assert.Equal(2.0 * row.Width * (128 + 8) + row.Width * 128, forward2.Bytes); // batch 32: 128-byte rows
            Assert.Equal(row.Width, forward2.SourceRows);
            Assert.True(forward2.BoundBytesPerSecond > 0);
            Assert.All(
                row.Passes.Where(p => p.Operation.EndsWith(" 4", StringComparison.Ordinal)),
                p =>
                    Assert.True(
                        double.IsNaN(p.BoundBytesPerSecond),
                        "the dense read-out reads in order: no random-row bound"
                    )
            );
            Assert.InRange(row.FractionOfBound, 1e-4, 1e4);
        }
    }
}
