using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>How many links one topology update removed and regrew in one layer, and how the new ones were
/// chosen.</summary>
public readonly record struct EditCounts(int Removed, int Regrown, int RegrownByScore, int RegrownAtRandom);

/// <summary>What one topology update did to one layer.</summary>
public sealed record LayerEdit(
    int Removed,
    int Regrown,
    int RegrownByScore,
    int RegrownAtRandom,
    long[] RemovedKeys,
    long[] AddedKeys
)
{
    public static readonly LayerEdit None = new(0, 0, 0, 0, [], []);

    public EditCounts Counts => new(Removed, Regrown, RegrownByScore, RegrownAtRandom);
}

/// <summary>
/// The one place where links are removed and added. Per layer: the method's removal rule marks links (by default
/// the fraction ζ with the smallest |w|, ties broken by a random key from the seed, not by index, which would
/// favour low indices); with chain removal, hidden neurons left without inputs or without outputs then lose their
/// remaining links, network-wide, until none is left (<see cref="ChainRemoval"/>); the method's growth rule is asked
/// for exactly as many new links as the layer lost, the answer is checked and installed. Guarantees: each layer's
/// link count is conserved (so every layer stays at its density, chain removal or not), no duplicates, no link is
/// removed and re-added in the same update (unless the growth rule says it may, as SET's does, or the layer is so
/// dense that too few other absent links exist), new links start with zero momentum and the growth rule's weight
/// (0 unless it gives one), and the same seed gives the same edit.
/// </summary>
public static class TopologyEditor
{
    public static int RemovalCount(int links, double zeta)
    {
        if (!(zeta >= 0 && zeta < 1))
            throw new InvalidSettingException("zeta", $" must be in [0, 1), got {zeta}");
        double exact = zeta * links;
        return (int)Math.Floor(exact + 1e-9 * Math.Max(1.0, exact));
    }

    /// <summary>
    /// Edits every evolving layer of <paramref name="network"/> (layer index k among them), on several threads when
    /// the method allows it; the edits come back in layer order and do not depend on the threads.
    /// </summary>
    /// <param name="chainRemoval">After the removal rule, remove the links of hidden neurons left without inputs or
    /// outputs, repeatedly (--chain-removal); the growth rule then restores each layer's count.</param>
    public static IReadOnlyList<LayerEdit> ApplyAll(
        Network network,
        double zeta,
        ITopologyMethod method,
        ulong seed,
        int epoch,
        bool chainRemoval = false
    )
    {
        Layer[] layers = network.Layers.Where(l => l.Evolves).ToArray();
        var edits = new LayerEdit[layers.Length];
        if (!chainRemoval)
        {
            ForEachLayer(method, layers.Length, k => edits[k] = Apply(layers[k], zeta, method, seed, epoch, k));
            return edits;
        }
        var removed = new bool[layers.Length][];
        ForEachLayer(
            method,
            layers.Length,
            k => removed[k] = Remove(layers[k], zeta, method, method.Removal, seed, epoch, k)
        );
        ChainRemoval.Extend(network, removed);
        ForEachLayer(method, layers.Length, k => edits[k] = Regrow(layers[k], removed[k], method, seed, epoch, k));
        return edits;
    }

    /// <param name="removal">Which links go; null: the method's own rule
    /// (<see cref="ITopologyMethod.Removal"/>).</param>
    public static LayerEdit Apply(
        Layer layer,
        double zeta,
        ITopologyMethod method,
        ulong seed,
        int epoch,
        int layerIndex,
        IRemovalStrategy? removal = null
    ) =>
        Regrow(
            layer,
            Remove(layer, zeta, method, removal ?? method.Removal, seed, epoch, layerIndex),
            method,
            seed,
            epoch,
            layerIndex
        );

    private static void ForEachLayer(ITopologyMethod method, int layers, Action<int> edit)
    {
        if (method.EditsLayersInParallel)
            Parallel.For(0, layers, edit);
        else
            for (int k = 0; k < layers; k++)
                edit(k);
    }

    /// <summary>The removal rule's flags, one per link, checked: exactly the count the rule gives for the
    /// layer.</summary>
    private static bool[] Remove(
        Layer layer,
        double zeta,
        ITopologyMethod method,
        IRemovalStrategy remover,
        ulong seed,
        int epoch,
        int layerIndex
    )
    {
        int removeCount = method.EvolvesTopology ? remover.Count(layer, zeta) : 0;
        if (removeCount == 0)
            return new bool[layer.LinkCount];
        bool[] removed = remover.Choose(
            layer,
            zeta,
            removeCount,
            RandomStreams.Derive(seed, RandomPurpose.Removal, epoch, layerIndex)
        );
        if (removed.Length != layer.LinkCount || removed.Count(r => r) != removeCount)
            throw new InvalidOperationException(
                $"removal '{remover.Name}' did not choose {removeCount} of {layer.LinkCount} links"
            );
        return removed;
    }

    /// <summary>Takes out the flagged links and asks the growth rule for as many new ones.</summary>
    private static LayerEdit Regrow(
        Layer layer,
        bool[] removed,
        ITopologyMethod method,
        ulong seed,
        int epoch,
        int layerIndex
    )
    {
        LayerTopology before = layer.Topology;
        long[] keysBefore = before.Keys();
        var survivors = new List<int>(before.LinkCount);
        var removedKeys = new List<long>();
        for (int link = 0; link < keysBefore.Length; link++)
        {
            if (removed[link])
                removedKeys.Add(keysBefore[link]);
            else
                survivors.Add(link);
        }
        int removeCount = removedKeys.Count;
        if (removeCount == 0)
            return LayerEdit.None;
        long[] survivingKeys = new long[survivors.Count];
        for (int i = 0; i < survivingKeys.Length; i++)
            survivingKeys[i] = keysBefore[survivors[i]];
        var afterRemoval = LayerTopology.FromSortedKeys(before.Inputs, before.Outputs, survivingKeys);

        // Links just removed are not candidates, unless the rule allows it or the layer is too dense to regrow
        // elsewhere.
        bool enoughElsewhere = before.PossibleLinks - before.LinkCount >= removeCount;
        long[] excluded = enoughElsewhere && !method.Growth.MayRegrowRemoved ? keysBefore : survivingKeys;
        var request = new RegrowthRequest(
            afterRemoval,
            excluded,
            removeCount,
            RandomStreams.Derive(seed, RandomPurpose.Regrowth, epoch, layerIndex),
            layerIndex
        );
        RegrowthChoice choice = method.Growth.Choose(request);
        (long[] added, float[] addedWeights) = Validate(choice, request, method.Name);

        Install(layer, keysBefore, survivors, added, addedWeights);
        return new LayerEdit(removeCount, added.Length, choice.ByScore, choice.AtRandom, removedKeys.ToArray(), added);
    }

    /// <summary>The chosen keys in ascending order with their initial weights, once every rule holds.</summary>
    private static (long[] Keys, float[] Weights) Validate(
        RegrowthChoice choice,
        RegrowthRequest request,
        string strategy
    )
    {
        long[] added = (long[])choice.Keys.Clone();
        float[] weights = choice.Weights is { } given ? (float[])given.Clone() : new float[added.Length];
        if (weights.Length != added.Length)
            throw new InvalidOperationException(
                $"regrowth '{strategy}' gave {weights.Length} initial weights for {added.Length} links"
            );
        Array.Sort(added, weights);
        if (added.Length != request.Count)
            throw new InvalidOperationException(
                $"regrowth '{strategy}' chose {added.Length} links, {request.Count} were asked for"
            );
        if (choice.ByScore + choice.AtRandom != added.Length)
            throw new InvalidOperationException(
                $"regrowth '{strategy}' reports {choice.ByScore} + {choice.AtRandom} links for {added.Length}"
            );
        long[] excluded = request.Excluded;
        int e = 0; // both lists ascend: one walk finds every chosen key that is excluded
        for (int i = 0; i < added.Length; i++)
        {
            if (added[i] < 0 || added[i] >= request.AfterRemoval.PossibleLinks)
                throw new InvalidOperationException($"regrowth '{strategy}' chose key {added[i]} outside the layer");
            if (i > 0 && added[i] == added[i - 1])
                throw new InvalidOperationException($"regrowth '{strategy}' chose key {added[i]} twice");
            while (e < excluded.Length && excluded[e] < added[i])
                e++;
            if (e < excluded.Length && excluded[e] == added[i])
                throw new InvalidOperationException(
                    $"regrowth '{strategy}' chose key {added[i]}, which is not a candidate"
                );
        }
        return (added, weights);
    }

    /// <summary>Merges survivors (keeping weight and momentum) with new links (their initial weight, zero momentum)
    /// in key order.</summary>
    private static void Install(Layer layer, long[] keysBefore, List<int> survivors, long[] added, float[] addedWeights)
    {
        int total = survivors.Count + added.Length;
        long[] keys = new long[total];
        float[] weights = new float[total];
        float[] velocity = new float[total];
        int s = 0,
            a = 0;
        for (int n = 0; n < total; n++)
        {
            if (a >= added.Length || (s < survivors.Count && keysBefore[survivors[s]] < added[a]))
            {
                int link = survivors[s++];
                keys[n] = keysBefore[link];
                weights[n] = layer.Weights[link];
                velocity[n] = layer.WeightVelocity[link];
            }
            else
            {
                weights[n] = addedWeights[a];
                keys[n] = added[a++];
            }
        }
        layer.ReplaceLinks(LayerTopology.FromSortedKeys(layer.Inputs, layer.Outputs, keys), weights, velocity);
    }
}
