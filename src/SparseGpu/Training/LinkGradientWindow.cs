using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Training;

/// <summary>
/// The gradients a topology update's growth rule reads (RigL's): before the update that precedes epoch t, the
/// engine sums the dense-equivalent gradients of every evolving layer's candidate links
/// (<see cref="LinkGradientTable.Candidates"/>) over the first --rigl-batches batches of epoch t's order, at the
/// weights the update starts from, without dropout. They depend only on the network, the seed and the epoch, so a
/// resumed run computes the same ones.
/// </summary>
internal sealed class LinkGradientWindow(ILinkGradientEngine engine, INetworkEngine orderTarget, TrainingSettings s)
{
    private LinkGradientTable[]? _tables;

    /// <summary>Computes the tables for the update before <paramref name="epoch"/> of <paramref name="network"/>,
    /// the network the engine holds.</summary>
    public void Compute(Network network, int epoch, int samples)
    {
        Layer[] layers = network.Layers.ToArray();
        long[][] candidates = layers.Select(l => l.Evolves ? LinkGradientTable.Candidates(l.Topology) : []).ToArray();
        orderTarget.BeginEpoch(Trainer.EpochOrder(s.Seed, epoch, samples));
        int batches = s.RiglBatches ?? 1;
        int count = (int)Math.Min(samples, (long)batches * s.BatchSize);
        float[][] sums = engine.LinkGradients(candidates, 0, count, s.BatchSize);
        _tables = layers
            .Select((l, k) => (l, k))
            .Where(p => p.l.Evolves)
            .Select(p => new LinkGradientTable(candidates[p.k], sums[p.k]))
            .ToArray();
    }

    /// <summary>The table of the request's layer (its index among the evolving layers).</summary>
    public LinkGradientTable For(RegrowthRequest request) =>
        (_tables ?? throw new InvalidOperationException("no gradient window was computed for this update"))[
            request.LayerIndex
        ];

    /// <summary>Drops the tables once the update is done (they hold every absent link of every layer).</summary>
    public void Clear() => _tables = null;
}
