using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Training;

/// <summary>
/// The gradients a topology update's growth rule reads (RigL's): before the update that precedes epoch t, the
/// engine sums the dense-equivalent gradients of every evolving layer's candidate links
/// (<see cref="LinkGradientTable.Candidates"/>) over the first --rigl-batches batches of epoch t's order, at the
/// weights the update starts from, without dropout. They depend only on the network, the seed and the epoch, so a
/// resumed run computes the same ones. The sums stay on the engine until a request reads its layer's leading ones
/// (<see cref="ILinkGradients.Leaders"/>: the request's count decides how many matter).
/// </summary>
internal sealed class LinkGradientWindow(ILinkGradientEngine engine, INetworkEngine orderTarget, TrainingSettings s)
{
    private ILinkGradients?[]? _sums;
    private int[] _evolving = [];

    /// <summary>Computes the sums for the update before <paramref name="epoch"/> of <paramref name="network"/>,
    /// the network the engine holds.</summary>
    public void Compute(Network network, int epoch, int samples)
    {
        Clear();
        Layer[] layers = network.Layers.ToArray();
        orderTarget.BeginEpoch(Trainer.EpochOrder(s.Seed, epoch, samples));
        int batches = s.RiglBatches ?? 1;
        int count = (int)Math.Min(samples, (long)batches * s.BatchSize);
        _sums = engine.LinkGradientSums(layers.Select(l => l.Evolves).ToArray(), 0, count, s.BatchSize);
        _evolving = Enumerable.Range(0, layers.Length).Where(k => layers[k].Evolves).ToArray();
    }

    /// <summary>The leading candidates of the request's layer (its index among the evolving layers).</summary>
    public LinkGradientTable For(RegrowthRequest request)
    {
        ILinkGradients?[] sums =
            _sums ?? throw new InvalidOperationException("no gradient window was computed for this update");
        ILinkGradients layer =
            sums[_evolving[request.LayerIndex]]
            ?? throw new InvalidOperationException($"no gradients of evolving layer {request.LayerIndex}");
        return layer.Leaders(request.Excluded, request.Count);
    }

    /// <summary>Frees the sums once the update is done (they keep the window's batches of every evolving layer).
    /// </summary>
    public void Clear()
    {
        foreach (ILinkGradients? sums in _sums ?? [])
            sums?.Dispose();
        _sums = null;
    }
}
