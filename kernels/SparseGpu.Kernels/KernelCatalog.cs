using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;

namespace SparseGpu.Kernels;

/// <summary>How the SGD update sums a link's gradient over the batch lanes.</summary>
public enum SgdReduction
{
    /// <summary>Warp shuffles: fastest, where the backend has them (CUDA, Intel OpenCL, the CPU accelerator).</summary>
    WarpShuffle,

    /// <summary>Shared memory and group barriers: every OpenCL vendor.</summary>
    GroupSharedMemory,
}

/// <summary>One kernel the program launches: a name for files and tables, the device method, and the group size
/// its launcher uses on a GPU.</summary>
public sealed record KernelEntry(string Name, Delegate Kernel, int GpuGroupSize)
{
    public MethodInfo Method => Kernel.Method;
}

/// <summary>
/// Every kernel the program launches, in one place: the launch factories (<see cref="BatchKernels"/>,
/// <see cref="LinkPredictionKernels"/>) load these delegates, and `sparsegpu kernels` compiles this list to PTX and
/// OpenCL C, so a kernel added here is both launched and checked by ptxas and clang. None of them takes a
/// specialised (compile-time) parameter, so one compilation per kernel covers every launch.
/// </summary>
public static class KernelCatalog
{
    /// <summary>Threads per group of the training kernels on a GPU (fewer where the device allows fewer).</summary>
    public const int TrainingGroupSize = 256;

    /// <summary>Threads per group of the CH3-L3 kernels on a GPU: each thread scores a whole output neuron.</summary>
    public const int LinkPredictionGroupSize = 64;

    public static readonly Action<
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
    > GatherBatch = GatherBatchKernel.Run;

    public static readonly Action<SparseLayerView, ArrayView<float>, ArrayView<float>, int, int> SparseForward =
        SparseForwardKernel.Run;

    public static readonly Action<
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
    > SoftmaxCrossEntropy = SoftmaxCrossEntropyKernel.Run;

    public static readonly Action<
        SparseLayerView,
        ArrayView<float>,
        ArrayView<float>,
        ArrayView<float>,
        int,
        int
    > SparseBackwardInput = SparseBackwardInputKernel.Run;

    public static readonly Action<ArrayView<float>, ArrayView<float>, float, int, ArrayView<float>> Fgsm =
        FgsmKernel.Run;

    public static readonly Action<ArrayView<float>, int, int, int, ArrayView<DropoutMask>, int> Dropout =
        DropoutKernel.Run;

    public static readonly Action<
        SparseLayerView,
        ArrayView<float>,
        ArrayView<float>,
        int,
        SgdParameters
    > SgdUpdateWarpShuffle = SgdUpdateKernel.Run;

    public static readonly Action<
        SparseLayerView,
        ArrayView<float>,
        ArrayView<float>,
        int,
        SgdParameters,
        int
    > SgdUpdateGroupReduction = SgdUpdateKernel.RunWithGroupReduction;

    public static readonly Action<
        ArrayView<long>,
        int,
        int,
        ArrayView<float>,
        ArrayView<float>,
        int,
        ArrayView<float>
    > LinkGradient = LinkGradientKernel.Run;

    public static readonly Action<BipartiteView, Ch3L3Scratch, int, int> Ch3L3Score = Ch3L3Kernels.Score;

    public static readonly Action<
        BipartiteView,
        Ch3L3Scratch,
        int,
        int,
        ArrayView<int>,
        ArrayView<long>,
        ArrayView<double>
    > Ch3L3Emit = Ch3L3Kernels.Emit;

    public static readonly Action<BipartiteView, Ch3L3Scratch, int, int, int> CannistraciHebbScore =
        CannistraciHebbKernels.Score;

    /// <summary>The kernels launched on a target whose SGD update reduces the given way (training, evaluation,
    /// FGSM, RigL's link gradients, CH3-L3 and the other Cannistraci-Hebb predictors).</summary>
    public static IReadOnlyList<KernelEntry> Launched(SgdReduction reduction) =>
        [
            new("gather-batch", GatherBatch, TrainingGroupSize),
            new("sparse-forward", SparseForward, TrainingGroupSize),
            new("softmax-cross-entropy", SoftmaxCrossEntropy, TrainingGroupSize),
            new("sparse-backward-input", SparseBackwardInput, TrainingGroupSize),
            reduction == SgdReduction.WarpShuffle
                ? new("sgd-update", SgdUpdateWarpShuffle, TrainingGroupSize)
                : new("sgd-update-group-reduction", SgdUpdateGroupReduction, TrainingGroupSize),
            new("fgsm", Fgsm, TrainingGroupSize),
            new("dropout", Dropout, TrainingGroupSize),
            new("link-gradient", LinkGradient, TrainingGroupSize),
            new("ch3l3-score", Ch3L3Score, LinkPredictionGroupSize),
            new("ch3l3-emit", Ch3L3Emit, LinkPredictionGroupSize),
            new("cannistraci-hebb-score", CannistraciHebbScore, LinkPredictionGroupSize),
        ];

    /// <summary>Every kernel of either list.</summary>
    public static IReadOnlyList<KernelEntry> All =>
        Launched(SgdReduction.WarpShuffle)
            .Concat(Launched(SgdReduction.GroupSharedMemory))
            .DistinctBy(k => k.Name)
            .ToList();

    /// <summary>
    /// The reduction an accelerator can run: ILGPU's OpenCL backend emits warp shuffles only for Intel devices
    /// (intel_sub_group_shuffle_down); for every other vendor a shuffle fails to compile.
    /// </summary>
    public static SgdReduction ReductionFor(Accelerator accelerator) =>
        accelerator is CLAccelerator cl ? ReductionFor(cl.Vendor) : SgdReduction.WarpShuffle;

    /// <summary>The reduction for an OpenCL vendor.</summary>
    public static SgdReduction ReductionFor(CLDeviceVendor vendor) =>
        vendor == CLDeviceVendor.Intel ? SgdReduction.WarpShuffle : SgdReduction.GroupSharedMemory;
}
