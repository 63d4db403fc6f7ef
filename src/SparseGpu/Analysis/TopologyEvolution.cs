using SparseGpu.Model;
using SparseGpu.Runs;

namespace SparseGpu.Analysis;

/// <summary>evolution.csv rows of one run from its snapshots, read one at a time (memory: three networks).</summary>
public static class TopologyEvolution
{
    /// <param name="run">The run (its final network is the reference of "Jaccard to final").</param>
    /// <param name="snapshots">The run's snapshot files by epoch ascending.</param>
    public static List<EvolutionRow> Of(AnalyzedModel run, IReadOnlyList<(int Epoch, string Path)> snapshots)
    {
        var rows = new List<EvolutionRow>();
        Network final = run.Network;
        Network? initial = null,
            previous = null;
        int? previousEpoch = null;
        var ages = Enumerable.Range(0, final.Layers.Count - 1).Select(_ => new LinkAge()).ToArray();
        foreach (var (epoch, path) in snapshots)
        {
            TopologySnapshot snapshot = TopologySnapshotFile.Read(path);
            if (snapshot.Epoch != epoch)
                throw new SparseGpuException($"{path}: holds epoch {snapshot.Epoch}, not {epoch}");
            Network network = snapshot.Network;
            RequireSameShape(path, network, final);
            if (epoch == 0)
                initial = network;
            for (int k = 0; k < network.Layers.Count - 1; k++)
            {
                LayerTopology t = network.Layers[k].Topology;
                int? added = previous is null
                    ? null
                    : t.LinkCount - TopologyOverlap.Common(t, previous.Layers[k].Topology);
                int? surviving = initial is null ? null : TopologyOverlap.Common(t, initial.Layers[k].Topology);
                int? removed = previous is null
                    ? null
                    : previous.Layers[k].LinkCount - TopologyOverlap.Common(t, previous.Layers[k].Topology);
                LinkAgeMeasures? age = ages[k].Step(epoch, t, followsPrevious: epoch == previousEpoch + 1);
                rows.Add(
                    new EvolutionRow(
                        run.Name,
                        run.Method,
                        run.Dataset,
                        run.Seed,
                        epoch,
                        k + 1,
                        t.LinkCount,
                        added,
                        surviving,
                        network.ActiveNeurons(k),
                        TopologyOverlap.Jaccard(t, final.Layers[k].Topology)
                    )
                    {
                        RemovedLinks = removed,
                        Age = age,
                    }
                );
            }
            previous = network;
            previousEpoch = epoch;
        }
        return rows;
    }

    private static void RequireSameShape(string path, Network snapshot, Network final)
    {
        bool same =
            snapshot.Layers.Count == final.Layers.Count
            && snapshot
                .Layers.Zip(final.Layers)
                .All(p => p.First.Inputs == p.Second.Inputs && p.First.Outputs == p.Second.Outputs);
        if (!same)
            throw new SparseGpuException($"{path}: the snapshot's layer sizes differ from the run's model");
    }
}
