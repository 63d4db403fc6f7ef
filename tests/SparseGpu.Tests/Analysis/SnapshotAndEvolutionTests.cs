using SparseGpu.Analysis;
using SparseGpu.Jobs;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Analysis;

/// <summary>`train --snapshot-every`: the files, their round trip, resumption, and evolution.csv's columns.</summary>
public sealed class SnapshotAndEvolutionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_snapshot_reads_back_exactly()
    {
        Network network = HandBuiltNetworks.Build(HandBuiltNetworks.Random([9, 7, 5, 3], 0.4, 7));
        network.Layers[0].Bias[2] = 0.25f;
        string path = TopologySnapshotFile.PathFor(_temp.Path, 12);
        TopologySnapshotFile.Write(path, 12, network);
        Assert.EndsWith(Path.Combine("snapshots", "epoch-0012.snap"), path);
        TopologySnapshot read = TopologySnapshotFile.Read(path);
        Assert.Equal(12, read.Epoch);
        for (int k = 0; k < network.Layers.Count; k++)
        {
            Assert.Equal(network.Layers[k].Topology.Keys(), read.Network.Layers[k].Topology.Keys());
            Assert.Equal(network.Layers[k].Weights, read.Network.Layers[k].Weights);
            Assert.Equal(network.Layers[k].Bias, read.Network.Layers[k].Bias);
            Assert.Equal(network.Layers[k].Evolves, read.Network.Layers[k].Evolves);
        }
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void A_damaged_snapshot_is_a_one_line_error()
    {
        string path = TopologySnapshotFile.PathFor(_temp.Path, 1);
        TopologySnapshotFile.Write(path, 1, HandBuiltNetworks.Build(HandBuiltNetworks.Small));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[40] ^= 0xff;
        File.WriteAllBytes(path, bytes);
        Assert.Equal(
            $"{path}: snapshot is truncated or corrupt (checksum mismatch)",
            Assert.Throws<SparseGpuException>(() => TopologySnapshotFile.Read(path)).Message
        );
        File.WriteAllBytes(path, bytes[..20]);
        Assert.StartsWith(
            $"{path}: not a SparseGpu topology snapshot",
            Assert.Throws<SparseGpuException>(() => TopologySnapshotFile.Read(path)).Message
        );
    }

    [Fact]
    public void Training_keeps_a_snapshot_per_interval_and_a_resumed_run_continues_them()
    {
        string data = IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 120, test: 40);
        TrainingJobRequest Request(int epochs, string? resume) =>
            new()
            {
                Overrides = resume is null
                    ? TrainingOverrides
                        .None.With(TrainingSettingCatalog.Hidden, [30, 20])
                        .With(TrainingSettingCatalog.Density, 0.1)
                        .With(TrainingSettingCatalog.Epochs, epochs)
                        .With(TrainingSettingCatalog.BatchSize, 20)
                        .With(TrainingSettingCatalog.Seed, 5UL)
                        .With(TrainingSettingCatalog.Method, "rlr")
                    : TrainingOverrides.None.With(TrainingSettingCatalog.Epochs, epochs),
                OutDirectory = _temp.File("run"),
                ResumeFrom = resume,
                Device = "cpu",
                DataDirectory = data,
                AllowDownload = false,
                SnapshotEvery = 2,
            };
        var run = new RunDirectory(_temp.File("run"));
        TrainingJob.Run(Request(2, null), SilentReporter.Instance, CancellationToken.None);
        TrainingJob.Run(
            Request(5, run.Model) with
            {
                CheckpointEvery = 1,
            },
            SilentReporter.Instance,
            CancellationToken.None
        );
        Assert.Equal([0, 2, 4], TopologySnapshotFile.List(run.Path).Select(s => s.Epoch));

        // The snapshot after epoch 4 is the network trained and evaluated in epoch 4, as the kept checkpoint of that
        // epoch.
        Network kept = CheckpointFile.Read(run.EpochCheckpoint(4)).State.Network;
        Network snapshot = TopologySnapshotFile.Read(TopologySnapshotFile.PathFor(run.Path, 4)).Network;
        for (int k = 0; k < kept.Layers.Count; k++)
        {
            Assert.Equal(kept.Layers[k].Topology.Keys(), snapshot.Layers[k].Topology.Keys());
            Assert.Equal(kept.Layers[k].Weights, snapshot.Layers[k].Weights);
        }
        TrainingJob.Run(
            Request(1, null) with
            {
                OutDirectory = _temp.File("straight"),
                SnapshotEvery = 0,
            },
            SilentReporter.Instance,
            CancellationToken.None
        );
        Assert.False(Directory.Exists(Path.Combine(_temp.File("straight"), "snapshots")));

        AnalysisResult analysis = AnalysisJob.Run(
            new AnalysisRequest { Runs = [run.Path], OutDirectory = _temp.File("analysis") }
        );
        Assert.Equal(3 * 2, analysis.Evolution.Count);
        Assert.True(File.Exists(_temp.File("analysis", "evolution.csv")));
        Assert.All(
            analysis.Evolution.Where(r => r.Epoch == 0),
            r => Assert.Equal((null, r.Links), (r.NewLinks, r.SurvivingFromInitial))
        );
        // RLR rewires 30% each epoch.
        Assert.All(analysis.Evolution.Where(r => r.Epoch > 0), r => Assert.True(r.NewLinks > 0));
    }

    [Fact]
    public void Evolution_columns_match_set_arithmetic_on_hand_built_snapshots()
    {
        // Three topologies of one 4x3 layer: initial, after epoch 1, final (epoch 2, also the model).
        (int, int)[][] links =
        [
            [(0, 0), (1, 0), (2, 1), (3, 2)],
            [(0, 0), (1, 1), (2, 1), (3, 0)],
            [(0, 0), (1, 1), (2, 2), (3, 0)],
        ];
        Network Net((int, int)[] l) =>
            HandBuiltNetworks.Build([
                new HandLayer(4, 3, l.Select(p => new HandLink(p.Item1, p.Item2, 1f)).ToList()),
                HandBuiltNetworks.Dense(3, 2, 1),
            ]);
        string runPath = _temp.File("hand-run");
        for (int e = 0; e < 3; e++)
            TopologySnapshotFile.Write(TopologySnapshotFile.PathFor(runPath, e), e, Net(links[e]));
        var model = new AnalyzedModel("hand-run", "rlr", "mnist", 1, Net(links[2]), runPath);
        List<EvolutionRow> rows = TopologyEvolution.Of(model, TopologySnapshotFile.List(runPath));
        Assert.Equal(3, rows.Count);
        for (int e = 0; e < 3; e++)
        {
            var now = links[e].ToHashSet();
            Assert.Equal(e == 0 ? null : now.Except(links[e - 1]).Count(), rows[e].NewLinks);
            Assert.Equal(now.Intersect(links[0]).Count(), rows[e].SurvivingFromInitial);
            Assert.Equal(
                (double)now.Intersect(links[2]).Count() / now.Union(links[2]).Count(),
                rows[e].JaccardToFinal,
                12
            );
            int active = Enumerable.Range(0, 3).Count(n => now.Any(l => l.Item2 == n)); // the read-out is dense
            Assert.Equal(active, rows[e].ActiveNeurons);
        }
        Assert.Equal((2, 0.5), (rows[1].NewLinks, rows[1].Turnover)); // (1,1) and (3,0) are new
        Assert.Equal(1.0, rows[2].JaccardToFinal);
    }
}
