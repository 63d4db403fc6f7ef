using SparseGpu.Data;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines;

/// <summary>Argument checks every engine makes the same way, so misuse fails identically on every device.</summary>
internal static class EngineChecks
{
    /// <summary>The one mask of operations that cover one network.</summary>
    public static DropoutMask OneNetwork(DropoutMask[] masks) =>
        masks.Length == 1
            ? masks[0]
            : throw new ArgumentException($"{masks.Length} dropout masks for operations on one network");

    public static void RequireSameTopology(Network network, IReadOnlyList<LayerTopology> loaded)
    {
        if (network.Layers.Count != loaded.Count)
            throw new InvalidOperationException(
                $"the engine holds {loaded.Count} layers, the network has {network.Layers.Count}"
            );
        for (int k = 0; k < loaded.Count; k++)
            if (!ReferenceEquals(network.Layers[k].Topology, loaded[k]))
                throw new InvalidOperationException(
                    $"layer {k + 1}'s topology changed since LoadNetwork; load it again first"
                );
    }

    public static int[] RequireOrder(ReadOnlySpan<int> order, ImageSet? train)
    {
        if (train is null)
            throw new InvalidOperationException("SetTrainingSet first");
        if (order.Length > train.Count)
            throw new ArgumentException($"the order has {order.Length} entries for {train.Count} images");
        foreach (int sample in order)
            if ((uint)sample >= (uint)train.Count)
                throw new ArgumentException($"sample {sample} is not in the training set");
        return order.ToArray();
    }

    public static void RequireBatch(int offset, int count, int orderLength)
    {
        if (count <= 0 || offset < 0 || offset + count > orderLength)
            throw new ArgumentOutOfRangeException(
                nameof(count),
                $"batch [{offset}, {offset + count}) is outside the epoch of {orderLength}"
            );
    }

    public static void RequireCompatible(Network network, ImageSet data)
    {
        if (data.InputSize != network.Inputs)
            throw new SparseGpuException(
                $"{data.Name}: images have {data.InputSize} pixels but the network takes {network.Inputs} inputs"
            );
        if (data.Classes != network.Classes)
            throw new SparseGpuException(
                $"{data.Name}: {data.Classes} classes but the network has {network.Classes} outputs"
            );
    }
}
