using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace SparseGpu.Kernels;

/// <summary>
/// The training kernels compiled for one accelerator, each loaded once, with typed launch methods that pick a
/// grid-stride configuration for the element count. <see cref="For"/> shares one instance per accelerator and SGD
/// reduction; the kernels come from <see cref="KernelCatalog"/>.
/// </summary>
public sealed class BatchKernels
{
    private static readonly ConditionalWeakTable<Accelerator, BatchKernels?[]> Loaded = new();

    private readonly int _groupSize;
    private readonly int _maxGroups;
    private readonly int _updateGroupSize;
    private readonly int _updateLanes;

    private readonly Action<
        KernelConfig,
        ArrayView<byte>,
        ArrayView<byte>,
        ArrayView<int>,
        ArrayView<int>,
        int,
        int,
        int,
        int,
        int,
        ArrayView<float>,
        ArrayView<byte>
    > _gather;
    private readonly Action<KernelConfig, SparseLayerView, ArrayView<float>, ArrayView<float>, int, int> _forward;
    private readonly Action<
        KernelConfig,
        ArrayView<float>,
        ArrayView<byte>,
        int,
        int,
        int,
        int,
        ArrayView<float>,
        ArrayView<float>,
        ArrayView<byte>,
        ArrayView<byte>,
        int,
        int
    > _softmax;
    private readonly Action<
        KernelConfig,
        SparseLayerView,
        ArrayView<float>,
        ArrayView<float>,
        ArrayView<float>,
        int,
        int
    > _backwardInput;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, float, int, ArrayView<float>> _fgsm;
    private readonly Action<KernelConfig, ArrayView<float>, int, int, int, ArrayView<DropoutMask>, int> _dropout;
    private readonly Action<
        KernelConfig,
        ArrayView<long>,
        int,
        int,
        ArrayView<float>,
        ArrayView<float>,
        int,
        ArrayView<float>
    > _linkGradient;
    private readonly Action<
        KernelConfig,
        SparseLayerView,
        ArrayView<float>,
        ArrayView<float>,
        int,
        SgdParameters
    >? _updateWarpShuffle;
    private readonly Action<
        KernelConfig,
        SparseLayerView,
        ArrayView<float>,
        ArrayView<float>,
        int,
        SgdParameters,
        int
    >? _updateGroupReduction;

    private BatchKernels(Accelerator accelerator, SgdReduction reduction)
    {
        if (accelerator.AcceleratorType == AcceleratorType.CPU)
        {
            // Each simulated thread costs far more than a real one: a handful of small groups is fastest.
            _groupSize = accelerator.WarpSize;
            _maxGroups = 4;
        }
        else
        {
            int warp = Math.Max(1, accelerator.WarpSize);
            _groupSize = Math.Max(
                warp,
                Math.Min(KernelCatalog.TrainingGroupSize, accelerator.MaxNumThreadsPerGroup) / warp * warp
            );
            _maxGroups = Math.Max(
                1,
                accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / _groupSize)
            );
        }
        if (reduction == SgdReduction.GroupSharedMemory)
        {
            // Teams of a warp's lanes (at most GroupReductionLanes), as large a group as the shared array allows.
            int lanes = Math.Min(SgdUpdateKernel.GroupReductionLanes, Math.Max(1, accelerator.WarpSize));
            if ((lanes & (lanes - 1)) != 0)
                throw new NotSupportedException($"warp size {accelerator.WarpSize} is not a power of two");
            _updateLanes = lanes;
            _updateGroupSize = Math.Max(
                lanes,
                Math.Min(accelerator.MaxNumThreadsPerGroup, SgdUpdateKernel.MaxGroupSize) / lanes * lanes
            );
            _updateGroupReduction = accelerator.LoadStreamKernel(KernelCatalog.SgdUpdateGroupReduction);
        }
        else
        {
            _updateLanes = accelerator.WarpSize;
            _updateGroupSize = _groupSize;
            _updateWarpShuffle = accelerator.LoadStreamKernel(KernelCatalog.SgdUpdateWarpShuffle);
        }
        _gather = accelerator.LoadStreamKernel(KernelCatalog.GatherBatch);
        _forward = accelerator.LoadStreamKernel(KernelCatalog.SparseForward);
        _softmax = accelerator.LoadStreamKernel(KernelCatalog.SoftmaxCrossEntropy);
        _backwardInput = accelerator.LoadStreamKernel(KernelCatalog.SparseBackwardInput);
        _fgsm = accelerator.LoadStreamKernel(KernelCatalog.Fgsm);
        _dropout = accelerator.LoadStreamKernel(KernelCatalog.Dropout);
        _linkGradient = accelerator.LoadStreamKernel(KernelCatalog.LinkGradient);
    }

    /// <summary>The kernels for an accelerator, with the SGD reduction it supports unless one is asked for.</summary>
    public static BatchKernels For(Accelerator accelerator, SgdReduction? reduction = null)
    {
        SgdReduction chosen = reduction ?? KernelCatalog.ReductionFor(accelerator);
        BatchKernels?[] loaded = Loaded.GetValue(
            accelerator,
            _ => new BatchKernels?[Enum.GetValues<SgdReduction>().Length]
        );
        lock (loaded)
            return loaded[(int)chosen] ??= new BatchKernels(accelerator, chosen);
    }

    /// <summary>Positions [offset, offset+count) of each network's order (see
    /// <see cref="GatherBatchKernel"/>).</summary>
    public void Gather(
        ArrayView<byte> pixels,
        ArrayView<byte> labels,
        ArrayView<int> order,
        ArrayView<int> firstImage,
        int orderStride,
        int networks,
        int offset,
        int count,
        int inputSize,
        ArrayView<float> batchInputs,
        ArrayView<byte> batchLabels
    ) =>
        _gather(
            Config((long)networks * inputSize * count),
            pixels,
            labels,
            order,
            firstImage,
            orderStride,
            networks,
            offset,
            count,
            inputSize,
            batchInputs,
            batchLabels
        );

    public void Forward(SparseLayerView layer, ArrayView<float> x, ArrayView<float> y, int batch, bool relu) =>
        _forward(Config((long)layer.Networks * layer.Outputs * batch), layer, x, y, batch, relu ? 1 : 0);

    /// <param name="resultStride">Result slots per network: network n's results start at n·resultStride.</param>
    public void SoftmaxCrossEntropy(
        ArrayView<float> logits,
        ArrayView<byte> labels,
        int classes,
        int batch,
        int networks,
        ArrayView<float>? logitGradients,
        ArrayView<float> losses,
        ArrayView<byte> correct,
        ArrayView<byte> predicted,
        int resultOffset,
        int resultStride
    ) =>
        _softmax(
            Config((long)networks * batch),
            logits,
            labels,
            classes,
            batch,
            networks,
            logitGradients.HasValue ? 1 : 0,
            logitGradients ?? logits,
            losses,
            correct,
            predicted,
            resultOffset,
            resultStride
        );

    /// <param name="x">The previous layer's ReLU output, whose derivative masks dx; null for the network's input (no
    /// mask).</param>
    public void BackwardInput(
        SparseLayerView layer,
        ArrayView<float> dy,
        ArrayView<float>? x,
        ArrayView<float> dx,
        int batch
    ) =>
        _backwardInput(
            Config((long)layer.Networks * layer.Inputs * batch),
            layer,
            dy,
            x ?? dx,
            dx,
            batch,
            x.HasValue ? 1 : 0
        );

    public void Fgsm(
        ArrayView<float> original,
        ArrayView<float> gradient,
        float epsilon,
        int count,
        ArrayView<float> adversarial
    ) => _fgsm(Config(count), original, gradient, epsilon, count, adversarial);

    /// <summary><see cref="DropoutKernel"/> on each network's first units × batch values of a
    /// [network][neuron][batch] buffer, network n by <paramref name="masks"/>[n].</summary>
    public void Dropout(
        ArrayView<float> values,
        int units,
        int batch,
        int networks,
        ArrayView<DropoutMask> masks,
        int firstPosition
    ) => _dropout(Config((long)networks * units * batch), values, units, batch, networks, masks, firstPosition);

    /// <summary><see cref="LinkGradientKernel"/>: one thread per candidate of a one-network layer.</summary>
    public void LinkGradient(
        ArrayView<long> keys,
        int inputs,
        ArrayView<float> x,
        ArrayView<float> dy,
        int batch,
        ArrayView<float> sums
    ) => _linkGradient(Config(keys.Length), keys, (int)keys.Length, inputs, x, dy, batch, sums);

    /// <summary>One team of lanes (a warp, or GroupReductionLanes threads) per link and per bias.</summary>
    public void Update(SparseLayerView layer, ArrayView<float> x, ArrayView<float> dy, int batch, SgdParameters sgd)
    {
        KernelConfig config = Config(
            (long)layer.Networks * (layer.Links + layer.Outputs) * _updateLanes,
            _updateGroupSize
        );
        if (_updateWarpShuffle is not null)
            _updateWarpShuffle(config, layer, x, dy, batch, sgd);
        else
            _updateGroupReduction!(config, layer, x, dy, batch, sgd, _updateLanes);
    }

    private KernelConfig Config(long elements) => Config(elements, _groupSize);

    private KernelConfig Config(long elements, int groupSize)
    {
        if (elements > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(elements), elements, "kernels index with 32-bit integers");
        // Group sizes are multiples of the warp (or team) size, so warps never straddle groups.
        long groups = Math.Clamp((elements + groupSize - 1) / groupSize, 1, _maxGroups);
        return new KernelConfig((int)groups, groupSize);
    }
}
