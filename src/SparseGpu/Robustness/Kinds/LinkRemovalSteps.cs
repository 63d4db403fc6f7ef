using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>
/// The two removal protocols beyond the nested per-layer one: --order global (the weight orders rank every perturbed
/// link together, by one |w| ranking, and a level removes that fraction of all of them) and --relative (each level
/// is a step taken on the network as the previous level's removal left it, before any compensation, removing the
/// links that take the total to the level from those that remain: re-ranked by the remaining weights for the weight
/// orders, the next of the same random order for random removal). A relative random removal therefore removes
/// exactly the nested random sets (and, the compensation acting per level on a copy, evaluates what they evaluate);
/// the level stays the fraction of the original links, and the step's fraction of the links that remained is
/// reported beside it.
/// </summary>
public abstract partial class LinkRemoval
{
    /// <summary>Whether the order is by |w| (the weight orders), which --order global and re-ranking apply
    /// to.</summary>
    protected abstract bool RanksByWeight { get; }

    public override IReadOnlySet<string> Switches
    {
        get
        {
            var switches = new HashSet<string>(base.Switches) { PerturbationSwitches.RelativeName };
            if (RanksByWeight)
                switches.Add(PerturbationSwitches.OrderName);
            return switches;
        }
    }

    public override void Evaluate(PerturbationContext context)
    {
        bool global = RanksByWeight && context.Options.Order == LinkOrder.Global;
        if (global || context.Options.Relative)
            Steps(context, global);
        else
            base.Evaluate(context);
    }

    private void Steps(PerturbationContext context, bool global)
    {
        Network trained = context.Trained;
        bool[] inScope = PerturbationPlan.LayersInScope(trained, context.Options.Scope, context.Options.Layers);
        int[] scoped = Enumerable.Range(0, inScope.Length).Where(k => inScope[k]).ToArray();
        int[][] groups = global ? [scoped] : scoped.Select(k => new[] { k }).ToArray();
        long[] original = groups.Select(g => g.Sum(k => (long)trained.Layers[k].LinkCount)).ToArray();
        // Random removal's one order per layer, drawn exactly as the nested protocol draws it.
        long[][]? randomKeys = RanksByWeight
            ? null
            : trained
                .Layers.Select(
                    (layer, k) =>
                        inScope[k]
                            ? Order(layer.Weights, context.Stream(this, k, levelIndex: null))
                                .Select(link => layer.Topology.KeyOf(link))
                                .ToArray()
                            : []
                )
                .ToArray();
        int[] nextRandom = new int[trained.Layers.Count];
        long[] done = new long[groups.Length];
        Network current = trained;
        for (int i = 0; i < context.Levels.Count; i++)
        {
            double level = context.Levels[i];
            Network from = context.Options.Relative ? current : trained;
            if (!context.Options.Relative)
                Array.Clear(done);
            var remove = from.Layers.Select(_ => new HashSet<long>()).ToArray();
            for (int g = 0; g < groups.Length; g++)
            {
                long target = EvaluationLayer.Count(checked((int)original[g]), level);
                long need = target - done[g];
                done[g] = Math.Max(done[g], target);
                if (need <= 0)
                    continue;
                if (randomKeys is not null)
                    foreach (int k in groups[g])
                        TakeNextPresent(randomKeys[k], ref nextRandom[k], from.Layers[k], need, remove[k]);
                else
                {
                    // Relative steps re-rank with ties drawn anew per level; a global order draws its ties once.
                    int streamLayer = global ? PerturbationStream.WholeNetwork : groups[g][0];
                    Rng ties = context.Stream(this, streamLayer, context.Options.Relative ? i : null);
                    TakeRanked(from, groups[g], ties, need, remove);
                }
            }
            long before = scoped.Sum(k => (long)from.Layers[k].LinkCount);
            long removed = remove.Sum(r => (long)r.Count);
            Network damaged = new(
                from.Layers.Select(
                        (layer, k) => remove[k].Count == 0 ? EvaluationLayer.Copy(layer) : Without(layer, remove[k])
                    )
                    .ToList()
            );
            double ofRemaining = context.Options.Relative && before > 0 ? (double)removed / before : double.NaN;
            context.Evaluate(damaged, level, ofRemaining);
            current = damaged;
        }
    }

    /// <summary>The next <paramref name="need"/> links of a fixed order that <paramref name="layer"/> still
    /// has.</summary>
    private static void TakeNextPresent(long[] order, ref int next, Layer layer, long need, HashSet<long> remove)
    {
        var present = new HashSet<long>(Enumerable.Range(0, layer.LinkCount).Select(layer.Topology.KeyOf));
        for (; next < order.Length && remove.Count < need; next++)
            if (present.Contains(order[next]))
                remove.Add(order[next]);
    }

    /// <summary>The first <paramref name="need"/> links of the group's layers by this removal's |w| order.</summary>
    private void TakeRanked(Network from, int[] layers, Rng ties, long need, HashSet<long>[] remove)
    {
        var owner = new List<(int Layer, int Link)>();
        var weights = new List<float>();
        foreach (int k in layers)
            for (int link = 0; link < from.Layers[k].LinkCount; link++)
            {
                owner.Add((k, link));
                weights.Add(from.Layers[k].Weights[link]);
            }
        int[] order = Order(weights.ToArray(), ties);
        for (int i = 0; i < need && i < order.Length; i++)
        {
            var (k, link) = owner[order[i]];
            remove[k].Add(from.Layers[k].Topology.KeyOf(link));
        }
    }

    private static Layer Without(Layer layer, HashSet<long> keys)
    {
        bool[] drop = new bool[layer.LinkCount];
        for (int link = 0; link < drop.Length; link++)
            drop[link] = keys.Contains(layer.Topology.KeyOf(link));
        return EvaluationLayer.Without(layer, drop);
    }
}
