using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>
/// `--method rigl`, Rigging the Lottery (Evci, Gale, Menick, Castro and Elsen 2020, ICML, "Rigging the Lottery:
/// Making All Tickets Winners"): each update removes the fraction f(t) of each layer's links with the smallest |w|
/// and grows as many absent links with the largest gradient magnitude |∂L/∂w|, at w = 0 (so the network's output is
/// unchanged by the growth), where f(t) = α/2·(1 + cos(π·t/T_end)) decays to 0 at T_end and no update happens from
/// T_end on (<see cref="UpdateSchedule"/>). The gradients are the engine's, dense-equivalent, summed over a window of
/// training batches at the weights the update starts from (<see cref="SignalSources.LinkGradients"/>). Unlike the
/// paper's code, a link this update removed is not a candidate (as in rlr and ch3l3) unless the layer is too dense to
/// grow elsewhere.
/// </summary>
/// <param name="sources">The training engine's signals: its gradients of absent links.</param>
public sealed class RiglMethod(SignalSources sources) : ITopologyMethod
{
    public const string MethodName = "rigl";

    public string Name => MethodName;

    public string DisplayName => "RigL";

    public string Colour => "#9467bd";

    public string Summary =>
        "RigL, Evci et al. 2020: removes f(t) = α/2·(1 + cos(π·t/T_end)) of the smallest |w| (--rigl-alpha, "
        + "--rigl-t-end), grows as many absent links of largest dense-equivalent gradient |∂L/∂w| over "
        + "--rigl-batches training batches at w = 0, every --rigl-delta-t epochs";

    public bool EvolvesTopology => true;

    /// <summary>Added with version 6.</summary>
    public int CheckpointVersion => 6;

    public TopologySignals Signals => TopologySignals.Weights | TopologySignals.AbsentLinkGradients;

    public IRegrowthStrategy Growth { get; } = new RiglRegrowth(sources.LinkGradients);
}

/// <summary>
/// RigL's growth rule: of the candidates (absent links not excluded), the <see cref="RegrowthRequest.Count"/> of
/// largest |gradient|, equal magnitudes ordered by a key from the layer's regrowth stream, one per candidate in key
/// order (<see cref="MagnitudeOrder.Largest"/>); new links start at w = 0. Links chosen at |gradient| = 0 (an input
/// that is always zero, a unit whose ReLU never opens in the window) were chosen by the tie key alone and count as
/// chosen at random. The table asked for need hold only the leading candidates
/// (<see cref="Engines.ILinkGradients.Leaders"/>): a candidate's tie key is the stream's draw at its rank among all
/// candidates, so the choice is the one a table of every candidate gives.
/// </summary>
/// <param name="gradients">The gradient table of a request's layer (at least every candidate of |gradient| up to
/// the request's count-th largest); null: none is available (no engine).</param>
public sealed class RiglRegrowth(Func<RegrowthRequest, LinkGradientTable>? gradients) : IRegrowthStrategy
{
    public RegrowthChoice Choose(RegrowthRequest request)
    {
        if (gradients is null)
            throw new InvalidOperationException(
                "rigl grows by the engine's gradients of absent links; none were given"
            );
        (long[] keys, float[] values, long[] ranks) = CandidatesOf(gradients(request), request);
        bool[] chosen = MagnitudeOrder.Largest(values, ranks, request.Count, request.Random);
        var added = new long[request.Count];
        int n = 0,
            byScore = 0;
        for (int c = 0; c < keys.Length; c++)
        {
            if (!chosen[c])
                continue;
            added[n++] = keys[c];
            if (values[c] != 0 && !float.IsNaN(values[c]))
                byScore++;
        }
        return new RegrowthChoice(added, byScore, request.Count - byScore);
    }

    /// <summary>The table's entries that are candidates of <paramref name="request"/> (the layer's positions not
    /// excluded) and each one's rank among all candidates in key order; a table with fewer candidates than asked
    /// for is refused, as it would silently narrow the choice.</summary>
    private static (long[] Keys, float[] Values, long[] Ranks) CandidatesOf(
        LinkGradientTable table,
        RegrowthRequest request
    )
    {
        long[] excluded = request.Excluded;
        var keys = new List<long>(table.Keys.Length);
        var values = new List<float>(table.Keys.Length);
        var ranks = new List<long>(table.Keys.Length);
        int e = 0;
        for (int t = 0; t < table.Keys.Length; t++)
        {
            long key = table.Keys[t];
            if (key < 0 || key >= request.AfterRemoval.PossibleLinks || (t > 0 && key <= table.Keys[t - 1]))
                throw new InvalidOperationException("the gradient table's keys do not ascend within the layer");
            while (e < excluded.Length && excluded[e] < key)
                e++;
            if (e < excluded.Length && excluded[e] == key)
                continue;
            keys.Add(key);
            values.Add(table.Gradients[t]);
            ranks.Add(key - e);
        }
        long candidates = request.AfterRemoval.PossibleLinks - excluded.Length;
        if (keys.Count < Math.Min(request.Count, candidates))
            throw new InvalidOperationException(
                $"the gradient table holds {keys.Count} candidate links, {request.Count} were asked for"
            );
        return (keys.ToArray(), values.ToArray(), ranks.ToArray());
    }
}
