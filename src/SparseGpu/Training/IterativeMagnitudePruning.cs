using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Training;

/// <summary>
/// `--method imp`, lottery tickets by iterative magnitude pruning (Frankle and Carbin 2019; rewinding to an early
/// epoch: Frankle et al. 2020), the one place that knows its rounds. Round 0 trains the network at
/// --imp-start-density (1: dense) for --epochs. Each later round r, at the start of its first epoch, keeps in every
/// sparse layer the ⌊d_r · n_in · n_out⌋ links of largest |w| (d_r = max(target, start · (1 − rate)^r), exactly the
/// target --density in the last round R, the first round where start · (1 − rate)^R reaches it), then rewinds every
/// weight and bias of the network to the rewind point (the initial network, or the one after epoch K of round 0)
/// with zero momentum, and trains --imp-round-epochs − K epochs on that fixed topology (no regrowth), the learning
/// rate following epochs K.. of a --imp-round-epochs schedule. Everything it needs is the settings, the network and
/// the rewind point in <see cref="TrainingState.RewindPoint"/>, which the checkpoint stores: a resumed run goes on
/// exactly as an uninterrupted one.
/// </summary>
public sealed class IterativeMagnitudePruning
{
    public const string MethodName = IterativePruningMethod.MethodName;

    /// <summary>The --imp-rewind value that rewinds to the initial weights.</summary>
    public const string RewindToInit = "init";

    private readonly TrainingSettings _settings;
    private readonly double[] _targets;

    private IterativeMagnitudePruning(TrainingSettings settings)
    {
        _settings = settings;
        Densities target =
            settings.Density
            ?? throw new InvalidSettingException("fan-in", " cannot set --method imp's target: give --density");
        _targets = Enumerable.Range(0, settings.Hidden.Length).Select(target.For).ToArray();
        RewindEpoch = RewindEpochOf(settings.ImpRewind);
        RoundEpochs = settings.ImpRoundEpochs > 0 ? settings.ImpRoundEpochs : settings.Epochs;
        Rounds = _targets.Max(t => RoundsTo(settings.ImpStartDensity, t, settings.ImpRate));
    }

    /// <summary>The plan of an imp run; null for any other method.</summary>
    public static IterativeMagnitudePruning? For(TrainingSettings settings) =>
        IsImp(settings) ? new IterativeMagnitudePruning(settings) : null;

    public static bool IsImp(TrainingSettings settings) =>
        string.Equals(settings.Regrowth, MethodName, StringComparison.OrdinalIgnoreCase);

    /// <summary>K of --imp-rewind (0 for init).</summary>
    public static int RewindEpochOf(string rewind) =>
        rewind == RewindToInit ? 0 : int.Parse(rewind, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Epochs of round 0 (--epochs).</summary>
    public int FirstEpochs => _settings.Epochs;

    /// <summary>The schedule length of a retraining round (--imp-round-epochs, or --epochs).</summary>
    public int RoundEpochs { get; }

    /// <summary>K: retraining starts from the weights after epoch K of round 0 (0: the initial weights).</summary>
    public int RewindEpoch { get; }

    /// <summary>Epochs each retraining round trains.</summary>
    public int RetrainEpochs => RoundEpochs - RewindEpoch;

    /// <summary>R, the pruning rounds: the first r with start · (1 − rate)^r at or below every layer's
    /// target.</summary>
    public int Rounds { get; }

    public int TotalEpochs => FirstEpochs + Rounds * RetrainEpochs;

    /// <summary>The round that 0-based <paramref name="epoch"/> belongs to (0: the training before any
    /// pruning).</summary>
    public int RoundOf(int epoch) => epoch < FirstEpochs ? 0 : 1 + (epoch - FirstEpochs) / RetrainEpochs;

    /// <summary>Whether a pruning round (prune, rewind) opens 0-based <paramref name="epoch"/>.</summary>
    public bool StartsRound(int epoch) => epoch >= FirstEpochs && (epoch - FirstEpochs) % RetrainEpochs == 0;

    /// <summary>Sparse layer <paramref name="layer"/>'s density after round <paramref name="round"/>.</summary>
    public double DensityAfter(int round, int layer)
    {
        double target = _targets[layer];
        if (round >= RoundsTo(_settings.ImpStartDensity, target, _settings.ImpRate))
            return target;
        return Math.Max(target, _settings.ImpStartDensity * Math.Pow(1 - _settings.ImpRate, round));
    }

    /// <summary>The links sparse layer <paramref name="layer"/> keeps after round <paramref name="round"/>, counted
    /// as --density counts them.</summary>
    public long LinksAfter(int round, int layer, int inputs, int outputs) =>
        LinkBudget.Uniform(DensityAfter(round, layer)).LinksFor(0, inputs, outputs);

    /// <summary>The learning rate of 0-based <paramref name="epoch"/>: round 0 follows an --epochs schedule, each
    /// retraining round epochs K.. of an --imp-round-epochs one.</summary>
    public double LearningRate(int epoch)
    {
        (int position, int length) =
            epoch < FirstEpochs
                ? (epoch, FirstEpochs)
                : (RewindEpoch + (epoch - FirstEpochs) % RetrainEpochs, RoundEpochs);
        return LearningRateSchedule.Rate(_settings.LrSchedule, _settings.LearningRate, position, length);
    }

    /// <summary>The network a new imp run starts from: its sparse layers at --imp-start-density.</summary>
    public NetworkShape InitialShape(int inputs, int classes) =>
        new(inputs, _settings.Hidden, classes, LinkBudget.Uniform(_settings.ImpStartDensity));

    /// <summary>
    /// What opens 0-based <paramref name="epoch"/>: at epoch K of round 0 the rewind point is taken; at the start
    /// of a retraining round every sparse layer is pruned and the network rewound. Returns the round's edits (none
    /// when no round starts), so metrics.csv's removed_k columns show each prune.
    /// </summary>
    public IReadOnlyList<EditCounts> BeforeEpoch(TrainingState state, int epoch)
    {
        if (epoch == RewindEpoch && epoch < FirstEpochs && state.RewindPoint is null)
            state.RewindPoint = RewindPointOf(state.Network);
        if (!StartsRound(epoch))
            return [];
        Network rewind =
            state.RewindPoint ?? throw new InvalidOperationException("a pruning round without a rewind point");
        int round = RoundOf(epoch);
        var edits = new List<EditCounts>();
        Layer[] layers = state.Network.Layers.ToArray();
        int hidden = 0;
        for (int k = 0; k < layers.Length; k++)
        {
            Layer layer = layers[k];
            int removed = 0;
            if (layer.Evolves)
            {
                long keep = LinksAfter(round, hidden, layer.Inputs, layer.Outputs);
                removed = (int)Math.Max(0, layer.LinkCount - keep);
                Prune(layer, removed, RandomStreams.Derive(_settings.Seed, RandomPurpose.Removal, epoch, hidden));
                edits.Add(new EditCounts(removed, 0, 0, 0));
                hidden++;
            }
            Rewind(layer, rewind.Layers[k]);
        }
        return edits;
    }

    /// <summary>
    /// The checks that need several settings: the --imp-* options only with --method imp (never silently
    /// ignored); an imp target given as --density, below the start density in every layer; K below a round's
    /// epochs and within round 0.
    /// </summary>
    public static void Check(TrainingSettings settings, IEnumerable<TrainingSetting> impSettings)
    {
        if (!IsImp(settings))
        {
            foreach (TrainingSetting setting in impSettings)
                if (!setting.IsDefault(setting.ValueIn(settings)))
                    throw new InvalidSettingException(setting.Option, " applies to --method imp only");
            return;
        }
        if (settings.Density is not { } target)
            throw new InvalidSettingException("fan-in", " cannot set --method imp's target: give it as --density");
        double start = settings.ImpStartDensity;
        foreach (double density in target.Values)
            if (density >= start)
                throw new InvalidSettingException(
                    "density",
                    $" {Show(density)} is not below --imp-start-density {Show(start)}: --method imp prunes down to "
                        + "--density from there"
                );
        int rewind = RewindEpochOf(settings.ImpRewind);
        int roundEpochs = settings.ImpRoundEpochs > 0 ? settings.ImpRoundEpochs : settings.Epochs;
        if (rewind >= roundEpochs)
            throw new InvalidSettingException(
                "imp-rewind",
                $" {rewind} is beyond a round's {roundEpochs} epochs (--imp-round-epochs, default --epochs): "
                    + "give an epoch below it, or init"
            );
        if (rewind > settings.Epochs)
            throw new InvalidSettingException(
                "imp-rewind",
                $" {rewind} is beyond the {settings.Epochs} epochs of the first training (--epochs)"
            );
    }

    private static string Show(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The first r with start · (1 − rate)^r ≤ target (up to rounding: 0.8² counts as 0.64).</summary>
    public static int RoundsTo(double start, double target, double rate)
    {
        int rounds = 0;
        while (start * Math.Pow(1 - rate, rounds) > target * (1 + 1e-9))
            rounds++;
        return rounds;
    }

    /// <summary>A copy of the network with zero momentum: what each round rewinds to.</summary>
    private static Network RewindPointOf(Network network)
    {
        Network copy = network.Clone();
        foreach (Layer layer in copy.Layers)
        {
            Array.Clear(layer.WeightVelocity);
            Array.Clear(layer.BiasVelocity);
        }
        return copy;
    }

    /// <summary>Removes the <paramref name="count"/> links of smallest |w| (ties by a key from
    /// <paramref name="ties"/>, as every magnitude removal breaks them).</summary>
    private static void Prune(Layer layer, int count, Rng ties)
    {
        if (count == 0)
            return;
        bool[] pruned = MagnitudeOrder.Smallest(layer.Weights, count, ties);
        long[] keys = layer.Topology.Keys();
        var kept = new List<long>(keys.Length - count);
        for (int link = 0; link < keys.Length; link++)
            if (!pruned[link])
                kept.Add(keys[link]);
        var topology = LayerTopology.FromSortedKeys(layer.Inputs, layer.Outputs, kept.ToArray());
        layer.ReplaceLinks(topology, new float[kept.Count], new float[kept.Count]);
    }

    /// <summary>Sets every surviving link's weight, and every bias, to the rewind point's; momentum to
    /// zero.</summary>
    private static void Rewind(Layer layer, Layer point)
    {
        long[] keys = layer.Topology.Keys();
        long[] pointKeys = point.Topology.Keys();
        int p = 0; // both key lists ascend, and the pruned links are a subset of the rewind point's
        for (int link = 0; link < keys.Length; link++)
        {
            while (p < pointKeys.Length && pointKeys[p] < keys[link])
                p++;
            if (p == pointKeys.Length || pointKeys[p] != keys[link])
                throw new InvalidOperationException($"link {keys[link]} is not in the rewind point");
            layer.Weights[link] = point.Weights[p];
        }
        Array.Clear(layer.WeightVelocity);
        point.Bias.CopyTo(layer.Bias, 0);
        Array.Clear(layer.BiasVelocity);
    }
}
