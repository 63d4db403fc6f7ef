using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace SparseGpu.Kernels;

/// <summary>The link-prediction kernels of <see cref="KernelCatalog"/> compiled once per accelerator, with typed
/// launchers (one thread per output in flight).</summary>
public sealed class LinkPredictionKernels
{
    private static readonly ConditionalWeakTable<Accelerator, LinkPredictionKernels> Loaded = new();

    private readonly Accelerator _accelerator;
    private readonly Action<KernelConfig, BipartiteView, Ch3L3Scratch, int, int> _score;

    // Compiled on first use: CH3-L3 runs (the common case) never pay for it.
    private readonly Lazy<Action<KernelConfig, BipartiteView, Ch3L3Scratch, int, int, int>> _scoreCannistraciHebb;
    private readonly Action<
        KernelConfig,
        BipartiteView,
        Ch3L3Scratch,
        int,
        int,
        ArrayView<int>,
        ArrayView<long>,
        ArrayView<double>
    > _emit;

    private LinkPredictionKernels(Accelerator accelerator)
    {
        _accelerator = accelerator;
        _score = accelerator.LoadStreamKernel(KernelCatalog.Ch3L3Score);
        _emit = accelerator.LoadStreamKernel(KernelCatalog.Ch3L3Emit);
        _scoreCannistraciHebb = new(() => accelerator.LoadStreamKernel(KernelCatalog.CannistraciHebbScore));
    }

    public static LinkPredictionKernels For(Accelerator accelerator) =>
        Loaded.GetValue(accelerator, a => new LinkPredictionKernels(a));

    public void Score(BipartiteView graph, Ch3L3Scratch scratch, int firstOutput, int slots) =>
        _score(Config(slots), graph, scratch, firstOutput, slots);

    /// <summary>Scores with <see cref="CannistraciHebbRow"/> instead (a <see cref="CannistraciHebbPredictor"/>);
    /// <see cref="Emit"/> reads the slots the same way.</summary>
    public void Score(BipartiteView graph, Ch3L3Scratch scratch, int firstOutput, int slots, int predictor) =>
        _scoreCannistraciHebb.Value(Config(slots), graph, scratch, firstOutput, slots, predictor);

    public void Emit(
        BipartiteView graph,
        Ch3L3Scratch scratch,
        int firstOutput,
        int slots,
        ArrayView<int> offsets,
        ArrayView<long> keys,
        ArrayView<double> scores
    ) => _emit(Config(slots), graph, scratch, firstOutput, slots, offsets, keys, scores);

    /// <summary>One thread per slot: small groups, since each thread does a whole output's work.</summary>
    private KernelConfig Config(int slots)
    {
        int group =
            _accelerator.AcceleratorType == AcceleratorType.CPU
                ? _accelerator.WarpSize
                : Math.Min(KernelCatalog.LinkPredictionGroupSize, _accelerator.MaxNumThreadsPerGroup);
        int groups = Math.Max(1, (slots + group - 1) / group);
        return new KernelConfig(groups, group);
    }
}
