using System.Runtime.ExceptionServices;
using ILGPU.Runtime;
using SparseGpu.Data;
using SparseGpu.Kernels;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// K networks of one shape trained in the same kernel launches: their layers, sample orders, batches and per-sample
/// results live in pooled device buffers (<see cref="SparseLayerView"/>), and one training step is one launch per
/// operation for all of them, under the same schedule as a lone network's
/// (<see cref="BatchEngine{TImages, TBatch, TResults}.TrainingStep"/>). Every thread of a launch does exactly the
/// float operations of its own network's lone launch, so each network trains bit for bit as it would alone.
/// <para>
/// Each network is driven through its own <see cref="Lane"/>, an ordinary <see cref="INetworkEngine"/>, by its own
/// trainer (on its own thread): loads, stores, evaluation, attacks and link scoring run on that network's slot alone,
/// one lane at a time; a training step is collective: each lane's <c>TrainBatch</c> waits until every lane still
/// training has asked for the same step, and the last to ask launches it for all. A lane that stops (finished,
/// diverged, failed) leaves, and the others go on. The lanes' trainers watch <see cref="Cancellation"/>, which
/// follows the caller's token only between steps, so every lane stops after the same batch.
/// </para>
/// </summary>
public sealed class NetworkPack : IDisposable
{
    private readonly object _gate = new();
    private readonly Accelerator _accelerator;
    private readonly string _name;
    private readonly BatchKernels _kernels;
    private readonly IDisposable? _owner;
    private readonly CancellationToken _outer;
    private readonly CancellationTokenSource _stop = new();
    private readonly PackedLane[] _lanes;
    private readonly ImageSet?[] _sets;
    private readonly int[]?[] _orders;
    private readonly EpochDropout[] _dropouts;
    private readonly bool[] _active;
    private readonly PackedStep?[] _requests;
    private List<DeviceLayer>? _layers;
    private IlgpuOperations? _all;
    private DeviceImageSet? _images;
    private DeviceResults? _results;
    private DeviceBatch? _batch;
    private bool _setsChanged,
        _ordersChanged;
    private int _activeCount,
        _arrived;
    private long _round;
    private Exception? _failure;

    /// <param name="owner">Disposed with the pack (the context and accelerator it was created with), or null.</param>
    /// <param name="cancel">Stops every lane after the same training step.</param>
    public NetworkPack(
        Accelerator accelerator,
        string name,
        int networks,
        IDisposable? owner = null,
        SgdReduction? reduction = null,
        CancellationToken cancel = default
    )
    {
        if (networks < 1)
            throw new ArgumentOutOfRangeException(nameof(networks), networks, "a pack holds at least one network");
        _accelerator = accelerator;
        _name = name;
        _owner = owner;
        _outer = cancel;
        _kernels = BatchKernels.For(accelerator, reduction);
        Networks = networks;
        _sets = new ImageSet?[networks];
        _orders = new int[]?[networks];
        _dropouts = new EpochDropout[networks];
        _active = Enumerable.Repeat(true, networks).ToArray();
        _activeCount = networks;
        _requests = new PackedStep?[networks];
        _lanes = Enumerable.Range(0, networks).Select(n => new PackedLane(this, n)).ToArray();
    }

    public int Networks { get; }

    /// <summary>The device name as the --device option spells it.</summary>
    public string DeviceName => _name;

    /// <summary>The token the lanes' trainers watch: cancelled after the step during which the caller's
    /// fired.</summary>
    public CancellationToken Cancellation => _stop.Token;

    /// <summary>One line naming the hardware alone.</summary>
    public string Hardware => IlgpuOperations.Describe(_accelerator);

    /// <summary>One line naming the hardware and the packing, for logs and config.json.</summary>
    public string Describe(int lane) =>
        $"{IlgpuOperations.Describe(_accelerator)}, packed: network {lane + 1} of {Networks}";

    /// <summary>Network <paramref name="lane"/>'s engine (0-based).</summary>
    public INetworkEngine Lane(int lane) => _lanes[lane];

    public void Dispose()
    {
        foreach (PackedLane lane in _lanes)
            lane.DisposeEngine();
        _all?.Dispose();
        _batch?.Dispose();
        _results?.Dispose();
        _images?.Dispose();
        foreach (DeviceLayer layer in _layers ?? [])
            layer.Dispose();
        _stop.Dispose();
        _owner?.Dispose();
    }

    /// <summary>Runs <paramref name="action"/> alone on the device (no other lane's call or step in between).</summary>
    internal T Exclusive<T>(Func<T> action)
    {
        lock (_gate)
            return action();
    }

    internal void Exclusive(Action action)
    {
        lock (_gate)
            action();
    }

    /// <summary>A slot's own operations, over the pooled layers (made from the first network loaded).</summary>
    internal BatchEngine<DeviceImageSet, DeviceBatch, DeviceResults> SlotEngine(int lane, Network first)
    {
        if (_layers is null)
        {
            _layers = first.Layers.Select(l => new DeviceLayer(_accelerator, l, Networks)).ToList();
            _all = new IlgpuOperations(_accelerator, _name, Describe(0), _kernels, _layers, slot: null);
        }
        return new BatchEngine<DeviceImageSet, DeviceBatch, DeviceResults>(
            new IlgpuOperations(_accelerator, _name, Describe(lane), _kernels, _layers, lane)
        );
    }

    internal ILinkScorer LinkScorer(string method) =>
        new ExclusiveLinkScorer(this, new IlgpuLinkScorer(_accelerator, method));

    internal void SetTrainingSet(int lane, ImageSet train)
    {
        lock (_gate)
        {
            if (_sets.FirstOrDefault(s => s is not null && s.Count != train.Count) is { } other)
                throw new SparseGpuException(
                    $"packed networks train on one number of images: {other.Name} has {other.Count}, "
                        + $"{train.Name} has {train.Count}"
                );
            _sets[lane] = train;
            _orders[lane] = null;
            _setsChanged = true;
        }
    }

    /// <summary>The lane's order and dropout for its epoch; each network draws its masks from its own seed and
    /// epoch, as it would alone.</summary>
    internal void BeginEpoch(int lane, ReadOnlySpan<int> order, EpochDropout dropout)
    {
        int[] checkedOrder = EngineChecks.RequireOrder(order, _sets[lane]);
        lock (_gate)
        {
            _orders[lane] = checkedOrder;
            _dropouts[lane] = dropout;
            _ordersChanged = true;
        }
    }

    /// <summary>Waits until every lane still training asks for this step, then runs it for all.</summary>
    internal void TrainBatch(int lane, int offset, int count, SgdStep step)
    {
        lock (_gate)
        {
            ThrowIfFailed();
            if (!_active[lane])
                throw new InvalidOperationException($"network {lane + 1} has left the pack");
            EngineChecks.RequireBatch(offset, count, _orders[lane]?.Length ?? 0);
            _requests[lane] = new PackedStep(offset, count, step);
            _arrived++;
            long round = _round;
            if (_arrived == _activeCount)
                RunStep();
            else
                while (_round == round)
                    Monitor.Wait(_gate);
            ThrowIfFailed();
        }
    }

    internal void ReadTrainingResults(int lane, Span<float> losses, Span<bool> correct)
    {
        lock (_gate)
        {
            DeviceResults results = _results ?? throw new InvalidOperationException("no step has run yet");
            double[] exact = new double[losses.Length];
            _accelerator.Synchronize();
            _all!.ReadResults(results, lane * results.Length, exact, correct);
            for (int i = 0; i < exact.Length; i++)
                losses[i] = (float)exact[i];
        }
    }

    /// <summary>The lane stops training; the others no longer wait for it.</summary>
    internal void Leave(int lane)
    {
        lock (_gate)
        {
            if (!_active[lane])
                return;
            _active[lane] = false;
            _activeCount--;
            if (_arrived > 0 && _arrived == _activeCount)
                RunStep();
        }
    }

    /// <summary>The step every waiting lane asked for, launched once for all networks (the gate is held).</summary>
    private void RunStep()
    {
        try
        {
            PackedStep step = CommonStep();
            PrepareTraining(step.Count);
            BatchEngine<DeviceImageSet, DeviceBatch, DeviceResults>.TrainingStep(
                _all!,
                _images!,
                _batch!,
                _results!,
                _layers!.Count,
                step.Offset,
                step.Count,
                step.Step,
                _dropouts,
                timings: null
            );
            if (_outer.IsCancellationRequested)
                _stop.Cancel();
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            Array.Clear(_requests);
            _arrived = 0;
            _round++;
            Monitor.PulseAll(_gate);
        }
    }

    private PackedStep CommonStep()
    {
        int first = Array.FindIndex(_requests, r => r is not null);
        PackedStep step = _requests[first]!.Value;
        for (int n = first + 1; n < Networks; n++)
            if (_requests[n] is { } other && other != step)
                throw new SparseGpuException(
                    $"packed networks went out of step: network {first + 1} asked for {step}, network {n + 1} for "
                        + $"{other} (a pack needs one batch size, learning-rate schedule and starting point)"
                );
        return step;
    }

    /// <summary>Uploads what changed since the last step: the image sets (each distinct set once), the orders, and
    /// buffers for a larger batch.</summary>
    private void PrepareTraining(int count)
    {
        if (_setsChanged || _images is null)
        {
            var distinct = new List<ImageSet>();
            int[] setOfNetwork = new int[Networks];
            ImageSet any =
                _sets.FirstOrDefault(s => s is not null) ?? throw new InvalidOperationException("SetTrainingSet first");
            for (int n = 0; n < Networks; n++)
            {
                ImageSet set = _sets[n] ?? any;
                int known = distinct.FindIndex(d => SameImages(d, set));
                if (known < 0)
                {
                    known = distinct.Count;
                    distinct.Add(set);
                }
                setOfNetwork[n] = known;
            }
            _images?.Dispose();
            _images = null;
            _images = new DeviceImageSet(_accelerator, distinct, setOfNetwork);
            if (_results is null || _results.Length != any.Count)
            {
                _results?.Dispose();
                _results = null;
                _results = _all!.AllocateResults(any.Count);
            }
            _setsChanged = false;
            _ordersChanged = true;
        }
        if (_ordersChanged)
        {
            for (int n = 0; n < Networks; n++)
                if (_orders[n] is { } order)
                    _images.SetOrder(n, order);
            _ordersChanged = false;
        }
        if (_batch is null || _batch.Capacity < count)
        {
            _batch?.Dispose();
            _batch = null;
            _batch = _all!.AllocateBatch(count);
        }
    }

    private static bool SameImages(ImageSet a, ImageSet b) =>
        ReferenceEquals(a, b)
        || (
            a.InputSize == b.InputSize
            && a.Labels.AsSpan().SequenceEqual(b.Labels)
            && a.Pixels.AsSpan().SequenceEqual(b.Pixels)
        );

    private void ThrowIfFailed()
    {
        if (_failure is not null)
            ExceptionDispatchInfo.Capture(_failure).Throw();
    }

    private readonly record struct PackedStep(int Offset, int Count, SgdStep Step)
    {
        public override string ToString() =>
            $"samples [{Offset}, {Offset + Count}) at learning rate {Step.LearningRate}";
    }

    /// <summary>Link scoring on the pack's accelerator, one lane at a time.</summary>
    private sealed class ExclusiveLinkScorer(NetworkPack pack, ILinkScorer inner) : ILinkScorer
    {
        public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
        {
            long[] copy = excluded.ToArray();
            return pack.Exclusive(() => inner.Best(topology, copy, count, ranking));
        }
    }
}
