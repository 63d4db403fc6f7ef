using System.Diagnostics;
using SparseGpu.Analysis;
using SparseGpu.Model;
using Xunit.Abstractions;

namespace SparseGpu.Tests.Analysis;

/// <summary>The cost target of `analyze`: a layer of one million links in seconds, memory proportional to the
/// links.</summary>
public sealed class AnalysisCostTests(ITestOutputHelper output)
{
    [Fact]
    public void A_million_link_layer_is_analysed_in_linear_memory()
    {
        Network network = NetworkFactory.Create(new NetworkShape(784, [10000, 1000], 10, 0.1276), seed: 1);
        Assert.InRange(network.Layers[0].LinkCount, 1_000_000, 1_001_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        LayerStructure first = LayerStructure.Of(network, 0);
        NetworkConnectivity connectivity = NetworkConnectivity.Of(network);
        double seconds = clock.Elapsed.TotalSeconds;
        double bytesPerLink = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)network.TotalLinks;
        output.WriteLine(
            $"{network.TotalLinks} links: structure of layer 1 + connectivity in {seconds:F2} s, {bytesPerLink:F1} "
                + "bytes allocated per link"
        );
        Assert.Equal(first.Links, network.Layers[0].LinkCount);
        Assert.Equal(784, connectivity.PixelsConnected);
        Assert.True(seconds < 10, $"{seconds:F1} s");
        Assert.True(bytesPerLink < 64, $"{bytesPerLink:F0} bytes per link");
    }

    [Fact]
    public void A_default_network_snapshot_costs_milliseconds()
    {
        Network network = NetworkFactory.Create(
            new NetworkShape(784, NetworkShape.DefaultHidden, 10, NetworkShape.DefaultDensity),
            seed: 1
        );
        using var temp = new Support.TempDirectory();
        SparseGpu.Runs.TopologySnapshotFile.Write(temp.File("warm.snap"), 0, network);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 5; i++)
            SparseGpu.Runs.TopologySnapshotFile.Write(temp.File($"s{i}.snap"), i, network);
        double milliseconds = clock.Elapsed.TotalMilliseconds / 5;
        long bytes = new FileInfo(temp.File("s0.snap")).Length;
        output.WriteLine($"default network snapshot: {bytes} bytes written in {milliseconds:F1} ms");
        Assert.True(milliseconds < 1000, $"{milliseconds:F0} ms");
    }
}
