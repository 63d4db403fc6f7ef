using System.Diagnostics;
using SparseGpu.Data;
using SparseGpu.Evaluation;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines;

/// <summary>
/// The one schedule of training, evaluation and FGSM over an engine's <see cref="IBatchOperations{TImages, TBatch,
/// TResults}"/>: which operation runs when, on which buffers, in which chunks, and how each is timed. Engines
/// differ only in their operations, so a new engine (or one that trains several networks per launch) plugs in
/// below this class and every schedule, check and timing stays the same.
/// </summary>
public partial class BatchEngine<TImages, TBatch, TResults>
    : INetworkEngine,
        IProfilingEngine,
        IOperationProbe,
        ILinkGradientEngine
    where TImages : class, IDisposable
    where TBatch : class, IBatchBuffers
    where TResults : class, IDisposable
{
    private (int Inputs, int Outputs)[] _layerSizes = [];
    private ImageSet? _trainSet;
    private TImages? _train;
    private TResults? _trainResults;
    private int _orderLength;
    private TImages? _evaluationImages;
    private ImageSet? _evaluationSet;
    private TResults? _evaluationResults;
    private int _evaluationResultsLength;
    private TBatch? _trainBatch;
    private TBatch? _evaluationBatch;

    /// <summary>This epoch's dropout, as the one network's entry of <see cref="TrainingStep"/>'s list.</summary>
    private readonly EpochDropout[] _dropouts = [EpochDropout.Off];

    public BatchEngine(IBatchOperations<TImages, TBatch, TResults> operations) => Operations = operations;

    /// <summary>The engine's operations, for tests that check one operation at a time.</summary>
    public IBatchOperations<TImages, TBatch, TResults> Operations { get; }

    public string Name => Operations.Name;

    public string Description => Operations.Description;

    public LinkPrediction.ILinkScorer LinkScorer(string method) =>
        Operations.LinkScorer(LinkPrediction.LinkPredictionMethods.Require(method));

    public void LoadNetwork(Network network)
    {
        Operations.LoadNetwork(network);
        (int, int)[] sizes = network.Layers.Select(l => (l.Topology.Inputs, l.Topology.Outputs)).ToArray();
        if (!sizes.SequenceEqual(_layerSizes))
        {
            // Buffers are sized by the layers; topology edits keep the sizes, so most loads keep the buffers.
            DisposeBatches();
            _layerSizes = sizes;
        }
    }

    public void StoreNetwork(Network network)
    {
        EngineChecks.RequireSameTopology(network, Operations.Topologies);
        Operations.StoreNetwork(network);
    }

    public void SetTrainingSet(ImageSet train)
    {
        _train?.Dispose();
        _trainResults?.Dispose();
        _train = null;
        _trainResults = null;
        _train = Operations.Upload(train);
        _trainResults = Operations.AllocateResults(train.Count);
        _trainSet = train;
        _orderLength = 0;
    }

    public void BeginEpoch(ReadOnlySpan<int> order, EpochDropout dropout = default)
    {
        int[] checkedOrder = EngineChecks.RequireOrder(order, _trainSet);
        Operations.SetOrder(_train!, checkedOrder);
        _orderLength = checkedOrder.Length;
        _dropouts[0] = dropout;
    }

    public void TrainBatch(int offset, int count, SgdStep step) => RunBatch(offset, count, step, timings: null);

    public IReadOnlyList<OperationTiming> ProfileBatch(int offset, int count, SgdStep step)
    {
        var timings = new List<OperationTiming>();
        RunBatch(offset, count, step, timings);
        return timings;
    }

    public ILinkGradients?[] LinkGradientSums(IReadOnlyList<bool> layers, int offset, int count, int batchSize)
    {
        if (layers.Count != _layerSizes.Length)
            throw new ArgumentException($"layers marked for {layers.Count} layers of {_layerSizes.Length}");
        TImages train = _train ?? throw new InvalidOperationException("SetTrainingSet first");
        EngineChecks.RequireBatch(offset, count, _orderLength);
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        var sums = new ILinkGradients?[_layerSizes.Length];
        try
        {
            for (int k = 0; k < sums.Length; k++)
                sums[k] = layers[k] ? Operations.AllocateLinkGradients(k, null) : null;
            int window = Math.Min(batchSize, count);
            TBatch batch = _trainBatch = EnsureBatch(_trainBatch, window);
            using TResults scratch = Operations.AllocateResults(window);
            for (int done = 0; done < count; done += batchSize)
                LinkGradientStep(
                    Operations,
                    train,
                    batch,
                    scratch,
                    offset + done,
                    Math.Min(batchSize, count - done),
                    sums
                );
            Operations.Synchronize();
            return sums;
        }
        catch
        {
            foreach (ILinkGradients? s in sums)
                s?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One batch of the gradient window: gather, forward through every layer, the loss gradient, then from the top
    /// layer down each layer's candidate gradients and the backward pass below it (no update, no dropout), stopping
    /// once no layer below has candidates.
    /// </summary>
    private static void LinkGradientStep(
        IBatchOperations<TImages, TBatch, TResults> operations,
        TImages train,
        TBatch batch,
        TResults scratch,
        int offset,
        int count,
        ILinkGradients?[] sums
    )
    {
        operations.Gather(train, offset, count, batch);
        for (int k = 0; k < sums.Length; k++)
            operations.Forward(k, batch, count);
        operations.SoftmaxCrossEntropy(batch, count, withGradient: true, scratch, 0);
        int lowest = Array.FindIndex(sums, s => s is not null);
        for (int k = sums.Length - 1; k >= Math.Max(lowest, 0) && lowest >= 0; k--)
        {
            if (sums[k] is { } layerSums)
                operations.AccumulateLinkGradients(k, batch, count, layerSums);
            if (k > lowest)
                operations.BackwardInput(k, batch, count);
        }
    }

    public void ReadTrainingResults(Span<float> losses, Span<bool> correct)
    {
        TResults results = _trainResults ?? throw new InvalidOperationException("SetTrainingSet first");
        double[] exact = new double[losses.Length];
        Operations.Synchronize();
        Operations.ReadResults(results, 0, exact, correct);
        for (int i = 0; i < exact.Length; i++)
            losses[i] = (float)exact[i];
    }

    public EvaluationResult Evaluate(ImageSet data)
    {
        TImages images = Resident(data);
        TResults results = EvaluationResults(data.Count);
        ForEachChunk(
            images,
            data.Count,
            (batch, offset, count) => Operations.SoftmaxCrossEntropy(batch, count, withGradient: false, results, offset)
        );
        return Tally(results, 0, data.Count);
    }

    public ClassEvaluation EvaluateByClass(ImageSet data)
    {
        EvaluationResult result = Evaluate(data);
        // The predictions the evaluation just stored beside each sample's correctness; the images keep their
        // identity order here, so sample i's true class is data.Labels[i].
        byte[] predicted = new byte[data.Count];
        Operations.ReadPredictions(_evaluationResults!, 0, predicted);
        var confusion = new ConfusionMatrix(_layerSizes[^1].Outputs);
        for (int i = 0; i < predicted.Length; i++)
            confusion.Add(data.Labels[i], predicted[i]);
        if (confusion.Trace != result.Correct)
            throw new InvalidOperationException(
                $"{Name}: {confusion.Trace} predictions equal their label but {result.Correct} samples were scored "
                    + "correct"
            );
        return new ClassEvaluation(result, confusion);
    }

    public EvaluationResult[] EvaluateUnderAttack(ImageSet data, IInputAttack attack)
    {
        TImages images = Resident(data);
        int n = data.Count;
        TResults scratch = EvaluationResults(n);
        using TResults attacked = Operations.AllocateResults(attack.Levels * n);
        ForEachChunk(
            images,
            n,
            (batch, offset, count) => attack.Run(new ChunkAttackSteps(this, batch, offset, count, n, scratch, attacked))
        );
        return Enumerable.Range(0, attack.Levels).Select(level => Tally(attacked, level * n, n)).ToArray();
    }

    public void ComputeLogits(ImageSet data, int offset, int count, Span<float> logits)
    {
        TImages images = Resident(data);
        int classes = _layerSizes[^1].Outputs,
            chunkSize = Operations.EvaluationChunk;
        for (int done = 0; done < count; done += chunkSize)
        {
            int chunk = Math.Min(chunkSize, count - done);
            TBatch batch = ForwardChunk(images, offset + done, chunk);
            // The last activations are the logits, before softmax.
            Operations.Read(
                batch,
                BatchBuffer.Activations,
                _layerSizes.Length,
                chunk,
                logits.Slice(done * classes, chunk * classes)
            );
        }
    }

    public void Dispose()
    {
        DisposeBatches();
        _train?.Dispose();
        _trainResults?.Dispose();
        _evaluationImages?.Dispose();
        _evaluationResults?.Dispose();
        Operations.Dispose();
        GC.SuppressFinalize(this);
    }

    private void RunBatch(int offset, int count, SgdStep step, List<OperationTiming>? timings)
    {
        TImages train = _train ?? throw new InvalidOperationException("SetTrainingSet first");
        EngineChecks.RequireBatch(offset, count, _orderLength);
        TBatch batch = _trainBatch = EnsureBatch(_trainBatch, count);
        TrainingStep(
            Operations,
            train,
            batch,
            _trainResults!,
            _layerSizes.Length,
            offset,
            count,
            step,
            _dropouts,
            timings
        );
    }

    /// <summary>
    /// The one training step's schedule: gather, forward through every layer, softmax cross-entropy, then from the
    /// top layer down the backward pass and SGD update of each layer (the first layer's update alone). A pack of
    /// networks runs the same schedule over operations that cover all its networks at once.
    /// <paramref name="dropouts"/> holds each covered network's epoch dropout: when any is on, inverted dropout
    /// follows each hidden layer's forward pass and the backward pass into its gradient (a network whose dropout
    /// is off gets the identity mask, scale 1); when all are off, no extra pass runs.
    /// </summary>
    internal static void TrainingStep(
        IBatchOperations<TImages, TBatch, TResults> operations,
        TImages train,
        TBatch batch,
        TResults results,
        int layers,
        int offset,
        int count,
        SgdStep step,
        EpochDropout[] dropouts,
        List<OperationTiming>? timings
    )
    {
        long clock = Stopwatch.GetTimestamp();
        operations.Gather(train, offset, count, batch);
        Mark(operations, timings, "gather inputs", ref clock);
        // Hidden layer k is layer k's output: activations[k+1] and gradients[k].
        bool dropout = dropouts.Any(d => d.IsOn);
        for (int k = 0; k < layers; k++)
        {
            operations.Forward(k, batch, count);
            Mark(operations, timings, $"forward {k + 1}", ref clock);
            if (dropout && k < layers - 1)
            {
                operations.Dropout(batch, BatchBuffer.Activations, k + 1, count, Masks(dropouts, k, offset));
                Mark(operations, timings, $"dropout {k + 1}", ref clock);
            }
        }
        operations.SoftmaxCrossEntropy(batch, count, withGradient: true, results, offset);
        Mark(operations, timings, "softmax cross-entropy", ref clock);
        for (int k = layers - 1; k > 0; k--)
        {
            operations.BackwardInputAndUpdate(k, batch, count, step);
            Mark(operations, timings, $"backward input and update {k + 1}", ref clock);
            // The gradient into a dropped unit is 0 (its activation is, so the ReLU's derivative already zeroed
            // it); a kept unit's is scaled like its activation. Applied before layer k−1's update reads it.
            if (dropout)
            {
                operations.Dropout(batch, BatchBuffer.Gradients, k - 1, count, Masks(dropouts, k - 1, offset));
                Mark(operations, timings, $"dropout gradient {k}", ref clock);
            }
        }
        operations.Update(0, batch, count, step);
        Mark(operations, timings, "sgd update 1", ref clock);
    }

    /// <summary>Each network's mask of hidden layer <paramref name="hidden"/> for the batch at
    /// <paramref name="offset"/>.</summary>
    private static DropoutMask[] Masks(EpochDropout[] dropouts, int hidden, int offset)
    {
        var masks = new DropoutMask[dropouts.Length];
        for (int n = 0; n < masks.Length; n++)
            masks[n] = dropouts[n].Mask(hidden, offset);
        return masks;
    }

    /// <summary>Runs the forward pass over [0, n) of the images a chunk at a time, then <paramref name="after"/> on
    /// each chunk.</summary>
    private void ForEachChunk(TImages images, int n, Action<TBatch, int, int> after)
    {
        int chunkSize = Operations.EvaluationChunk;
        for (int offset = 0; offset < n; offset += chunkSize)
        {
            int count = Math.Min(chunkSize, n - offset);
            after(ForwardChunk(images, offset, count), offset, count);
        }
    }

    private TBatch ForwardChunk(TImages images, int offset, int count)
    {
        TBatch batch = _evaluationBatch = EnsureBatch(_evaluationBatch, Operations.EvaluationChunk);
        Operations.Gather(images, offset, count, batch);
        for (int k = 0; k < _layerSizes.Length; k++)
            Operations.Forward(k, batch, count);
        return batch;
    }

    private EvaluationResult Tally(TResults results, int offset, int count)
    {
        double[] losses = new double[count];
        bool[] correct = new bool[count];
        Operations.Synchronize();
        Operations.ReadResults(results, offset, losses, correct);
        var tally = new ResultTally();
        for (int i = 0; i < count; i++)
            tally.Add(losses[i], correct[i]);
        return tally.Result;
    }

    /// <summary>The device copy of an evaluation set; the last one used stays resident for repeated
    /// evaluation.</summary>
    private TImages Resident(ImageSet data)
    {
        if (_layerSizes.Length == 0)
            throw new InvalidOperationException("LoadNetwork first");
        // Even the training images get their own copy here: evaluating must not overwrite the epoch's order.
        if (!ReferenceEquals(_evaluationSet, data))
        {
            _evaluationImages?.Dispose();
            _evaluationImages = null;
            _evaluationImages = Operations.Upload(data);
            _evaluationSet = data;
        }
        return _evaluationImages!;
    }

    private TResults EvaluationResults(int length)
    {
        if (_evaluationResults is null || _evaluationResultsLength < length)
        {
            _evaluationResults?.Dispose();
            _evaluationResults = Operations.AllocateResults(length);
            _evaluationResultsLength = length;
        }
        return _evaluationResults;
    }

    private TBatch EnsureBatch(TBatch? existing, int capacity)
    {
        if (_layerSizes.Length == 0)
            throw new InvalidOperationException("LoadNetwork first");
        if (existing is not null && existing.Capacity >= capacity)
            return existing;
        existing?.Dispose();
        return Operations.AllocateBatch(capacity);
    }

    private static void Mark(
        IBatchOperations<TImages, TBatch, TResults> operations,
        List<OperationTiming>? timings,
        string operation,
        ref long clock
    )
    {
        if (timings is null)
            return;
        operations.Synchronize();
        long now = Stopwatch.GetTimestamp();
        timings.Add(new OperationTiming(operation, Stopwatch.GetElapsedTime(clock, now).TotalSeconds));
        clock = now;
    }

    /// <summary>The attack steps on one chunk; the chunk arrives forwarded at its clean input.</summary>
    private sealed class ChunkAttackSteps(
        BatchEngine<TImages, TBatch, TResults> engine,
        TBatch batch,
        int offset,
        int count,
        int n,
        TResults scratch,
        TResults attacked
    ) : IAttackSteps
    {
        private readonly IBatchOperations<TImages, TBatch, TResults> _operations = engine.Operations;
        private bool _forwarded = true;

        public void InputGradient()
        {
            Forward();
            _operations.SoftmaxCrossEntropy(batch, count, withGradient: true, scratch, offset);
            for (int k = engine._layerSizes.Length - 1; k >= 0; k--)
                _operations.BackwardInput(k, batch, count);
        }

        public void KeepInput() => _operations.KeepInput(batch, count);

        public void SignStepFromKept(float epsilon)
        {
            _operations.Fgsm(batch, count, epsilon);
            _forwarded = false;
        }

        public void Score(int level)
        {
            Forward();
            _operations.SoftmaxCrossEntropy(batch, count, withGradient: false, attacked, level * n + offset);
        }

        private void Forward()
        {
            if (_forwarded)
                return;
            for (int k = 0; k < engine._layerSizes.Length; k++)
                _operations.Forward(k, batch, count);
            _forwarded = true;
        }
    }

    private void DisposeBatches()
    {
        _trainBatch?.Dispose();
        _trainBatch = null;
        _evaluationBatch?.Dispose();
        _evaluationBatch = null;
    }
}
