namespace SparseGpu.Model;

/// <summary>Refuses networks that would not fit in this machine's memory, before anything of their size is
/// allocated.</summary>
public static class NetworkMemory
{
    /// <summary>
    /// Evaluation on the CPU path works in chunks of this many images (training in batches); the CPU engine takes
    /// its chunk from here so that the estimate and the allocation cannot drift apart.
    /// </summary>
    public const int CpuEvaluationChunk = 32;

    /// <summary>For a network about to be created.</summary>
    public static void Require(NetworkShape shape, int batchSize) =>
        MemoryBudget.Require(
            Estimate(shape.Inputs, Links(shape), Neurons(shape), batchSize),
            $"a {shape.Inputs}-{string.Join("-", shape.Hidden)}-{shape.Classes} network at {shape.Links}"
        );

    /// <summary>For a network read from <paramref name="source"/> (a checkpoint), to be trained or evaluated.</summary>
    public static void Require(Network network, int batchSize, string source) =>
        MemoryBudget.Require(
            Estimate(network.Inputs, network.TotalLinks, network.Layers.Sum(l => (double)l.Outputs), batchSize),
            $"{source}: the {network.Inputs}-{string.Join("-", network.Layers.Select(l => l.Outputs))} network"
        );

    /// <summary>
    /// Bytes while training on the CPU path: per link its index, transpose, key, weight and momentum on the host
    /// plus the engine's copy (about 48 B); per neuron its activations and gradients for a training batch and an
    /// evaluation chunk (4 B each), biases and offsets. GPU engines keep the batch buffers on the device, so for
    /// them this errs on the safe side.
    /// </summary>
    public static double Estimate(int inputs, double links, double neurons, int batchSize) =>
        48 * links + (inputs + neurons) * (24 + 8.0 * (Math.Max(batchSize, 1) + CpuEvaluationChunk));

    private static double Links(NetworkShape shape)
    {
        double links = 0;
        int previous = shape.Inputs;
        for (int layer = 0; layer < shape.Hidden.Count; layer++)
        {
            links += shape.Links.LinksFor(layer, previous, shape.Hidden[layer]);
            previous = shape.Hidden[layer];
        }
        return links + (double)previous * shape.Classes;
    }

    private static double Neurons(NetworkShape shape) => shape.Hidden.Sum(w => (double)w) + shape.Classes;
}
