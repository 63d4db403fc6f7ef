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
/// The one place where links are removed and added. Per layer: remove the fraction ζ of links with the smallest
/// |w| (ties broken by a random key from the seed, not by index, which would favour low indices), ask the
/// strategy for exactly as many new links among those absent before the update, check the answer, and install
/// it. Guarantees: the link count is conserved, no duplicates, no link is removed and re-added in the same update
/// (unless the layer is so dense that too few other absent links exist), new links start at weight 0 with zero
/// momentum, and the same seed gives the same edit.
/// </summary>
public static class TopologyEditor
{
    private static readonly IRemovalStrategy Magnitude = new MagnitudeRemoval();

    public static int RemovalCount(int links, double zeta)
    {
        if (!(zeta >= 0 && zeta < 1))
            throw new InvalidSettingException("zeta", $" must be in [0, 1), got {zeta}");
        double exact = zeta * links;
        return (int)Math.Floor(exact + 1e-9 * Math.Max(1.0, exact));
    }

    /// <summary>
    /// Edits every evolving layer of <paramref name="network"/> (layer index k among them), on several threads when
    /// the strategy allows it; the edits come back in layer order and do not depend on the threads.
    /// </summary>
    /// <param name="removal">Which links go; null: the smallest |w| (<see cref="MagnitudeRemoval"/>).</param>
    public static IReadOnlyList<LayerEdit> ApplyAll(
        Network network,
        double zeta,
        IRegrowthStrategy strategy,
        ulong seed,
        int epoch,
        IRemovalStrategy? removal = null
    )
    {
        Layer[] layers = network.Layers.Where(l => l.Evolves).ToArray();
        var edits = new LayerEdit[layers.Length];
        if (strategy.EditsLayersInParallel)
            Parallel.For(0, layers.Length, k => edits[k] = Apply(layers[k], zeta, strategy, seed, epoch, k, removal));
        else
            for (int k = 0; k < layers.Length; k++)
                edits[k] = Apply(layers[k], zeta, strategy, seed, epoch, k, removal);
        return edits;
    }

    public static LayerEdit Apply(
        Layer layer,
        double zeta,
        IRegrowthStrategy strategy,
        ulong seed,
        int epoch,
        int layerIndex,
        IRemovalStrategy? removal = null
    )
    {
        LayerTopology before = layer.Topology;
        int removeCount = strategy.EvolvesTopology ? RemovalCount(before.LinkCount, zeta) : 0;
        if (removeCount == 0)
            return LayerEdit.None;

        IRemovalStrategy remover = removal ?? Magnitude;
        bool[] removed = remover.Choose(
            layer,
            removeCount,
            RandomStreams.Derive(seed, RandomPurpose.Removal, epoch, layerIndex)
        );
        long[] keysBefore = before.Keys();
        var survivors = new List<int>(before.LinkCount - removeCount);
        var removedKeys = new List<long>(removeCount);
        // The hook's answer is checked in the pass that splits the links: one flag per link, removeCount set.
        if (removed.Length == keysBefore.Length)
            for (int link = 0; link < keysBefore.Length; link++)
            {
                if (removed[link])
                    removedKeys.Add(keysBefore[link]);
                else
                    survivors.Add(link);
            }
        if (removed.Length != keysBefore.Length || removedKeys.Count != removeCount)
            throw new InvalidOperationException(
                $"removal '{remover.Name}' did not choose {removeCount} of {before.LinkCount} links"
            );
        long[] survivingKeys = new long[survivors.Count];
        for (int i = 0; i < survivingKeys.Length; i++)
            survivingKeys[i] = keysBefore[survivors[i]];
        var afterRemoval = LayerTopology.FromSortedKeys(before.Inputs, before.Outputs, survivingKeys);

        // Links just removed are not candidates, unless the layer is too dense to regrow elsewhere.
        bool enoughElsewhere = before.PossibleLinks - before.LinkCount >= removeCount;
        long[] excluded = enoughElsewhere ? keysBefore : survivingKeys;
        var request = new RegrowthRequest(
            afterRemoval,
            excluded,
            removeCount,
            RandomStreams.Derive(seed, RandomPurpose.Regrowth, epoch, layerIndex),
            layerIndex
        );
        RegrowthChoice choice = strategy.Choose(request);
        long[] added = Validate(choice, request, strategy.Name);

        Install(layer, keysBefore, survivors, added);
        return new LayerEdit(removeCount, added.Length, choice.ByScore, choice.AtRandom, removedKeys.ToArray(), added);
    }

    private static long[] Validate(RegrowthChoice choice, RegrowthRequest request, string strategy)
    {
        long[] added = (long[])choice.Keys.Clone();
        Array.Sort(added);
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
        return added;
    }

    /// <summary>Merges survivors (keeping weight and momentum) with new links (zero) in key order.</summary>
    private static void Install(Layer layer, long[] keysBefore, List<int> survivors, long[] added)
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
                keys[n] = added[a++];
            }
        }
        layer.ReplaceLinks(LayerTopology.FromSortedKeys(layer.Inputs, layer.Outputs, keys), weights, velocity);
    }
}
