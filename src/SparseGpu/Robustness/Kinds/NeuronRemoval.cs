using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>What a neuron attack ranks the hidden neurons by (largest first); Random: no criterion.</summary>
public enum NeuronCriterion
{
    Random,
    InDegree,
    OutDegree,

    /// <summary>Σ|w| over the neuron's in-links and out-links.</summary>
    Strength,

    /// <summary>Input-to-output paths through the neuron: paths from the inputs to it × paths from it to the
    /// outputs (each read-out link a path end).</summary>
    Paths,
}

/// <summary>
/// Removal of hidden neurons, the network-science node attack: a removed neuron loses its in-links (in the layer
/// that computes it) and its out-links (in the next layer, the read-out included), so it contributes nothing, its
/// bias neither. A level is a fraction of the hidden neurons, counted in each hidden layer (--neuron-scope per-layer)
/// or over all of them (global); --layers K attacks the neurons sparse layer K computes. Static attacks rank once on
/// the trained network (levels are nested prefixes of one order); adaptive ones re-rank the remaining neurons before
/// each step on the network as the previous level's removal left it (before any compensation, which acts on a copy
/// that is evaluated), each step removing up to the level's count. Ties are broken by one draw per neuron from the
/// seed, which alone orders <see cref="NeuronCriterion.Random"/>.
/// </summary>
public sealed class NeuronRemoval(NeuronCriterion criterion, bool adaptive) : Perturbation
{
    public override string Name => $"neuron-{Slug}{(adaptive ? "-adaptive" : "")}";

    public override string Title =>
        criterion == NeuronCriterion.Random
            ? "Random neuron removal"
            : $"Neuron removal, largest {Describe} first{(adaptive ? ", re-ranked each step" : "")}";

    public override string LevelLabel => "fraction of hidden neurons removed";
    public override LevelKind Kind => LevelKind.NeuronFraction;
    public override bool Stochastic => criterion == NeuronCriterion.Random;
    public override double MaxLevel => 1.0;
    public override bool RemovesLinks => true;

    /// <summary>6 for random; 7 to 14 for the targeted ones, static then adaptive (fgsm reserved 5).</summary>
    public override int StreamId =>
        criterion == NeuronCriterion.Random ? 6 : 5 + 2 * (int)criterion + (adaptive ? 1 : 0);

    public override IReadOnlySet<string> Switches { get; } =
        new HashSet<string> { PerturbationSwitches.NeuronScopeName, PerturbationSwitches.LayersName };

    public NeuronCriterion Criterion => criterion;
    public bool Adaptive => adaptive;

    private string Slug =>
        criterion switch
        {
            NeuronCriterion.Random => "random",
            NeuronCriterion.InDegree => "in-degree",
            NeuronCriterion.OutDegree => "out-degree",
            NeuronCriterion.Strength => "strength",
            _ => "paths",
        };

    private string Describe =>
        criterion switch
        {
            NeuronCriterion.InDegree => "in-degree",
            NeuronCriterion.OutDegree => "out-degree",
            NeuronCriterion.Strength => "strength (sum of |w| in and out)",
            _ => "number of input-to-output paths",
        };

    public override void Evaluate(PerturbationContext context)
    {
        Network trained = context.Trained;
        int hidden = trained.Layers.Count - 1;
        IReadOnlyCollection<int>? only = context.Options.Layers;
        if (only is not null)
            PerturbationPlan.RequireSparseLayers(only, trained, "the network");
        var tie = new ulong[hidden][];
        var removed = new bool[hidden][];
        for (int h = 0; h < hidden; h++)
        {
            Rng random = context.Stream(this, h, levelIndex: null);
            tie[h] = new ulong[trained.Layers[h].Outputs];
            for (int n = 0; n < tie[h].Length; n++)
                tie[h][n] = random.NextUInt64();
            removed[h] = new bool[tie[h].Length];
        }
        List<List<(int Layer, int Neuron)>> groups = Groups(trained, only, context.Options.NeuronScope);
        List<(int Layer, int Neuron)>[]? order = adaptive
            ? null
            : groups.Select(g => Ranked(Scores(trained), g, tie)).ToArray();
        int[] done = new int[groups.Count];
        Network current = trained;
        foreach (double level in context.Levels)
        {
            double[][]? scores = null;
            for (int g = 0; g < groups.Count; g++)
            {
                int target = EvaluationLayer.Count(groups[g].Count, level);
                if (target <= done[g])
                    continue;
                IEnumerable<(int Layer, int Neuron)> next = order is not null
                    ? order[g].Skip(done[g])
                    : Ranked(scores ??= Scores(current), groups[g].Where(x => !removed[x.Layer][x.Neuron]), tie);
                foreach (var (layer, neuron) in next.Take(target - done[g]))
                    removed[layer][neuron] = true;
                done[g] = target;
            }
            Network damaged = Without(adaptive ? current : trained, removed);
            context.Evaluate(damaged, level);
            if (adaptive)
                current = damaged;
        }
    }

    /// <summary>Each hidden neuron's score under the criterion on <paramref name="network"/>, by hidden layer (0:
    /// the outputs of the first sparse layer); Paths as log2 of the count.</summary>
    public double[][] Scores(Network network)
    {
        int hidden = network.Layers.Count - 1;
        if (criterion == NeuronCriterion.Paths)
            return NeuronPaths.Log2Through(network);
        var scores = new double[hidden][];
        for (int h = 0; h < hidden; h++)
        {
            Layer into = network.Layers[h],
                outOf = network.Layers[h + 1];
            var score = new double[into.Outputs];
            switch (criterion)
            {
                case NeuronCriterion.InDegree:
                    for (int n = 0; n < score.Length; n++)
                        score[n] = into.Topology.InDegree(n);
                    break;
                case NeuronCriterion.OutDegree:
                    for (int n = 0; n < score.Length; n++)
                        score[n] = outOf.Topology.OutDegree(n);
                    break;
                case NeuronCriterion.Strength:
                    for (int link = 0; link < into.LinkCount; link++)
                        score[into.Topology.Rows[link]] += Math.Abs(into.Weights[link]);
                    for (int link = 0; link < outOf.LinkCount; link++)
                        score[outOf.Topology.Columns[link]] += Math.Abs(outOf.Weights[link]);
                    break;
            }
            scores[h] = score;
        }
        return scores;
    }

    /// <summary><paramref name="network"/> without the links into or out of the marked hidden neurons, as a fresh
    /// network.</summary>
    public static Network Without(Network network, bool[][] removed)
    {
        int hidden = network.Layers.Count - 1;
        var layers = new List<Layer>(network.Layers.Count);
        for (int k = 0; k < network.Layers.Count; k++)
        {
            Layer layer = network.Layers[k];
            LayerTopology t = layer.Topology;
            bool[] drop = new bool[layer.LinkCount];
            bool any = false;
            for (int link = 0; link < drop.Length; link++)
            {
                drop[link] = (k < hidden && removed[k][t.Rows[link]]) || (k > 0 && removed[k - 1][t.Columns[link]]);
                any |= drop[link];
            }
            layers.Add(any ? EvaluationLayer.Without(layer, drop) : EvaluationLayer.Copy(layer));
        }
        return new Network(layers);
    }

    /// <summary>The neurons a level's fraction counts over: each attacked hidden layer, or all of them at
    /// once.</summary>
    private static List<List<(int Layer, int Neuron)>> Groups(
        Network network,
        IReadOnlyCollection<int>? only,
        NeuronScope scope
    )
    {
        var perLayer = Enumerable
            .Range(0, network.Layers.Count - 1)
            .Where(h => only is null || only.Contains(h + 1))
            .Select(h => Enumerable.Range(0, network.Layers[h].Outputs).Select(n => (h, n)).ToList())
            .ToList();
        return scope == NeuronScope.PerLayer ? perLayer : [perLayer.SelectMany(g => g).ToList()];
    }

    /// <summary>The neurons by score, largest first, equal scores by their tie draws.</summary>
    private static List<(int Layer, int Neuron)> Ranked(
        double[][] scores,
        IEnumerable<(int Layer, int Neuron)> neurons,
        ulong[][] tie
    ) =>
        neurons
            .OrderByDescending(x => scores[x.Layer][x.Neuron])
            .ThenBy(x => tie[x.Layer][x.Neuron])
            .ThenBy(x => x.Layer)
            .ThenBy(x => x.Neuron)
            .ToList();
}
