using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace SparseGpu.Kernels;

/// <summary>
/// The training kernels compiled for one accelerator, each loaded once, with typed launch methods that pick a
/// grid-stride configuration for the element count. <see cref="For"/> shares one instance per accelerator.
/// </summary>
public sealed class TrainingKernels
{
    private static readonly ConditionalWeakTable<Accelerator, TrainingKernels> Loaded = new();

    private readonly Accelerator _accelerator;
    private readonly int _groupSize;
    private readonly int _maxGroups;

    private readonly Action<KernelConfig, ArrayView<byte>, ArrayView<byte>, ArrayView<int>, int, int, int, ArrayView<float>, ArrayView<byte>> _gather;
    private readonly Action<KernelConfig, SparseLayerView, ArrayView<float>, ArrayView<float>, int, int> _forward;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<byte>, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<byte>, int> _softmax;
    private readonly Action<KernelConfig, SparseLayerView, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _backwardInput;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, float, int, ArrayView<float>> _fgsm;
    private readonly Action<KernelConfig, SparseLayerView, ArrayView<float>, ArrayView<float>, int, SgdParameters> _update;

    private TrainingKernels(Accelerator accelerator)
    {
        _accelerator = accelerator;
        if (accelerator.AcceleratorType == AcceleratorType.CPU)
        {
            // Each simulated thread costs far more than a real one: a handful of small groups is fastest.
            _groupSize = accelerator.WarpSize;
            _maxGroups = 4;
        }
        else
        {
            int warp = Math.Max(1, accelerator.WarpSize);
            _groupSize = Math.Max(warp, Math.Min(256, accelerator.MaxNumThreadsPerGroup) / warp * warp);
            _maxGroups = Math.Max(1, accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / _groupSize));
        }
        _gather = accelerator.LoadStreamKernel<ArrayView<byte>, ArrayView<byte>, ArrayView<int>, int, int, int, ArrayView<float>, ArrayView<byte>>(GatherBatchKernel.Run);
        _forward = accelerator.LoadStreamKernel<SparseLayerView, ArrayView<float>, ArrayView<float>, int, int>(SparseForwardKernel.Run);
        _softmax = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<byte>, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<byte>, int>(SoftmaxCrossEntropyKernel.Run);
        _backwardInput = accelerator.LoadStreamKernel<SparseLayerView, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(SparseBackwardInputKernel.Run);
        _fgsm = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, float, int, ArrayView<float>>(FgsmKernel.Run);
        _update = accelerator.LoadStreamKernel<SparseLayerView, ArrayView<float>, ArrayView<float>, int, SgdParameters>(SgdUpdateKernel.Run);
    }

    public static TrainingKernels For(Accelerator accelerator) => Loaded.GetValue(accelerator, a => new TrainingKernels(a));

    public Accelerator Accelerator => _accelerator;

    public void Gather(ArrayView<byte> pixels, ArrayView<byte> labels, ArrayView<int> order, int offset, int count, int inputSize,
        ArrayView<float> batchInputs, ArrayView<byte> batchLabels) =>
        _gather(Config((long)inputSize * count), pixels, labels, order, offset, count, inputSize, batchInputs, batchLabels);

    public void Forward(SparseLayerView layer, ArrayView<float> x, ArrayView<float> y, int batch, bool relu) =>
        _forward(Config((long)layer.Outputs * batch), layer, x, y, batch, relu ? 1 : 0);

    public void SoftmaxCrossEntropy(ArrayView<float> logits, ArrayView<byte> labels, int classes, int batch, ArrayView<float>? logitGradients,
        ArrayView<float> losses, ArrayView<byte> correct, int resultOffset) =>
        _softmax(Config(batch), logits, labels, classes, batch, logitGradients.HasValue ? 1 : 0,
            logitGradients ?? logits, losses, correct, resultOffset);

    /// <param name="x">The previous layer's ReLU output, whose derivative masks dx; null for the network's input (no mask).</param>
    public void BackwardInput(SparseLayerView layer, ArrayView<float> dy, ArrayView<float>? x, ArrayView<float> dx, int batch) =>
        _backwardInput(Config((long)layer.Inputs * batch), layer, dy, x ?? dx, dx, batch, x.HasValue ? 1 : 0);

    public void Fgsm(ArrayView<float> original, ArrayView<float> gradient, float epsilon, int count, ArrayView<float> adversarial) =>
        _fgsm(Config(count), original, gradient, epsilon, count, adversarial);

    /// <summary>One warp per link and per bias.</summary>
    public void Update(SparseLayerView layer, ArrayView<float> x, ArrayView<float> dy, int batch, SgdParameters sgd) =>
        _update(Config(((long)layer.Links + layer.Outputs) * _accelerator.WarpSize), layer, x, dy, batch, sgd);

    private KernelConfig Config(long elements)
    {
        if (elements > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(elements), elements, "kernels index with 32-bit integers");
        // Group sizes are multiples of the warp size, so warps never straddle groups.
        long groups = Math.Clamp((elements + _groupSize - 1) / _groupSize, 1, _maxGroups);
        return new KernelConfig((int)groups, _groupSize);
    }
}
