using SparseGpu.LinkPrediction;

namespace SparseGpu.Topology;

/// <summary>
/// What the training engine offers a topology method's rules (<see cref="TopologySignals"/>): a method is built
/// over these, so the same method reads the scores of whichever engine trains it.
/// </summary>
/// <param name="LinkScorers">The link scorer for a predictor name on the training device; null: the fast CPU
/// path's scorers.</param>
/// <param name="LinkGradients">The dense-equivalent gradients of one layer's candidate links for the update in
/// progress (<see cref="LinkGradientTable"/>: every link the request may grow, at least), asked by a growth rule
/// with its request; null: no engine is training, so no gradients exist.</param>
public sealed record SignalSources(
    Func<string, ILinkScorer>? LinkScorers = null,
    Func<RegrowthRequest, LinkGradientTable>? LinkGradients = null
)
{
    /// <summary>Nothing from an engine: scorers on the fast CPU path (tests, checks of names).</summary>
    public static readonly SignalSources Host = new();

    /// <summary>The link predictor the run chose for a method that samples by a predictor's scores (--predictor,
    /// `chts`); null: that method's default. Other methods never read it (validation refuses it with them).</summary>
    public string? Predictor { get; init; }

    /// <summary>The signals these sources can supply.</summary>
    public TopologySignals Supplied =>
        TopologySignals.Weights
        | TopologySignals.LinkScores
        | (LinkGradients is null ? TopologySignals.None : TopologySignals.AbsentLinkGradients);

    /// <summary>Throws a one-line error when <paramref name="method"/> needs a signal these sources do not
    /// supply.</summary>
    /// <param name="engine">The engine's name, for the message.</param>
    public void Require(ITopologyMethod method, string engine)
    {
        TopologySignals missing = method.Signals & ~Supplied;
        if (missing != TopologySignals.None)
            throw new InvalidSettingException(
                "method",
                $" '{method.Name}' needs {missing}, which the {engine} engine here does not supply"
                    + (missing.HasFlag(TopologySignals.AbsentLinkGradients) ? " (a packed network cannot)" : "")
            );
    }
}

/// <summary>
/// Dense-equivalent gradients of one layer's candidate links over an update's batch window: for each key (ascending,
/// <see cref="Model.LayerTopology.Key"/>), the sum over the window's batches of ∂(batch-mean loss)/∂w for a link at
/// that position, Σ δ_output·a_input over the batch; an absent link counts as present at w = 0, which leaves the
/// network's output unchanged.
/// </summary>
public sealed record LinkGradientTable(long[] Keys, float[] Gradients)
{
    /// <summary>The entries of <paramref name="keys"/> (ascending) and their <paramref name="gradients"/> whose key
    /// is not in <paramref name="excluded"/> (ascending).</summary>
    public static LinkGradientTable Without(long[] keys, float[] gradients, long[] excluded)
    {
        var kept = new List<long>(keys.Length);
        var values = new List<float>(keys.Length);
        int e = 0;
        for (int c = 0; c < keys.Length; c++)
        {
            while (e < excluded.Length && excluded[e] < keys[c])
                e++;
            if (e < excluded.Length && excluded[e] == keys[c])
                continue;
            kept.Add(keys[c]);
            values.Add(gradients[c]);
        }
        return new LinkGradientTable(kept.ToArray(), values.ToArray());
    }

    /// <summary>The links a layer's gradient window covers: every absent link, or, once a layer is over half dense,
    /// every position (an update then may regrow links it removed, which the editor allows when too few others are
    /// absent; the table must hold those too).</summary>
    public static long[] Candidates(Model.LayerTopology layer)
    {
        if (layer.PossibleLinks - layer.LinkCount < layer.LinkCount)
        {
            long[] all = new long[layer.PossibleLinks];
            for (long key = 0; key < all.Length; key++)
                all[key] = key;
            return all;
        }
        long[] present = layer.Keys(); // ascending: links are stored in key order
        long[] absent = new long[layer.PossibleLinks - layer.LinkCount];
        int p = 0,
            n = 0;
        for (long key = 0; key < layer.PossibleLinks; key++)
        {
            if (p < present.Length && present[p] == key)
                p++;
            else
                absent[n++] = key;
        }
        return absent;
    }
}
