using System.Diagnostics;
using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Training;

public enum TrainingStop
{
    Completed,
    Interrupted,
}

/// <summary>
/// The host orchestrator: epochs, learning-rate schedule, shuffling, evaluation, topology updates. The per-batch
/// math is the engine's; between epochs the network comes back to the host for the topology editor.
/// </summary>
public sealed class Trainer
{
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly INetworkEngine _engine;
    private readonly TrainingSettings _settings;
    private readonly ImageSet _train;
    private readonly ImageSet _test;
    private readonly ImageSet? _validation;
    private readonly ITopologyMethod _method;
    private readonly UpdateSchedule _schedule;
    private readonly ITrainingObserver _observer;

    /// <summary>The engine's gradients of absent links, for a method that grows by them (null: the engine has
    /// none).</summary>
    private readonly LinkGradientWindow? _gradients;

    /// <summary>--method imp's rounds (null for every other method): what opens an epoch, its learning rate and the
    /// epoch total.</summary>
    private readonly IterativeMagnitudePruning? _imp;

    public Trainer(
        INetworkEngine engine,
        TrainingSettings settings,
        ImageSet train,
        ImageSet test,
        ITrainingObserver observer,
        ImageSet? validation = null
    )
    {
        _validation = validation;
        _engine = engine;
        _settings = settings;
        _train = train;
        _test = test;
        _gradients = engine is ILinkGradientEngine gradients
            ? new LinkGradientWindow(gradients, engine, settings)
            : null;
        var sources = new SignalSources(
            name => LinkScorers.For(name, engine),
            _gradients is null ? null : _gradients.For
        )
        {
            Predictor = settings.Predictor,
        };
        _method = TopologyMethods.Get(settings.Regrowth, sources);
        sources.Require(_method, engine.Name);
        _schedule = ScheduleOf(settings);
        _observer = observer;
        _imp = IterativeMagnitudePruning.For(settings);
    }

    /// <summary>
    /// When the method's topology updates happen and what fraction each replaces: RigL's cosine-decayed α every ΔT
    /// epochs until T_end (its own options, else --zeta and --update-interval; T_end 3/4 of --epochs), else
    /// --update-interval and --zeta (--set-zeta is SET's own name for ζ; validation allows each method's options
    /// with that method only).
    /// </summary>
    public static UpdateSchedule ScheduleOf(TrainingSettings settings) =>
        string.Equals(settings.Regrowth, RiglMethod.MethodName, StringComparison.OrdinalIgnoreCase)
            ? new UpdateSchedule(
                settings.RiglDeltaT ?? settings.UpdateInterval,
                settings.RiglAlpha ?? settings.Zeta,
                settings.RiglTEnd ?? settings.Epochs * 3 / 4
            )
            : new UpdateSchedule(settings.UpdateInterval, settings.SetZeta ?? settings.Zeta);

    /// <summary>The order in which epoch <paramref name="epoch"/> (0-based) visits the training images.</summary>
    public static int[] EpochOrder(ulong seed, int epoch, int count)
    {
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
            order[i] = i;
        RandomStreams.Derive(seed, RandomPurpose.Shuffle, epoch).Shuffle(order.AsSpan());
        return order;
    }

    /// <summary>Trains until <see cref="TrainingSettings.TotalEpochs"/> are complete or <paramref name="cancel"/> fires
    /// (then after the current batch, with the state updated to resume from there).</summary>
    public TrainingStop Run(TrainingState state, CancellationToken cancel)
    {
        EngineChecks.RequireCompatible(state.Network, _train);
        EngineChecks.RequireCompatible(state.Network, _test);
        if (_validation is not null)
            EngineChecks.RequireCompatible(state.Network, _validation);
        _engine.LoadNetwork(state.Network);
        _engine.SetTrainingSet(_train);
        int samples = _train.Count;
        float[] losses = new float[samples];
        bool[] correct = new bool[samples];

        while (state.CompletedEpochs < _settings.TotalEpochs)
        {
            if (cancel.IsCancellationRequested)
                return TrainingStop.Interrupted;
            int epoch = state.CompletedEpochs;
            if (!state.IsMidEpoch)
            {
                var topologyClock = Stopwatch.StartNew();
                state.EpochEdits = _imp is null ? UpdateTopology(state.Network, epoch) : PruningRound(state, epoch);
                state.EpochTopologySeconds = topologyClock.Elapsed.TotalSeconds;
                if (state.EpochEdits.Count > 0)
                    _observer.OnTopologyUpdated(epoch + 1, state.EpochEdits, state.EpochTopologySeconds);
            }
            double rate =
                _imp?.LearningRate(epoch)
                ?? LearningRateSchedule.Rate(_settings.LrSchedule, _settings.LearningRate, epoch, _settings.Epochs);
            var step = new SgdStep((float)rate, (float)_settings.Momentum, (float)_settings.WeightDecay);
            _engine.BeginEpoch(
                EpochOrder(_settings.Seed, epoch, samples),
                new EpochDropout(_settings.Dropout, _settings.Seed, epoch)
            );

            int start = state.NextSample,
                position = start;
            var clock = Stopwatch.StartNew();
            TimeSpan lastProgress = TimeSpan.Zero;
            while (position < samples)
            {
                int count = Math.Min(_settings.BatchSize, samples - position);
                _engine.TrainBatch(position, count, step);
                position += count;
                if (cancel.IsCancellationRequested && position < samples)
                {
                    _engine.ReadTrainingResults(losses.AsSpan(0, position), correct.AsSpan(0, position));
                    Accumulate(state, losses, correct, start, position);
                    state.NextSample = position;
                    state.PartialTrainSeconds += clock.Elapsed.TotalSeconds;
                    _engine.StoreNetwork(state.Network);
                    return TrainingStop.Interrupted;
                }
                if (clock.Elapsed - lastProgress >= ProgressInterval && position < samples)
                {
                    lastProgress = clock.Elapsed;
                    ReportProgress(state, epoch, start, position, clock.Elapsed.TotalSeconds, losses, correct);
                }
            }
            _engine.ReadTrainingResults(losses, correct);
            Accumulate(state, losses, correct, start, samples);
            double trainSeconds = state.PartialTrainSeconds + clock.Elapsed.TotalSeconds;
            double trainLoss = state.PartialLossSum / samples;
            double trainAccuracy = (double)state.PartialCorrect / samples;
            if (!double.IsFinite(trainLoss))
                throw new TrainingDivergedException(epoch + 1, $"mean training loss is {trainLoss}");

            clock.Restart();
            EvaluationResult test = _engine.Evaluate(_test);
            // The held-out images go through the same evaluation as the test set; eval_seconds counts both.
            EvaluationResult? validation = _validation is null ? null : _engine.Evaluate(_validation);
            double evalSeconds = clock.Elapsed.TotalSeconds;
            if (!double.IsFinite(test.Loss))
                throw new TrainingDivergedException(epoch + 1, $"test loss is {test.Loss}");

            _engine.StoreNetwork(state.Network);
            var metrics = new EpochMetrics(
                epoch + 1,
                rate,
                trainLoss,
                trainAccuracy,
                test.Loss,
                test.Accuracy,
                trainSeconds,
                state.EpochTopologySeconds,
                evalSeconds,
                LayerMetricsOf(state.Network, state.EpochEdits),
                validation?.Loss,
                validation?.Accuracy
            )
            {
                ImpRound = _imp?.RoundOf(epoch),
            };
            state.StartNextEpoch();
            _observer.OnEpochCompleted(metrics, state);
        }
        return TrainingStop.Completed;
    }

    /// <summary>
    /// Evolves every sparse layer before each epoch that follows a completed update interval. Updating at the start
    /// of an epoch (not the end of the previous one) means the saved model is always the one that was trained and
    /// evaluated, and a run extended with --resume continues exactly as if it had been planned longer.
    /// </summary>
    private IReadOnlyList<EditCounts> UpdateTopology(Network network, int epoch)
    {
        bool due = _method.EvolvesTopology && _schedule.IsDue(epoch);
        if (!due)
            return [];
        _observer.OnTopologyUpdate(epoch + 1);
        if (_method.Signals.HasFlag(TopologySignals.AbsentLinkGradients))
            _gradients!.Compute(network, epoch, _train.Count);
        IReadOnlyList<LayerEdit> edits = TopologyEditor.ApplyAll(
            network,
            _schedule.ZetaAt(epoch),
            _method,
            _settings.Seed,
            epoch,
            _settings.ChainRemoval
        );
        _gradients?.Clear();
        _engine.LoadNetwork(network);
        return edits.Select(e => e.Counts).ToList();
    }

    /// <summary>--method imp: what opens the epoch (the rewind point, or a prune and rewind), the engine given the
    /// network it leaves.</summary>
    private IReadOnlyList<EditCounts> PruningRound(TrainingState state, int epoch)
    {
        IReadOnlyList<EditCounts> edits = _imp!.BeforeEpoch(state, epoch);
        if (edits.Count > 0)
            _engine.LoadNetwork(state.Network);
        return edits;
    }

    private static List<LayerMetrics> LayerMetricsOf(Network network, IReadOnlyList<EditCounts> edits)
    {
        var result = new List<LayerMetrics>();
        int hidden = 0;
        foreach (Layer layer in network.Layers.Where(l => l.Evolves))
        {
            EditCounts edit = hidden < edits.Count ? edits[hidden] : default;
            result.Add(
                new LayerMetrics(
                    layer.LinkCount,
                    network.ActiveNeurons(hidden),
                    edit.Removed,
                    edit.Regrown,
                    edit.RegrownByScore,
                    edit.RegrownAtRandom
                )
            );
            hidden++;
        }
        return result;
    }

    /// <summary>Adds positions [from, to) to the epoch's running sums, in position order (so a resumed epoch sums
    /// exactly as a straight one).</summary>
    private static void Accumulate(TrainingState state, float[] losses, bool[] correct, int from, int to)
    {
        double sum = state.PartialLossSum;
        long right = state.PartialCorrect;
        for (int p = from; p < to; p++)
        {
            sum += losses[p];
            if (correct[p])
                right++;
        }
        state.PartialLossSum = sum;
        state.PartialCorrect = right;
    }

    private void ReportProgress(
        TrainingState state,
        int epoch,
        int start,
        int position,
        double seconds,
        float[] losses,
        bool[] correct
    )
    {
        _engine.ReadTrainingResults(losses.AsSpan(0, position), correct.AsSpan(0, position));
        double sum = state.PartialLossSum;
        for (int p = start; p < position; p++)
            sum += losses[p];
        double running = sum / position;
        if (!double.IsFinite(running))
            throw new TrainingDivergedException(epoch + 1, $"training loss became {running} after {position} samples");
        int batch = _settings.BatchSize;
        _observer.OnProgress(
            new TrainingProgress(
                epoch + 1,
                _settings.TotalEpochs,
                (position + batch - 1) / batch,
                (_train.Count + batch - 1) / batch,
                (position - start) / Math.Max(seconds, 1e-9),
                running,
                batch
            )
        );
    }
}
