using SparseGpu.Topology;

namespace SparseGpu.Engines;

/// <summary>
/// One layer's candidate links and their gradient sums on an engine's device
/// (<see cref="IBatchOperations{TImages, TBatch, TResults}.AllocateLinkGradients"/>): the sums start at zero, each
/// <see cref="IBatchOperations{TImages, TBatch, TResults}.AccumulateLinkGradients"/> adds one batch's gradients.
/// </summary>
public interface ILinkGradients : IDisposable
{
    /// <summary>The candidate keys, ascending (<see cref="Model.LayerTopology.Key"/>).</summary>
    long[] Keys { get; }

    /// <summary>The sums so far, one per key, to the host.</summary>
    float[] Read();

    /// <summary>
    /// RigL's growth signal for one update: of the candidates, the positions of the layer not in
    /// <paramref name="excluded"/> (ascending; every candidate must be one of <see cref="Keys"/>), at least every one
    /// whose |sum| is at least the <paramref name="count"/>-th largest |sum| of them (NaN counting as 0), keys
    /// ascending with their sums; every candidate where that magnitude is 0. The same sums as <see cref="Read"/>, bit
    /// for bit. This one reads them all; an engine that can leave out the small ones without summing them does.
    /// </summary>
    LinkGradientTable Leaders(long[] excluded, int count) => LinkGradientTable.Without(Keys, Read(), excluded);
}

/// <summary>
/// An engine that computes dense-equivalent gradients of candidate links over training batches (RigL's growth
/// signal). Every <see cref="BatchEngine{TImages, TBatch, TResults}"/> does, through its operations.
/// </summary>
public interface ILinkGradientEngine
{
    /// <summary>
    /// For each layer marked in <paramref name="layers"/> (null for the others), the sums over the batches of
    /// <paramref name="batchSize"/> (the last one shorter) at positions [offset, offset+count) of the epoch's order
    /// of ∂(batch-mean loss)/∂w of a link at each of the layer's <see cref="LinkGradientTable.Candidates"/>,
    /// Σ_samples δ_output·a_input: the gradient a link would have if present, at weight 0 for an absent one. The
    /// weights are the loaded ones, unchanged; no dropout; the epoch's per-sample training results are left as they
    /// were. The sums stay on the engine: read them with <see cref="ILinkGradients.Leaders"/> or
    /// <see cref="ILinkGradients.Read"/> (an engine may build the key list only if it is read) and dispose them.
    /// </summary>
    ILinkGradients?[] LinkGradientSums(IReadOnlyList<bool> layers, int offset, int count, int batchSize);
}
